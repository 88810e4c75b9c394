// The loader's text layer: line:column, encoding checks, the position scanner and
// "did you mean". (The loader as a whole is tested in scenario_load_test.cpp.)
#include <catch2/catch.hpp>
#include <utility>

#include "engine/load/json_scan.hpp"
#include "engine/load/json_text.hpp"
#include "engine/load/suggest.hpp"

using namespace ps;
using namespace ps::json;

namespace {

std::string at(const LineIndex& lines, std::size_t offset) {
    return lines.describe(offset);
}

ScanResult scan(std::string_view text, int depth = 64, std::size_t max_string = 4096) {
    LineIndex lines(text);
    ScanOptions o;
    o.max_depth = depth;
    o.max_string = max_string;
    return scan_json(text, lines, o);
}

std::string first_issue(std::string_view text) {
    LineIndex lines(text);
    ScanResult r = scan(text);
    if (r.issues.empty()) return "";
    return at(lines, r.issues[0].offset) + " " + r.issues[0].message + " [" + r.issues[0].id + "]";
}

}  // namespace

TEST_CASE("offsets map to 1-based lines and byte columns") {
    LineIndex lines("ab\ncd\r\n\nxyz");
    CHECK(at(lines, 0) == "1:1");
    CHECK(at(lines, 2) == "1:3");  // the newline itself
    CHECK(at(lines, 3) == "2:1");
    CHECK(at(lines, 5) == "2:3");  // '\r' is a column like any byte
    CHECK(at(lines, 7) == "3:1");
    CHECK(at(lines, 10) == "4:3");
    CHECK(at(lines, 11) == "4:4");  // the end of the text
    LineIndex utf8("\"\xC3\xA9\" x");
    CHECK(at(utf8, 4) == "1:5");  // columns count bytes: "é" is two
}

TEST_CASE("the text check names empty, NUL and bad UTF-8 input") {
    CHECK(check_text("")->id == "scenario.syntax.201");
    CHECK(check_text(" \r\n\t")->message ==
          "the file contains only whitespace; a scenario is a JSON object starting with '{'");
    auto nul = check_text(std::string_view("{\"a\0", 4));
    REQUIRE(nul);
    CHECK(nul->id == "scenario.syntax.202");
    CHECK(nul->offset == 3);
    CHECK(check_text("\xFF")->message ==
          "invalid UTF-8: byte 0xFF can never appear in UTF-8; scenario files must be UTF-8 text");
    CHECK(check_text("\xE2\x82")->message ==
          "invalid UTF-8: the text ends in the middle of a 3-byte character; scenario files must be UTF-8 "
          "text");
    CHECK(check_text("\xE0\x80\x80")->message.find("overlong") != std::string::npos);
    CHECK(check_text("\xED\xA0\x80")->message.find("surrogate") != std::string::npos);
    CHECK(check_text("\xF4\x90\x80\x80")->message.find("above U+10FFFF") != std::string::npos);
    CHECK_FALSE(check_text("{\"t\": \"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\"}"));
}

TEST_CASE("what was found is described for a reader") {
    CHECK(describe_at("x", 0) == "'x'");
    CHECK(describe_at("x", 1) == "the end of the file");
    CHECK(describe_at("\x01", 0) == "control character U+0001");
    CHECK(describe_at("\xC3\xA9", 0) == "'\xC3\xA9' (U+00E9)");
    CHECK(describe_at("'", 0) == "a single quote (JSON strings and keys use double quotes)");
}

TEST_CASE("strings in messages are quoted, escaped and shortened") {
    CHECK(in_quotes("a\"b\\c\n") == "\"a\\\"b\\\\c\\u000A\"");
    CHECK(in_quotes(std::string(100, 'x'), 5) == "\"xxxxx...\"");
    CHECK(in_quotes("\xC3\xA9\xC3\xA9", 3) == "\"\xC3\xA9\xC3\xA9\"");  // never cuts inside a character
    CHECK(excerpt("[1,\n   2]", 0, 9) == "[1, 2]");
    CHECK(pointer_token("a/b~c") == "a~1b~0c");
}

TEST_CASE("the scanner records every value in document order") {
    std::string_view text = "{\"b\": [1, {\"c\": null}], \"a\": \"x\"}";
    ScanResult r = scan(text);
    REQUIRE(r.issues.empty());
    REQUIRE(r.nodes.size() == 6);
    CHECK(r.nodes[0].kind == Shape::Object);
    CHECK(r.nodes[0].children == 2);
    CHECK(r.nodes[0].end == text.size());
    CHECK(r.nodes[1].kind == Shape::Array);  // "b": first member, first child
    CHECK(r.nodes[1].key == 1);
    CHECK(r.nodes[1].begin == 6);
    CHECK(r.nodes[1].next == 5);  // its sibling "a"
    CHECK(r.nodes[2].kind == Shape::Number);
    CHECK(r.nodes[2].next == 3);
    CHECK(r.nodes[3].kind == Shape::Object);
    CHECK(r.nodes[4].kind == Shape::Null);
    CHECK(r.nodes[5].kind == Shape::String);
    CHECK(r.nodes[5].key == 24);
    CHECK(r.nodes[5].next == kNoNode);
}

