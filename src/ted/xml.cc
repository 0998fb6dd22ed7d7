#include "ted/xml.h"

#include <mutex>

#include <fmt/format.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

namespace cobuy::xml {
namespace {

// libxml2's generic error output is silenced; errors come through the context's handler.
void IgnoreGenericError(void* /*ctx*/, const char* /*msg*/, ...) {}

// The first error of a parse (libxml2 goes on after some errors and reports the last one).
struct FirstError {
  bool set = false;
  int line = 0;
  int column = 0;
  std::string message;
};

// A structured error handler: `data` is the parser context (its userData is itself).
void KeepFirstError(void* data, xmlErrorPtr e) {
  auto* ctxt = static_cast<xmlParserCtxtPtr>(data);
  auto* first = ctxt ? static_cast<FirstError*>(ctxt->_private) : nullptr;
  if (!first || first->set || !e || e->level < XML_ERR_ERROR) return;
  first->set = true;
  first->line = e->line;
  first->column = e->int2;
  first->message = e->message ? e->message : "malformed XML";
}

bool IsElement(const xmlNode* n) {
  return n && n->type == XML_ELEMENT_NODE;
}

std::string_view AsView(const xmlChar* s) {
  return s ? std::string_view(reinterpret_cast<const char*>(s)) : std::string_view();
}

// The prolog of `bytes` (before the root element) holds a DOCTYPE. Comments and processing
// instructions are skipped; anything else that starts with "<!" before the root is a DOCTYPE
// (or malformed, which libxml2 reports).
bool HasDoctype(std::string_view b) {
  size_t i = 0;
  if (b.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  while (i < b.size()) {
    char c = b[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      ++i;
      continue;
    }
    if (c != '<') return false;
    if (b.substr(i, 4) == "<!--") {
      size_t end = b.find("-->", i + 4);
      if (end == std::string_view::npos) return false;
      i = end + 3;
      continue;
    }
    if (b.substr(i, 2) == "<?") {
      size_t end = b.find("?>", i + 2);
      if (end == std::string_view::npos) return false;
      i = end + 2;
      continue;
    }
    return b.substr(i, 2) == "<!";
  }
  return false;
}

void AppendText(const xmlNode* n, std::string* out) {
  for (const xmlNode* c = n->children; c; c = c->next) {
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
      out->append(AsView(c->content));
    } else if (c->type == XML_ELEMENT_NODE) {
      out->push_back(' ');
      AppendText(c, out);
      out->push_back(' ');
    }
  }
}

std::string Collapse(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

}  // namespace

void DocDeleter::operator()(_xmlDoc* doc) const {
  xmlFreeDoc(doc);
}

Node Document::root() const {
  return doc_ ? xmlDocGetRootElement(doc_.get()) : nullptr;
}

void Init() {
  static std::once_flag once;
  std::call_once(once, [] {
    xmlInitParser();
    xmlSetGenericErrorFunc(nullptr, IgnoreGenericError);
  });
}

Result<Document> Parse(std::string_view bytes, const std::string& name) {
  Init();
  if (HasDoctype(bytes)) {
    return InvalidArgument(
        fmt::format("{}: a DOCTYPE is not allowed in a notice (DTDs and entities are never read)", name));
  }
  if (bytes.size() > static_cast<size_t>(INT32_MAX)) return InvalidArgument(fmt::format("{}: too large", name));
  xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
  if (!ctxt) return Unavailable("libxml2 could not create a parser");
  FirstError first;
  ctxt->_private = &first;
  ctxt->sax->serror = KeepFirstError;
  const int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;
  xmlDocPtr doc = xmlCtxtReadMemory(ctxt, bytes.data(), static_cast<int>(bytes.size()), name.c_str(), nullptr, options);
  std::string error;
  if (first.set) {
    error = fmt::format("{}:{}:{}: {}", name, first.line, first.column, Collapse(first.message));
  } else if (const xmlError* e = xmlCtxtGetLastError(ctxt); e && e->level >= XML_ERR_ERROR) {
    error = fmt::format("{}:{}:{}: {}", name, e->line, e->int2, Collapse(e->message ? e->message : "malformed XML"));
  } else if (!doc) {
    error = fmt::format("{}: malformed XML", name);
  } else if (doc->intSubset || doc->extSubset) {
    error = fmt::format("{}: a DOCTYPE is not allowed in a notice (DTDs and entities are never read)", name);
  }
  xmlFreeParserCtxt(ctxt);
  if (!error.empty()) {
    if (doc) xmlFreeDoc(doc);
    return InvalidArgument(std::move(error));
  }
  return Document(doc);
}

std::string_view Name(Node node) {
  return node ? AsView(node->name) : std::string_view();
}

std::string_view Namespace(Node node) {
  return node && node->ns ? AsView(node->ns->href) : std::string_view();
}

long Line(Node node) {
  return node ? static_cast<long>(xmlGetLineNo(node)) : 0;
}

Node Child(Node node, std::string_view name) {
  if (!node) return nullptr;
  for (const xmlNode* c = node->children; c; c = c->next) {
    if (IsElement(c) && AsView(c->name) == name) return c;
  }
  return nullptr;
}

std::vector<Node> Children(Node node, std::string_view name) {
  std::vector<Node> out;
  if (!node) return out;
  for (const xmlNode* c = node->children; c; c = c->next) {
    if (IsElement(c) && (name.empty() || AsView(c->name) == name)) out.push_back(c);
  }
  return out;
}

Node Find(Node node, std::initializer_list<std::string_view> path) {
  for (std::string_view step : path) {
    node = Child(node, step);
    if (!node) return nullptr;
  }
  return node;
}

std::vector<Node> FindAll(Node node, std::initializer_list<std::string_view> path) {
  std::vector<Node> level;
  if (node) level.push_back(node);
  for (std::string_view step : path) {
    std::vector<Node> next;
    for (Node n : level) {
      for (Node c : Children(n, step)) next.push_back(c);
    }
    level = std::move(next);
  }
  return level;
}

std::string Text(Node node) {
  if (!node) return {};
  std::string raw;
  AppendText(node, &raw);
  return Collapse(raw);
}

std::string Text(Node node, std::initializer_list<std::string_view> path) {
  return Text(Find(node, path));
}

std::string Paragraphs(Node node) {
  std::vector<Node> ps = Children(node, "P");
  if (ps.empty()) return Text(node);
  std::string out;
  for (Node p : ps) {
    std::string t = Text(p);
    if (t.empty()) continue;
    if (!out.empty()) out += '\n';
    out += t;
  }
  return out;
}

std::string Attr(Node node, std::string_view name) {
  if (!node) return {};
  for (const xmlAttr* a = node->properties; a; a = a->next) {
    if (AsView(a->name) == name) {
      std::string out;
      for (const xmlNode* c = a->children; c; c = c->next) out.append(AsView(c->content));
      return out;
    }
  }
  return {};
}

bool HasAttr(Node node, std::string_view name) {
  if (!node) return false;
  for (const xmlAttr* a = node->properties; a; a = a->next) {
    if (AsView(a->name) == name) return true;
  }
  return false;
}

}  // namespace cobuy::xml
