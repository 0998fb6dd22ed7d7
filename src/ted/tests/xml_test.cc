#include "ted/xml.h"

#include <string>

#include <gtest/gtest.h>

namespace cobuy::xml {
namespace {

TEST(XmlTest, ReadsElementsTextAndAttributesByLocalName) {
  auto doc = Parse(R"(<?xml version="1.0" encoding="UTF-8"?>
<r:Root xmlns:r="urn:x" xmlns:c="urn:c">
  <c:ID schemeName="Lot">LOT-0001</c:ID>
  <c:Text>  two
     lines  </c:Text>
  <P>one</P><P>two</P>
  <c:ID>second</c:ID>
</r:Root>)",
                   "t.xml");
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  Node root = doc->root();
  EXPECT_EQ(Name(root), "Root");
  EXPECT_EQ(Namespace(root), "urn:x");
  EXPECT_EQ(Text(root, {"ID"}), "LOT-0001");
  EXPECT_EQ(Attr(Child(root, "ID"), "schemeName"), "Lot");
  EXPECT_EQ(Text(root, {"Text"}), "two lines");
  EXPECT_EQ(Children(root, "ID").size(), 2u);
  EXPECT_EQ(Text(Children(root, "ID")[1]), "second");
  EXPECT_EQ(Paragraphs(root), "one\ntwo");
  EXPECT_EQ(Line(Child(root, "Text")), 4);
  EXPECT_EQ(Find(root, {"Text", "Missing"}), nullptr);
  EXPECT_EQ(Text(nullptr), "");
}

TEST(XmlTest, MalformedXmlSaysWhere) {
  auto doc = Parse("<a>\n<b>\n</a>", "bad.xml");
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(doc.status().message().rfind("bad.xml:3:", 0), 0u) << doc.status().message();
}

TEST(XmlTest, ExternalEntitiesAreRefusedUnread) {
  auto doc = Parse(R"(<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<r>&x;</r>)",
                   "xxe.xml");
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().message(), "xxe.xml: a DOCTYPE is not allowed in a notice (DTDs and entities are never read)");
}

TEST(XmlTest, EntityExpansionIsRefused) {
  std::string laughs = "<?xml version=\"1.0\"?>\n<!-- lol -->\n<!DOCTYPE lolz [<!ENTITY lol \"lol\">";
  for (int i = 1; i < 10; ++i) {
    laughs += "<!ENTITY lol" + std::to_string(i) + " \"";
    for (int j = 0; j < 10; ++j) laughs += "&lol" + (i == 1 ? std::string() : std::to_string(i - 1)) + ";";
    laughs += "\">";
  }
  laughs += "]>\n<lolz>&lol9;</lolz>";
  auto doc = Parse(laughs, "laughs.xml");
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().message(),
            "laughs.xml: a DOCTYPE is not allowed in a notice (DTDs and entities are never read)");
}

TEST(XmlTest, UndeclaredEntityIsMalformed) {
  auto doc = Parse("<r>&x;</r>", "e.xml");
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().message().rfind("e.xml:1:", 0), 0u) << doc.status().message();
}

}  // namespace
}  // namespace cobuy::xml
