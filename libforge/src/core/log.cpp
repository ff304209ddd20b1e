#include "core/log.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

#include "core/json_text.hpp"

namespace forge::log {

const char *level_name(level l) noexcept {
    switch (l) {
        case level::trace: return "trace";
        case level::debug: return "debug";
        case level::info: return "info";
        case level::warn: return "warn";
        case level::error: return "error";
        case level::off: return "off";
    }
    return "info";
}

bool parse_level(std::string_view name, level &out) noexcept {
    for (int i = 0; i <= static_cast<int>(level::off); ++i) {
        auto l = static_cast<level>(i);
        if (name == level_name(l)) {
            out = l;
            return true;
        }
    }
    if (name == "warning") {
        out = level::warn;
        return true;
    }
    return false;
}

void redactor::add(std::string_view secret) {
    if (secret.empty()) return;
    std::lock_guard lock(mu_);
    for (const auto &s : secrets_)
        if (s == secret) return;
    secrets_.emplace_back(secret);
}

bool redactor::empty() const {
    std::lock_guard lock(mu_);
    return secrets_.empty();
}

std::string redactor::mask(std::string_view text) const {
    std::string out(text);
    std::lock_guard lock(mu_);
    for (const auto &s : secrets_) {
        for (size_t pos = out.find(s); pos != std::string::npos; pos = out.find(s, pos + 3))
            out.replace(pos, s.size(), "***");
    }
    return out;
}

namespace {
std::string utc_timestamp() {
    using namespace std::chrono;
    auto now = system_clock::now();
    auto secs = time_point_cast<seconds>(now);
    auto millis = duration_cast<milliseconds>(now - secs).count();
    std::time_t t = system_clock::to_time_t(secs);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[96];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(millis));
    return buf;
}
}  // namespace

logger::logger() : redactor_(std::make_shared<redactor>()) {}

void logger::set_sink(sink s) {
    std::lock_guard lock(sink_mu_);
    sink_ = std::move(s);
}

std::string logger::format(level l, std::string_view msg, std::initializer_list<field> fields) const {
    // Masking happens on the raw values, before JSON escaping could change how a secret is spelled.
    std::string line = "{\"ts\":";
    json_text::append_string(line, utc_timestamp());
    line += ",\"level\":";
    json_text::append_string(line, level_name(l));
    line += ",\"msg\":";
    json_text::append_string(line, redactor_->mask(msg));
    for (const auto &[key, value] : fields) {
        line += ',';
        json_text::append_string(line, key);
        line += ':';
        json_text::append_string(line, redactor_->mask(value));
    }
    line += '}';
    return line;
}

void logger::write(level l, std::string_view msg, std::initializer_list<field> fields) {
    if (!enabled(l)) return;
    std::string line = format(l, msg, fields);
    std::lock_guard lock(sink_mu_);
    if (sink_) {
        sink_(l, line);
    } else {
        line += '\n';
        std::fwrite(line.data(), 1, line.size(), stderr);
    }
}

}  // namespace forge::log
