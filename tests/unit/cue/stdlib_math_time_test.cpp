// The numeric and time helpers behind CUE's math and time packages, checked against values the
// reference CUE v0.4 prints, and vet through the C++ API.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "cue/api.hpp"
#include "cue/decimal_math.hpp"
#include "cue/go_time.hpp"

using forge::cue::number;
namespace dm = forge::cue::decimal_math;
namespace gt = forge::cue::go_time;

namespace {

number lit(const char *s) {
    return *number::parse_literal(s);
}
std::string text(const forge::result<number> &r) {
    return r.ok() ? r->to_string() : "ERR: " + r.err().message;
}

}  // namespace

TEST_CASE("decimal logarithms and exponentials round to 24 digits, zeros kept", "[cue]") {
    CHECK(text(dm::ln(lit("10"))) == "2.30258509299404568401799");
    CHECK(text(dm::ln(lit("1e-10"))) == "-23.0258509299404568401799");
    CHECK(text(dm::ln(lit("1"))) == "0");
    CHECK(text(dm::log10(lit("1000"))) == "3.00000000000000000000000");
    CHECK(text(dm::exp(lit("1"))) == "2.71828182845904523536029");
    CHECK(text(dm::exp(lit("100"))) == "2.68811714181613544841263E+43");
    CHECK(text(dm::exp(lit("1e6"))) == "ERR: overflow");
    CHECK(text(dm::exp(-lit("1e6"))) == "ERR: underflow, subnormal");
    CHECK(text(dm::ln(-lit("1"))) == "ERR: invalid operation");
    CHECK(text(dm::cbrt(lit("27"))) == "3.00000000000000000000000");
}

TEST_CASE("decimal powers: exact when short, rounded half up otherwise", "[cue]") {
    CHECK(text(dm::pow(lit("2"), lit("10"))) == "1024");
    CHECK(text(dm::pow(lit("2"), lit("100"))) == "1.26765060022822940149670E+30");
    CHECK(text(dm::pow(lit("3"), -lit("1"))) == "0.333333333333333333333333");
    CHECK(text(dm::pow(lit("1.1"), lit("30"))) == "17.4494022688864073185588");
    CHECK(text(dm::pow(lit("2"), lit("0.5"))) == "1.41421356237309504880169");
    CHECK(text(dm::pow(-lit("8"), lit("0.5"))) == "ERR: invalid operation");
    CHECK(text(dm::pow(lit("0"), lit("0"))) == "ERR: invalid operation");
}

TEST_CASE("Go durations", "[cue]") {
    CHECK(*gt::parse_duration("1h30m") == 5400000000000);
    CHECK(*gt::parse_duration("-1.5h") == -5400000000000);
    CHECK(*gt::parse_duration("1.0000000001s") == 1000000000);
    CHECK(*gt::parse_duration("1\xc2\xb5s") == 1000);
    CHECK(*gt::parse_duration("0") == 0);
    CHECK(gt::parse_duration("1x").err().message == "time: unknown unit \"x\" in duration \"1x\"");
    CHECK(gt::parse_duration("").err().message == "time: invalid duration \"\"");
    CHECK(gt::parse_duration("10").err().message == "time: missing unit in duration \"10\"");
    CHECK_FALSE(gt::parse_duration("9999999999h").ok());
}

TEST_CASE("Go time layouts parse to UTC instants", "[cue]") {
    auto fmt = [](const char *layout, const char *value) {
        auto t = gt::parse(layout, value);
        return t.ok() ? gt::format_rfc3339_nano(*t) : "ERR: " + t.err().message;
    };
    CHECK(fmt("2006-01-02T15:04:05Z07:00", "2024-03-01T12:00:00+02:00") == "2024-03-01T10:00:00Z");
    CHECK(fmt("2006-01-02T15:04:05.999999999Z07:00", "2024-03-01T12:00:00.5Z") == "2024-03-01T12:00:00.5Z");
    CHECK(fmt("3:04PM", "3:04PM") == "0000-01-01T15:04:00Z");
    CHECK(fmt("Mon Jan _2 15:04:05 2006", "Mon Jan  2 15:04:05 2006") == "2006-01-02T15:04:05Z");
    CHECK(fmt("2006-01-02", "2024-02-30") == "ERR: parsing time \"2024-02-30\": day out of range");
    CHECK(fmt("2006-01-02", "2024-13-01") == "ERR: parsing time \"2024-13-01\": month out of range");
    CHECK(fmt("2006-01-02", "2024-03-01x").rfind("ERR: parsing time \"2024-03-01x\": extra text", 0) == 0);
    CHECK(gt::format_rfc3339_nano(gt::unix_time(0, 500)) == "1970-01-01T00:00:00.0000005Z");
    CHECK(gt::format_rfc3339_nano(gt::unix_time(-1, 0)) == "1969-12-31T23:59:59Z");
    CHECK(gt::format_rfc3339_nano(gt::unix_time(1, -1)) == "1970-01-01T00:00:00.999999999Z");
}

TEST_CASE("vet unifies each data document with the schema and needs concrete values", "[cue]") {
    namespace fs = std::filesystem;
    fs::path dir = fs::temp_directory_path() / "forge-cue-vet-test";
    fs::create_directories(dir);
    auto put = [&](const char *name, const char *text) {
        std::ofstream(dir / name) << text;
        return (dir / name).string();
    };
    std::string schema = put("schema.cue", "#S: {name: string, port: int & <65536}\nname: string\n");
    std::string good = put("good.json", "{\"name\": \"a\", \"port\": 1}\n");
    std::string bad = put("bad.yaml", "name: a\nport: 70000\n---\nname: b\nport: 2\nx: 1\n");
    std::string missing = put("missing.json", "{\"port\": 1}\n");

    CHECK(forge::cue::vet(schema, {good}, "#S").ok);
    auto r = forge::cue::vet(schema, {bad}, "#S");
    REQUIRE_FALSE(r.ok);
    REQUIRE(r.diagnostics.size() == 2);
    CHECK(r.diagnostics[0].path == "port");
    CHECK(r.diagnostics[0].line == 2);
    CHECK(r.diagnostics[0].file == bad);
    CHECK(r.diagnostics[1].message.find("field x not allowed") != std::string::npos);
    auto m = forge::cue::vet(schema, {missing});
    REQUIRE_FALSE(m.ok);
    CHECK(m.errors[0] == "name: incomplete value string");
    CHECK_FALSE(forge::cue::vet(schema, {put("d.txt", "x")}).ok);
    fs::remove_all(dir);
}
