// cpt_descriptors_test.cpp: reading a user's licensed CPT descriptor file (tab or comma separated, with or without a
// header), and the clear file:line errors for files that are not one. The descriptors below are made up: real CPT
// text is © AMA and must not appear in the repository.
#include "engine/cpt_descriptors.h"

#include <catch2/catch.hpp>

#include "engine/user_store.h"
#include "test_util.h"

using namespace medcode::engine;

TEST_CASE("CPT code shapes: 5 digits, or 4 digits and F, T or U", "[cpt]") {
  for (const char* ok : {"99213", "0001U", "1111F", "0042T", "0042t"}) CHECK(IsCptCodeShape(ok));
  for (const char* bad : {"9921", "992131", "E0601", "0042X", "ABCDE", "", "9921 "}) CHECK_FALSE(IsCptCodeShape(bad));
}

TEST_CASE("a tab-separated descriptor file with a header names its columns", "[cpt]") {
  const std::string file =
      "Concept Id\tCPT Code\tLong Descriptor\r\n"
      "1001\t99213\tOffice visit, test text one\r\n"
      "1002\t0042t\t  Test text two  \r\n"
      "1003\tE0601\tA Level II code in a CPT file\r\n"
      "1004\t99213\tA second text for the same code\r\n";
  auto r = ParseCptDescriptors(file, "cpt.txt");
  REQUIRE(r.ok());
  REQUIRE(r->rows.size() == 2);
  CHECK(r->rows[0].code == "99213");
  CHECK(r->rows[0].descriptor == "Office visit, test text one");
  CHECK(r->rows[1].code == "0042T");
  CHECK(r->rows[1].descriptor == "Test text two");
  CHECK(r->level2_skipped == 1);
  CHECK(r->duplicates == 1);
}

TEST_CASE("a comma-separated file without a header: code, then descriptor", "[cpt]") {
  auto r = ParseCptDescriptors("99214,\"Visit, with a comma\"\n1111F,Other text\n", "codes.csv");
  REQUIRE(r.ok());
  REQUIRE(r->rows.size() == 2);
  CHECK(r->rows[0].descriptor == "Visit, with a comma");
  CHECK(r->rows[1].code == "1111F");
}

TEST_CASE("bad descriptor files say what is wrong and on which line", "[cpt]") {
  struct Case {
    const char* text;
    const char* where;
    const char* says;
  };
  const Case cases[] = {
      {"99213\tText\n9921X\tText\n", "bad.txt:2", "not a CPT code"},
      {"99213\tText\n99214\t  \n", "bad.txt:2", "empty descriptor"},
      {"99213\tText\n99214\n", "bad.txt:2", "found 1 column"},
      {"Name\tValue\n99213\tText\n", "bad.txt:1", "neither a CPT code nor a header"},
      {"CPT Code\tDescriptor\n", "bad.txt", "no CPT codes"},
      {"99213,\"unterminated\n", "bad.txt:1", ""},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    auto r = ParseCptDescriptors(c.text, "bad.txt");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().where == c.where);
    CHECK(r.error().message.find(c.says) != std::string::npos);
  }
  auto binary = ParseCptDescriptors(std::string("99213\tText\0more", 15), "bad.txt");
  REQUIRE_FALSE(binary.ok());
  CHECK(binary.error().code == ErrorCode::kBinaryFile);
}

TEST_CASE("the user store keeps imported descriptors until they are replaced or removed", "[cpt][store]") {
  medcode::test::TempDir dir;
  const std::string path = dir.File("medcode.db");
  {
    auto store = UserStore::Open(path);
    REQUIRE(store.ok());
    REQUIRE(store->ReplaceCptDescriptors({{"99213", "Text A"}, {"99214", "Text B"}}).ok());
  }
  auto store = UserStore::Open(path);  // survives reopening
  REQUIRE(store.ok());
  CHECK(store->CountCptDescriptors().value_or(-1) == 2);
  CHECK(store->GetCptDescriptor("99214").value_or(std::nullopt) == std::optional<std::string>("Text B"));
  REQUIRE(store->ReplaceCptDescriptors({{"99215", "Text C"}}).ok());
  CHECK(store->CountCptDescriptors().value_or(-1) == 1);
  CHECK_FALSE(store->GetCptDescriptor("99213").value_or(std::optional<std::string>("?")).has_value());
  // A failing replacement (the same code twice breaks the primary key) keeps the previous set.
  CHECK_FALSE(store->ReplaceCptDescriptors({{"99216", "X"}, {"99216", "Y"}}).ok());
  CHECK(store->GetCptDescriptor("99215").value_or(std::nullopt) == std::optional<std::string>("Text C"));
  REQUIRE(store->ReplaceCptDescriptors({}).ok());
  CHECK(store->CountCptDescriptors().value_or(-1) == 0);
}
