#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <vector>

#include "core/log.hpp"

TEST_CASE("log records are JSON lines with level and message", "[core][log]") {
    forge::log::logger logger;
    std::vector<std::string> lines;
    logger.set_sink([&](forge::log::level, std::string_view line) { lines.emplace_back(line); });
    logger.info("hello \"world\"", {{"project", "api"}});
    logger.debug("not shown at info level");
    REQUIRE(lines.size() == 1);
    auto doc = boost::json::parse(lines[0]).as_object();
    CHECK(doc.at("level").as_string() == "info");
    CHECK(doc.at("msg").as_string() == "hello \"world\"");
    CHECK(doc.at("project").as_string() == "api");
    CHECK(doc.at("ts").as_string().size() == 24);  // 2026-11-22T04:46:00.123Z
}

TEST_CASE("resolved secrets are masked in messages and fields", "[core][log]") {
    forge::log::logger logger;
    std::vector<std::string> lines;
    logger.set_sink([&](forge::log::level, std::string_view line) { lines.emplace_back(line); });
    logger.secrets().add("hunter2\"quoted");
    logger.warn("token hunter2\"quoted leaked twice: hunter2\"quoted", {{"header", "Bearer hunter2\"quoted"}});
    REQUIRE(lines.size() == 1);
    CHECK(lines[0].find("hunter2") == std::string::npos);
    auto doc = boost::json::parse(lines[0]).as_object();
    CHECK(doc.at("msg").as_string() == "token *** leaked twice: ***");
    CHECK(doc.at("header").as_string() == "Bearer ***");
}

TEST_CASE("level names parse and print", "[core][log]") {
    forge::log::level l{};
    REQUIRE(forge::log::parse_level("debug", l));
    CHECK(l == forge::log::level::debug);
    CHECK(forge::log::parse_level("warning", l));
    CHECK(l == forge::log::level::warn);
    CHECK_FALSE(forge::log::parse_level("loud", l));
    CHECK(std::string(forge::log::level_name(forge::log::level::error)) == "error");
}

TEST_CASE("off silences everything", "[core][log]") {
    forge::log::logger logger;
    int count = 0;
    logger.set_sink([&](forge::log::level, std::string_view) { ++count; });
    logger.set_level(forge::log::level::off);
    logger.error("x");
    CHECK(count == 0);
}
