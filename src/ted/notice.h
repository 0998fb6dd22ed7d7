// Notices: one TED XML R2.0.9 (TED_EXPORT) or eForms (UBL) notice mapped into OCDS releases,
// following the Open Contracting Partnership's mappings (../shared/data/ted/mapping; see
// docs/TED.md for what is mapped).
//
// Conventions shared by both mappers (ingest and the register rely on them):
//   - ocid: "ocds-cobuyt-" + the TED notice number ("152048-2020") of the first notice of the
//     procedure that the notice names (itself when it names none), for TED XML; for eForms
//     "ocds-cobuye-" + the procedure identifier BT-04 (cbc:ContractFolderID). So a contract
//     notice and its award notice get one ocid whatever order they arrive in.
//   - release id: the notice's own number ("152048-2020"; eForms: BT-701 notice identifier
//     "-" BT-757 version, "a1b2...-01"); date: the publication (TED DATE_PUB; eForms
//     IssueDate + IssueTime), ISO 8601; tag per form (planning, tender, award, contract,
//     tenderUpdate, awardUpdate, contractAmendment, ...); initiationType "tender".
//   - language: the notice's original language, ISO 639-1 lower case; other languages' texts
//     are language variants of the field ("title_de", "description_fr"), OCDS 1.1 style.
//   - parties: "id" unique within the release; identifier {scheme, id} from NATIONALID /
//     BT-501 with scheme NationalScheme(country); no identifier when there is none (the
//     register keys such an organisation by its name and country).
//   - countries ISO 3166-1 alpha-2 ("UK" -> "GB", "EL" -> "GR"), in address.country
//     (OCDS EU extension) as well as address.countryName.
//   - amounts: {"amount": number, "currency": "EUR"}; a number that does not parse is left
//     out with a warning (code "bad_number").
//
// Thread-safety: pure functions of their arguments.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ocds/value.h"
#include "ted/xml.h"

namespace cobuy::ted {

struct NoticeProblem {
  bool rejected = false;  // the notice is not ingested (otherwise a warning)
  long line = 0;          // in the notice's XML, 0 when not known
  std::string code;       // "no_buyer", "unknown_form", "bad_number", "unknown_namespace", ...
  std::string message;
};

struct MappedNotice {
  std::string notice_id;              // the notice number as published ("152048-2020", or eForms' BT-701)
  std::string form;                   // "F02_2014", "CONTRACT_DEFENCE", "MOVE", or eForms' notice subtype "16"
  std::vector<ocds::Value> releases;  // usually one; none when rejected
  std::vector<NoticeProblem> problems;
};

enum class NoticeKind : std::uint8_t { kUnknown, kTedExport, kEforms };

// What the root element says the document is: TED_EXPORT in the R2.0.9 namespace (any
// R2.0.x), or an eForms UBL notice (PriorInformationNotice, ContractNotice,
// ContractAwardNotice in the OASIS UBL 2 namespaces, with an eForms customization).
NoticeKind KindOf(xml::Node root);

// The TED XML R2.0.9 mapper (ted_export.cc). A notice without a buyer, or with a form it does
// not know, is rejected (problems say why, with the line).
MappedNotice MapTedExport(xml::Node root);

// The eForms mapper (eforms.cc). The same rules.
MappedNotice MapEforms(xml::Node root);

// The identifier scheme for a national registration number of an organisation in `country`
// (ISO 3166-1 alpha-2): the org-id.guide list code where one is known for the register public
// buyers use there (notice.cc lists them), else "<CC>-NATIONAL".
std::string NationalScheme(std::string_view country);

// "UK" -> "GB", "EL" -> "GR", others upper-cased as they are.
std::string CountryCode(std::string_view ted_code);

}  // namespace cobuy::ted
