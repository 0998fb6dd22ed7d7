#include "ted/notice.h"

#include <array>
#include <utility>

#include "core/text.h"

namespace cobuy::ted {

NoticeKind KindOf(xml::Node root) {
  if (!root) return NoticeKind::kUnknown;
  std::string_view name = xml::Name(root);
  std::string_view ns = xml::Namespace(root);
  if (name == "TED_EXPORT") {
    // "http://publications.europa.eu/resource/schema/ted/R2.0.9/publication"; older exports
    // wrote a relative "ted/R2.0.9.S02/publication".
    return ns.find("ted/R2.0.") != std::string_view::npos ? NoticeKind::kTedExport : NoticeKind::kUnknown;
  }
  if (name == "PriorInformationNotice" || name == "ContractNotice" || name == "ContractAwardNotice") {
    constexpr std::string_view kUbl = "urn:oasis:names:specification:ubl:schema:xsd:";
    if (ns.substr(0, kUbl.size()) != kUbl) return NoticeKind::kUnknown;
    std::string customization = xml::Text(xml::Child(root, "CustomizationID"));
    return customization.rfind("eforms-sdk-", 0) == 0 ? NoticeKind::kEforms : NoticeKind::kUnknown;
  }
  return NoticeKind::kUnknown;
}

std::string NationalScheme(std::string_view country) {
  // org-id.guide codes of the registers whose numbers TED and eForms notices carry most.
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 8> kSchemes = {{
      {"BE", "BE-BCE_KBO"},
      {"DK", "DK-CVR"},
      {"FI", "FI-PRO"},
      {"GB", "GB-COH"},
      {"IE", "IE-CRO"},
      {"NL", "NL-KVK"},
      {"NO", "NO-BRC"},
      {"SE", "SE-BLV"},
  }};
  std::string cc = CountryCode(country);
  for (const auto& [code, scheme] : kSchemes) {
    if (code == cc) return std::string(scheme);
  }
  return cc.empty() ? std::string("XX-NATIONAL") : cc + "-NATIONAL";
}

std::string CountryCode(std::string_view ted_code) {
  std::string cc = AsciiUpper(Trim(ted_code));
  if (cc == "UK") return "GB";
  if (cc == "EL") return "GR";
  return cc;
}

}  // namespace cobuy::ted
