// Safe XML for notices: libxml2 (Debian's) parses one notice into a DOM, with everything that
// reaches outside the document switched off. A notice never needs a DTD, so a document with a
// DOCTYPE is refused before libxml2 sees it: no external entity (XXE) is fetched and no entity
// is expanded (billion laughs). The network is off (XML_PARSE_NONET), external entities are not
// loaded, the parser keeps its default size limits (no XML_PARSE_HUGE).
//
// The helpers below read the DOM by local name (namespaces ignored: TED XML and eForms use a
// default or a fixed prefix for each schema, and the mappers know which element they want).
//
// Thread-safety: xml::Init() once before threads parse (idempotent, thread-safe); afterwards
// distinct documents may be parsed and read on distinct threads.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

struct _xmlDoc;
struct _xmlNode;

namespace cobuy::xml {

using Node = const _xmlNode*;

struct DocDeleter {
  void operator()(_xmlDoc* doc) const;
};

class Document {
 public:
  Document() = default;
  explicit Document(_xmlDoc* doc) : doc_(doc) {}
  // The root element, or nullptr.
  Node root() const;
  explicit operator bool() const { return doc_ != nullptr; }

 private:
  std::unique_ptr<_xmlDoc, DocDeleter> doc_;
};

// Initialises libxml2 once for the process.
void Init();

// Parses `bytes` (a whole notice) named `name` in messages. kInvalidArgument with
// "NAME:LINE:COLUMN: reason" for malformed XML, and for any DOCTYPE (DTDs and entity
// declarations are refused, never read).
Result<Document> Parse(std::string_view bytes, const std::string& name);

// The element's local name ("TED_EXPORT" for <TED_EXPORT>, "ID" for <cbc:ID>).
std::string_view Name(Node node);
// The namespace URI of the element, or "".
std::string_view Namespace(Node node);
// The line the element starts on (libxml2 counts from 1; 0 when unknown).
long Line(Node node);

// The first child element with local name `name`, or nullptr (also when `node` is nullptr).
Node Child(Node node, std::string_view name);
// Every child element with local name `name` (all child elements when `name` is empty).
std::vector<Node> Children(Node node, std::string_view name = {});
// The first element down a path of local names: Find(n, {"A", "B"}) is n/A/B; nullptr when
// any step is missing.
Node Find(Node node, std::initializer_list<std::string_view> path);
// Every element at the end of a path of local names (every A, then every B under each).
std::vector<Node> FindAll(Node node, std::initializer_list<std::string_view> path);

// The element's text: its descendants' text nodes concatenated, whitespace runs collapsed to
// one space and trimmed ("" for nullptr). Text(n, {"A","B"}) is Text(Find(n, {"A","B"})).
std::string Text(Node node);
std::string Text(Node node, std::initializer_list<std::string_view> path);
// The text of a paragraph structure (<P> children, TED's texts) joined with "\n"; the plain
// Text() when there is no <P>.
std::string Paragraphs(Node node);

// The attribute `name` (no namespace; e.g. "CODE", "schemeName", "currencyID"), or "".
std::string Attr(Node node, std::string_view name);
bool HasAttr(Node node, std::string_view name);

}  // namespace cobuy::xml
