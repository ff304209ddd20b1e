// Go's layout-based time parsing (time.ParseInLocation with UTC), duration parsing and RFC 3339
// formatting, written from the documented behaviour of Go's time package, which CUE v0.4 calls.
#include "cue/go_time.hpp"

#include <array>
#include <cmath>
#include <cstdio>
#include <optional>

#include "cue/pkg_support.hpp"

namespace forge::cue::go_time {
namespace {

// ---------------------------------------------------------------- civil dates

bool is_leap(int64_t y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int days_in(int month, int64_t year) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap(year) ? 29 : days[month - 1];
}

// Days since 1970-01-01 of a proleptic Gregorian date.
int64_t days_from_civil(int64_t y, int m, int d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const int64_t yoe = y - era * 400;
    const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void civil_from_days(int64_t z, int64_t *y, int *m, int *d) {
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const int64_t doe = z - era * 146097;
    const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int64_t mp = (5 * doy + 2) / 153;
    *d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    *m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

int64_t floor_div(int64_t a, int64_t b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

// ---------------------------------------------------------------- layout chunks

enum class std_kind {
    none,
    long_month,
    month,
    num_month,
    zero_month,
    long_weekday,
    weekday,
    day,
    under_day,
    zero_day,
    hour,
    hour12,
    zero_hour12,
    minute,
    zero_minute,
    second,
    zero_second,
    long_year,
    year,
    pm,
    pm_lower,
    tz,
    iso_tz,
    iso_tz_colon,
    iso_tz_short,
    iso_tz_sec,
    iso_tz_colon_sec,
    num_tz,
    num_tz_colon,
    num_tz_short,
    num_tz_sec,
    num_tz_colon_sec,
    frac0,
    frac9
};

struct chunk {
    std::string_view prefix;
    std_kind kind = std_kind::none;
    int digits = 0;         // fractional seconds
    std::string_view text;  // the layout element itself (for messages)
    std::string_view suffix;
};

bool starts(std::string_view s, size_t i, std::string_view p) {
    return s.substr(i, p.size()) == p;
}
bool is_digit_at(std::string_view s, size_t i) {
    return i < s.size() && s[i] >= '0' && s[i] <= '9';
}

// Go's nextStdChunk: the text before the next layout element, the element and the rest.
chunk next_chunk(std::string_view layout) {
    for (size_t i = 0; i < layout.size(); ++i) {
        auto hit = [&](std_kind k, size_t len) {
            return chunk{layout.substr(0, i), k, 0, layout.substr(i, len), layout.substr(i + len)};
        };
        char c = layout[i];
        switch (c) {
            case 'J':
                if (starts(layout, i, "Jan"))
                    return starts(layout, i, "January") ? hit(std_kind::long_month, 7) : hit(std_kind::month, 3);
                break;
            case 'M':
                if (starts(layout, i, "Mon"))
                    return starts(layout, i, "Monday") ? hit(std_kind::long_weekday, 6) : hit(std_kind::weekday, 3);
                if (starts(layout, i, "MST")) return hit(std_kind::tz, 3);
                break;
            case '0':
                if (i + 1 < layout.size() && layout[i + 1] >= '1' && layout[i + 1] <= '6') {
                    static const std_kind k[] = {std_kind::zero_month,  std_kind::zero_day,    std_kind::zero_hour12,
                                                 std_kind::zero_minute, std_kind::zero_second, std_kind::year};
                    return hit(k[layout[i + 1] - '1'], 2);
                }
                break;
            case '1':
                if (starts(layout, i, "15")) return hit(std_kind::hour, 2);
                return hit(std_kind::num_month, 1);
            case '2':
                if (starts(layout, i, "2006")) return hit(std_kind::long_year, 4);
                return hit(std_kind::day, 1);
            case '_':
                if (starts(layout, i, "_2")) {
                    if (starts(layout, i, "_2006"))  // "_" then a long year
                        return chunk{layout.substr(0, i + 1), std_kind::long_year, 0, layout.substr(i + 1, 4),
                                     layout.substr(i + 5)};
                    return hit(std_kind::under_day, 2);
                }
                break;
            case '3':
                return hit(std_kind::hour12, 1);
            case '4':
                return hit(std_kind::minute, 1);
            case '5':
                return hit(std_kind::second, 1);
            case 'P':
                if (starts(layout, i, "PM")) return hit(std_kind::pm, 2);
                break;
            case 'p':
                if (starts(layout, i, "pm")) return hit(std_kind::pm_lower, 2);
                break;
            case '-':
                if (starts(layout, i, "-070000")) return hit(std_kind::num_tz_sec, 7);
                if (starts(layout, i, "-07:00:00")) return hit(std_kind::num_tz_colon_sec, 9);
                if (starts(layout, i, "-0700")) return hit(std_kind::num_tz, 5);
                if (starts(layout, i, "-07:00")) return hit(std_kind::num_tz_colon, 6);
                if (starts(layout, i, "-07")) return hit(std_kind::num_tz_short, 3);
                break;
            case 'Z':
                if (starts(layout, i, "Z070000")) return hit(std_kind::iso_tz_sec, 7);
                if (starts(layout, i, "Z07:00:00")) return hit(std_kind::iso_tz_colon_sec, 9);
                if (starts(layout, i, "Z0700")) return hit(std_kind::iso_tz, 5);
                if (starts(layout, i, "Z07:00")) return hit(std_kind::iso_tz_colon, 6);
                if (starts(layout, i, "Z07")) return hit(std_kind::iso_tz_short, 3);
                break;
            case '.':
            case ',':
                if (i + 1 < layout.size() && (layout[i + 1] == '0' || layout[i + 1] == '9')) {
                    char d = layout[i + 1];
                    size_t j = i + 1;
                    while (j < layout.size() && layout[j] == d) ++j;
                    if (!is_digit_at(layout, j)) {
                        chunk ch = hit(d == '0' ? std_kind::frac0 : std_kind::frac9, j - i);
                        ch.digits = static_cast<int>(j - i - 1);
                        return ch;
                    }
                }
                break;
            default:
                break;
        }
    }
    return chunk{layout, std_kind::none, 0, {}, {}};
}

// ---------------------------------------------------------------- value scanning

// Go's getnum: one or two digits (exactly two when fixed).
bool getnum(std::string_view &v, bool fixed, int *out) {
    if (!is_digit_at(v, 0)) return false;
    if (!is_digit_at(v, 1)) {
        if (fixed) return false;
        *out = v[0] - '0';
        v.remove_prefix(1);
        return true;
    }
    *out = (v[0] - '0') * 10 + (v[1] - '0');
    v.remove_prefix(2);
    return true;
}

bool lower_eq(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

template <size_t N>
int lookup(const std::array<std::string_view, N> &tab, std::string_view &v) {
    for (size_t i = 0; i < N; ++i) {
        if (v.size() >= tab[i].size() && lower_eq(v.substr(0, tab[i].size()), tab[i])) {
            v.remove_prefix(tab[i].size());
            return static_cast<int>(i);
        }
    }
    return -1;
}

constexpr std::array<std::string_view, 12> long_months = {"January",   "February", "March",    "April",
                                                          "May",       "June",     "July",     "August",
                                                          "September", "October",  "November", "December"};
constexpr std::array<std::string_view, 12> short_months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr std::array<std::string_view, 7> long_days = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                       "Thursday", "Friday", "Saturday"};
constexpr std::array<std::string_view, 7> short_days = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};

bool is_upper(char c) {
    return c >= 'A' && c <= 'Z';
}

// Go's parseTimeZone: the length of a zone abbreviation at the start of v, or 0.
size_t time_zone_len(std::string_view v) {
    if (v.size() < 3) return 0;
    if (v.substr(0, 4) == "ChST" || v.substr(0, 4) == "MeST") return 4;
    if (v.substr(0, 3) == "GMT") {
        size_t n = 3;
        if (n < v.size() && (v[n] == '+' || v[n] == '-')) {
            size_t j = n + 1;
            while (is_digit_at(v, j)) ++j;
            if (j > n + 1) return j;
        }
        return 3;
    }
    size_t n = 0;
    while (n < v.size() && is_upper(v[n])) ++n;
    if (n == 3) return 3;
    if (n == 4 && (v[3] == 'T' || v.substr(0, 4) == "WITA")) return 4;
    if (n == 5 && v[4] == 'T') return 5;
    return 0;
}

std::string quoted(std::string_view s) {
    return go_quote(s);
}

error parse_error(std::string_view layout, std::string_view value, std::string_view elem, std::string_view rest,
                  std::string_view msg = {}) {
    return error{status::invalid, "parsing time " + quoted(value) + " as " + quoted(layout) + ": cannot parse " +
                                      quoted(rest) + " as " + quoted(elem) + std::string(msg)};
}

}  // namespace

// ---------------------------------------------------------------- durations

result<int64_t> parse_duration(std::string_view orig) {
    std::string_view s = orig;
    auto invalid = [&] { return error{status::invalid, "time: invalid duration " + quoted(orig)}; };
    bool neg = false;
    if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
        neg = s[0] == '-';
        s.remove_prefix(1);
    }
    if (s == "0") return int64_t(0);
    if (s.empty()) return invalid();
    const uint64_t max = uint64_t(1) << 63;
    uint64_t d = 0;
    while (!s.empty()) {
        if (!(s[0] == '.' || is_digit_at(s, 0))) return invalid();
        // Integer part.
        uint64_t v = 0;
        size_t n0 = s.size();
        while (is_digit_at(s, 0)) {
            if (v > (max - 1) / 10) return invalid();
            v = v * 10 + uint64_t(s[0] - '0');
            if (v > max) return invalid();
            s.remove_prefix(1);
        }
        bool pre = s.size() != n0;
        // Fraction: digits beyond int64 precision are dropped.
        uint64_t f = 0;
        double scale = 1;
        bool post = false;
        if (!s.empty() && s[0] == '.') {
            s.remove_prefix(1);
            size_t n1 = s.size();
            bool overflow = false;
            while (is_digit_at(s, 0)) {
                if (!overflow) {
                    if (f > (max - 1) / 10) {
                        overflow = true;
                    } else {
                        uint64_t y = f * 10 + uint64_t(s[0] - '0');
                        if (y > max)
                            overflow = true;
                        else {
                            f = y;
                            scale *= 10;
                        }
                    }
                }
                s.remove_prefix(1);
            }
            post = s.size() != n1;
        }
        if (!pre && !post) return invalid();
        // Unit.
        size_t i = 0;
        while (i < s.size() && s[i] != '.' && !is_digit_at(s, i)) ++i;
        if (i == 0) return error{status::invalid, "time: missing unit in duration " + quoted(orig)};
        std::string_view u = s.substr(0, i);
        s.remove_prefix(i);
        uint64_t unit = 0;
        if (u == "ns")
            unit = 1;
        else if (u == "us" || u == "\xc2\xb5s" || u == "\xce\xbcs")
            unit = 1000;
        else if (u == "ms")
            unit = 1000000;
        else if (u == "s")
            unit = 1000000000;
        else if (u == "m")
            unit = 60000000000ULL;
        else if (u == "h")
            unit = 3600000000000ULL;
        else
            return error{status::invalid, "time: unknown unit " + quoted(u) + " in duration " + quoted(orig)};
        if (v > max / unit) return invalid();
        v *= unit;
        if (f > 0) {
            v += static_cast<uint64_t>(double(f) * (double(unit) / scale));
            if (v > max) return invalid();
        }
        d += v;
        if (d > max) return invalid();
    }
    if (neg) return static_cast<int64_t>(0 - d);
    if (d > max - 1) return invalid();
    return static_cast<int64_t>(d);
}

// ---------------------------------------------------------------- parse

result<instant> parse(std::string_view layout_all, std::string_view value_all) {
    std::string_view layout = layout_all, value = value_all;
    int64_t year = 0;
    int month = -1, day = -1, hour = 0, minute = 0, second = 0;
    int64_t nsec = 0;
    bool pm_set = false, am_set = false, have_zone = false;
    int64_t zone_offset = 0;
    for (;;) {
        chunk ch = next_chunk(layout);
        std::string_view elem = ch.text;
        if (value.substr(0, ch.prefix.size()) != ch.prefix) return parse_error(layout_all, value_all, ch.prefix, value);
        value.remove_prefix(ch.prefix.size());
        if (ch.kind == std_kind::none) {
            if (!value.empty())
                return error{status::invalid, "parsing time " + quoted(value_all) + ": extra text: " + quoted(value)};
            break;
        }
        layout = ch.suffix;
        std::string_view hold = value;
        bool ok = true;
        std::string range;  // "month", "day" ... when a number is out of range
        switch (ch.kind) {
            case std_kind::year: {
                if (value.size() < 2 || !is_digit_at(value, 0) || !is_digit_at(value, 1)) {
                    ok = false;
                    break;
                }
                int y = (value[0] - '0') * 10 + (value[1] - '0');
                value.remove_prefix(2);
                year = y >= 69 ? 1900 + y : 2000 + y;
                break;
            }
            case std_kind::long_year: {
                if (value.size() < 4 || !is_digit_at(value, 0) || !is_digit_at(value, 1) || !is_digit_at(value, 2) ||
                    !is_digit_at(value, 3)) {
                    ok = false;
                    break;
                }
                year = (value[0] - '0') * 1000 + (value[1] - '0') * 100 + (value[2] - '0') * 10 + (value[3] - '0');
                value.remove_prefix(4);
                break;
            }
            case std_kind::month:
                month = lookup(short_months, value) + 1;
                ok = month > 0;
                break;
            case std_kind::long_month:
                month = lookup(long_months, value) + 1;
                ok = month > 0;
                break;
            case std_kind::num_month:
            case std_kind::zero_month:
                ok = getnum(value, ch.kind == std_kind::zero_month, &month);
                if (ok && (month <= 0 || month > 12)) range = "month";
                break;
            case std_kind::weekday:
                ok = lookup(short_days, value) >= 0;
                break;
            case std_kind::long_weekday:
                ok = lookup(long_days, value) >= 0;
                break;
            case std_kind::day:
            case std_kind::under_day:
            case std_kind::zero_day:
                if (ch.kind == std_kind::under_day && !value.empty() && value[0] == ' ') value.remove_prefix(1);
                ok = getnum(value, ch.kind == std_kind::zero_day, &day);
                break;
            case std_kind::hour:
                ok = getnum(value, false, &hour);
                if (ok && (hour < 0 || hour >= 24)) range = "hour";
                break;
            case std_kind::hour12:
            case std_kind::zero_hour12:
                ok = getnum(value, ch.kind == std_kind::zero_hour12, &hour);
                if (ok && (hour < 0 || hour > 12)) range = "hour";
                break;
            case std_kind::minute:
            case std_kind::zero_minute:
                ok = getnum(value, ch.kind == std_kind::zero_minute, &minute);
                if (ok && (minute < 0 || minute >= 60)) range = "minute";
                break;
            case std_kind::second:
            case std_kind::zero_second: {
                ok = getnum(value, ch.kind == std_kind::zero_second, &second);
                if (ok && (second < 0 || second >= 60)) {
                    range = "second";
                    break;
                }
                if (!ok) break;
                // A fractional second may follow even when the layout has none.
                if (value.size() >= 2 && (value[0] == '.' || value[0] == ',') && is_digit_at(value, 1)) {
                    chunk nx = next_chunk(layout);
                    if (nx.prefix.empty() && (nx.kind == std_kind::frac0 || nx.kind == std_kind::frac9)) break;
                    size_t n = 2;
                    while (is_digit_at(value, n)) ++n;
                    int64_t ns = 0;
                    for (size_t k = 1; k < n && k <= 9; ++k) ns = ns * 10 + (value[k] - '0');
                    for (size_t k = n - 1; k < 9; ++k) ns *= 10;
                    nsec = ns;
                    value.remove_prefix(n);
                }
                break;
            }
            case std_kind::pm:
                if (value.size() < 2) {
                    ok = false;
                    break;
                }
                if (value.substr(0, 2) == "PM")
                    pm_set = true;
                else if (value.substr(0, 2) == "AM")
                    am_set = true;
                else
                    ok = false;
                if (ok) value.remove_prefix(2);
                break;
            case std_kind::pm_lower:
                if (value.size() < 2) {
                    ok = false;
                    break;
                }
                if (value.substr(0, 2) == "pm")
                    pm_set = true;
                else if (value.substr(0, 2) == "am")
                    am_set = true;
                else
                    ok = false;
                if (ok) value.remove_prefix(2);
                break;
            case std_kind::iso_tz:
            case std_kind::iso_tz_colon:
            case std_kind::iso_tz_short:
            case std_kind::iso_tz_sec:
            case std_kind::iso_tz_colon_sec:
            case std_kind::num_tz:
            case std_kind::num_tz_colon:
            case std_kind::num_tz_short:
            case std_kind::num_tz_sec:
            case std_kind::num_tz_colon_sec: {
                bool iso = ch.kind == std_kind::iso_tz || ch.kind == std_kind::iso_tz_colon ||
                           ch.kind == std_kind::iso_tz_short || ch.kind == std_kind::iso_tz_sec ||
                           ch.kind == std_kind::iso_tz_colon_sec;
                if (iso && !value.empty() && value[0] == 'Z') {
                    value.remove_prefix(1);
                    have_zone = true;
                    zone_offset = 0;
                    break;
                }
                // sign hh [:] mm [[:] ss]
                std::string_view pat;
                switch (ch.kind) {
                    case std_kind::iso_tz_colon:
                    case std_kind::num_tz_colon:
                        pat = "-07:00";
                        break;
                    case std_kind::iso_tz_short:
                    case std_kind::num_tz_short:
                        pat = "-07";
                        break;
                    case std_kind::iso_tz_sec:
                    case std_kind::num_tz_sec:
                        pat = "-070000";
                        break;
                    case std_kind::iso_tz_colon_sec:
                    case std_kind::num_tz_colon_sec:
                        pat = "-07:00:00";
                        break;
                    default:
                        pat = "-0700";
                        break;
                }
                if (value.size() < pat.size()) {
                    ok = false;
                    break;
                }
                int vals[3] = {0, 0, 0}, vi = 0;
                for (size_t k = 1; k < pat.size() && ok;) {
                    if (pat[k] == ':') {
                        if (value[k] != ':') ok = false;
                        ++k;
                        continue;
                    }
                    if (!is_digit_at(value, k) || !is_digit_at(value, k + 1)) {
                        ok = false;
                        break;
                    }
                    vals[vi++] = (value[k] - '0') * 10 + (value[k + 1] - '0');
                    k += 2;
                }
                if (!ok || (value[0] != '+' && value[0] != '-')) {
                    ok = false;
                    break;
                }
                zone_offset = (int64_t(vals[0]) * 60 + vals[1]) * 60 + vals[2];
                if (value[0] == '-') zone_offset = -zone_offset;
                have_zone = true;
                value.remove_prefix(pat.size());
                break;
            }
            case std_kind::tz: {
                if (value.size() >= 3 && value.substr(0, 3) == "UTC") {
                    value.remove_prefix(3);
                    have_zone = true;
                    zone_offset = 0;
                    break;
                }
                size_t n = time_zone_len(value);
                if (n == 0) {
                    ok = false;
                    break;
                }
                std::string_view z = value.substr(0, n);
                zone_offset = 0;
                if (z.size() > 3 && z.substr(0, 3) == "GMT") {
                    int64_t h = 0;
                    for (size_t k = 4; k < z.size(); ++k) h = h * 10 + (z[k] - '0');
                    if (h > 23) {
                        ok = false;
                        break;
                    }
                    zone_offset = (z[3] == '-' ? -h : h) * 3600;
                }
                have_zone = true;
                value.remove_prefix(n);
                break;
            }
            case std_kind::frac0: {
                size_t n = 1 + static_cast<size_t>(ch.digits);
                if (value.size() < n || (value[0] != '.' && value[0] != ',')) {
                    ok = false;
                    break;
                }
                int64_t ns = 0;
                for (size_t k = 1; k < n; ++k) {
                    if (!is_digit_at(value, k)) {
                        ok = false;
                        break;
                    }
                    if (k <= 9) ns = ns * 10 + (value[k] - '0');
                }
                if (!ok) break;
                for (size_t k = n - 1; k < 9; ++k) ns *= 10;
                nsec = ns;
                value.remove_prefix(n);
                break;
            }
            case std_kind::frac9: {
                if (value.size() < 2 || (value[0] != '.' && value[0] != ',') || !is_digit_at(value, 1)) break;
                size_t n = 1;
                while (n < 10 && is_digit_at(value, n)) ++n;
                int64_t ns = 0;
                for (size_t k = 1; k < n; ++k) ns = ns * 10 + (value[k] - '0');
                for (size_t k = n - 1; k < 9; ++k) ns *= 10;
                nsec = ns;
                value.remove_prefix(n);
                break;
            }
            case std_kind::none:
                break;
        }
        if (!range.empty())
            return error{status::invalid, "parsing time " + quoted(value_all) + ": " + range + " out of range"};
        if (!ok) return parse_error(layout_all, value_all, elem, hold);
    }
    if (pm_set && hour < 12)
        hour += 12;
    else if (am_set && hour == 12)
        hour = 0;
    if (month < 0) month = 1;
    if (day < 0) day = 1;
    if (day < 1 || day > days_in(month, year))
        return error{status::invalid, "parsing time " + quoted(value_all) + ": day out of range"};
    (void)have_zone;
    instant t;
    t.sec = days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - zone_offset;
    t.nsec = static_cast<int32_t>(nsec);
    return t;
}

// ---------------------------------------------------------------- format

std::string format_rfc3339_nano(instant t) {
    int64_t days = floor_div(t.sec, 86400);
    int64_t secs = t.sec - days * 86400;
    int64_t y;
    int m, d;
    civil_from_days(days, &y, &m, &d);
    char buf[64];
    std::string year;
    if (y < 0) {
        std::snprintf(buf, sizeof buf, "-%04lld", static_cast<long long>(-y));
    } else {
        std::snprintf(buf, sizeof buf, "%04lld", static_cast<long long>(y));
    }
    year = buf;
    std::snprintf(buf, sizeof buf, "-%02d-%02dT%02d:%02d:%02d", m, d, static_cast<int>(secs / 3600),
                  static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60));
    std::string out = year + buf;
    if (t.nsec > 0) {
        std::snprintf(buf, sizeof buf, ".%09d", static_cast<int>(t.nsec));
        std::string frac = buf;
        while (frac.back() == '0') frac.pop_back();
        out += frac;
    }
    return out + "Z";
}

instant unix_time(int64_t sec, int64_t nsec) {
    if (nsec < 0 || nsec >= 1000000000) {
        int64_t n = floor_div(nsec, 1000000000);
        if (__builtin_add_overflow(sec, n, &sec)) sec = n < 0 ? INT64_MIN : INT64_MAX;
        nsec -= n * 1000000000;
    }
    return instant{sec, static_cast<int32_t>(nsec)};
}

}  // namespace forge::cue::go_time