TEST_CASE("syntax errors say what was expected and what was found") {
    // {input, the first issue reported}
    const std::pair<const char*, const char*> cases[] = {
        {"{\"a\" 1}", "1:6 syntax error: expected ':' after the key \"a\", found '1' [scenario.syntax.204]"},
        {"[1 2]",
         "1:4 syntax error: expected ',' or ']' after an array element, found '2' [scenario.syntax.204]"},
        {"[1}",
         "1:3 syntax error: expected ',' or ']' after an array element, found '}' [scenario.syntax.204]"},
        {"{\"a\": nul}",
         "1:7 syntax error: expected a value after ':', found 'nul' (did you mean null?) "
         "[scenario.syntax.204]"},
        {"{\"a\": socket}",
         "1:7 syntax error: expected a value after ':', found 'socket' (text values go in double quotes: "
         "\"socket\") "
         "[scenario.syntax.204]"},
        {"[",
         "1:2 syntax error: expected a value or ']', found the end of the file (the '[' at 1:1 is never "
         "closed) "
         "[scenario.syntax.205]"},
        {"{\"a\": 1.}", "1:9 syntax error: expected a digit after '.', found '}' [scenario.syntax.207]"},
        {"{\"a\": 1e}",
         "1:9 syntax error: expected a digit in the exponent, found '}' [scenario.syntax.207]"},
        {"{\"a\": \"\\u12x4\"}", "1:8 syntax error: expected 4 hex digits after '\\u' [scenario.syntax.206]"},
        {"{\"a\": \"\\uDC00\"}",
         "1:8 syntax error: \\uDC00 is the second half of a surrogate pair, with no first half before it "
         "[scenario.syntax.206]"},
        {"{\"a\": \"\x01\"}",
         "1:8 syntax error: unescaped control character U+0001 inside a string; write it as \\u0001 "
         "[scenario.syntax.206]"},
    };
    for (const auto& [text, expected] : cases) {
        INFO(text);
        CHECK(first_issue(text) == expected);
    }
}

TEST_CASE("valid JSON of every kind scans without issues") {
    CHECK(first_issue("{}").empty());
    CHECK(first_issue("[]").empty());
    CHECK(
        first_issue(" {\"a\": [true, false, null, -0, 0.5, 1e-3, 2E+8, \"\\ud83d\\ude00\\/\"]} \n").empty());
}

TEST_CASE("duplicate keys are found after unescaping, in every object") {
    std::string_view text = "{\"a\": {\"x\": 1, \"\\u0078\": 2}, \"a\": 3}";
    LineIndex lines(text);
    ScanResult r = scan(text);
    REQUIRE(r.issues.size() == 2);
    CHECK(r.issues[0].message ==
          "duplicate key \"x\" (first at 1:8); a key may appear only once in an object");
    CHECK(r.issues[1].message ==
          "duplicate key \"a\" (first at 1:2); a key may appear only once in an object");
}

TEST_CASE("nesting is counted without recursion and strings are measured") {
    CHECK(scan("[[[]]]", 3).issues.empty());
    ScanResult deep = scan("[[[[]]]]", 3);
    REQUIRE(deep.issues.size() == 1);
    CHECK(deep.issues[0].offset == 3);
    CHECK(deep.issues[0].id == "scenario.limit.502");
    ScanResult strings = scan("[\"12345\", \"123456\", \"1234567\"]", 64, 6);
    REQUIRE(strings.issues.size() == 1);
    CHECK(strings.issues[0].message == "string of 7 bytes is longer than the limit of 6 bytes");
}

TEST_CASE("edit distance counts a swap of neighbours as one edit") {
    CHECK(edit_distance("sleep", "sleep") == 0);
    CHECK(edit_distance("slep", "sleep") == 1);
    CHECK(edit_distance("slepe", "sleep") == 1);
    CHECK(edit_distance("", "abc") == 3);
    CHECK(edit_distance("kitten", "sitting") == 3);
    CHECK(edit_distance(std::string(65, 'a'), "a") > 100);
}

TEST_CASE("suggestions are offered only for likely typos") {
    std::vector<std::string_view> ops = {"sleep", "select", "send", "spawn"};
    CHECK(did_you_mean("slep", ops) == "; did you mean \"sleep\"?");
    CHECK(did_you_mean("sned", ops) == "; did you mean \"send\"?");
    CHECK(did_you_mean("banana", ops).empty());
    CHECK(closest_word("selcet", ops) == std::optional<std::string>("select"));
    CHECK_FALSE(closest_word("sleep", ops));  // an exact match is not a suggestion
}
