// time: what CUE v0.4 exports. Time values are RFC 3339 strings; durations are strings validated
// by time.Duration or int nanoseconds from time.ParseDuration. Validators (Duration, Time, Format)
// report Go's error after CUE's "invalid value ... (does not satisfy ...)". CUE v0.4 has no
// FormatDuration, Split or FormatString (they came later), so neither do we.
#include <string>

#include "cue/go_time.hpp"
#include "cue/pkg_support.hpp"

namespace forge::cue {
namespace {

using args = std::span<const value *const>;

const value *not_satisfied(evaluator &ev, position pos, const std::string &s, const std::string &validator,
                           const char *fn, const std::string &msg) {
    return ev.error(
        err_code::eval, pos,
        "invalid value " + go_quote(s) + " (does not satisfy " + validator + "): error in call to " + fn + ": " + msg);
}

const value *fn_duration(evaluator &ev, args a, position pos) {
    std::string s;
    if (auto *e = arg_string(ev, a[0], &s, pos)) return e;
    auto d = go_time::parse_duration(s);
    if (!d.ok()) return not_satisfied(ev, pos, s, "time.Duration", "time.Duration", d.err().message);
    return ev.bool_value(true);
}

const value *fn_parse_duration(evaluator &ev, args a, position pos) {
    std::string s;
    if (auto *e = arg_string(ev, a[0], &s, pos)) return e;
    auto d = go_time::parse_duration(s);
    if (!d.ok()) return call_error(ev, pos, "time.ParseDuration", d.err().message);
    return ev.make_num(number(*d), pos);
}

const char *const kRFC3339Nano = "2006-01-02T15:04:05.999999999Z07:00";

const value *fn_time(evaluator &ev, args a, position pos) {
    std::string s;
    if (auto *e = arg_string(ev, a[0], &s, pos)) return e;
    if (!go_time::parse(kRFC3339Nano, s).ok())
        return not_satisfied(ev, pos, s, "time.Time", "time.Time", "invalid time " + go_quote(s));
    return ev.bool_value(true);
}

const value *fn_format(evaluator &ev, args a, position pos) {
    std::string s, layout;
    if (auto *e = arg_string(ev, a[0], &s, pos)) return e;
    if (auto *e = arg_string(ev, a[1], &layout, pos)) return e;
    if (!go_time::parse(layout, s).ok())
        return not_satisfied(ev, pos, s, "time.Format(" + go_quote(layout) + ")", "time.Format",
                             "invalid time " + go_quote(s));
    return ev.bool_value(true);
}

const value *fn_parse(evaluator &ev, args a, position pos) {
    std::string layout, s;
    if (auto *e = arg_string(ev, a[0], &layout, pos)) return e;
    if (auto *e = arg_string(ev, a[1], &s, pos)) return e;
    auto t = go_time::parse(layout, s);
    if (!t.ok()) return call_error(ev, pos, "time.Parse", t.err().message);
    return ev.make_str(go_time::format_rfc3339_nano(*t), pos);
}

const value *fn_unix(evaluator &ev, args a, position pos) {
    int64_t sec = 0, nsec = 0;
    if (auto *e = arg_int(ev, a[0], &sec, pos)) return e;
    if (auto *e = arg_int(ev, a[1], &nsec, pos)) return e;
    return ev.make_str(go_time::format_rfc3339_nano(go_time::unix_time(sec, nsec)), pos);
}

template <int64_t N>
const value *int_const(evaluator &ev, args, position pos) {
    return ev.make_num(number(N), pos);
}

constexpr char kANSIC[] = "Mon Jan _2 15:04:05 2006", kUnixDate[] = "Mon Jan _2 15:04:05 MST 2006",
               kRubyDate[] = "Mon Jan 02 15:04:05 -0700 2006", kRFC822[] = "02 Jan 06 15:04 MST",
               kRFC822Z[] = "02 Jan 06 15:04 -0700", kRFC850[] = "Monday, 02-Jan-06 15:04:05 MST",
               kRFC1123[] = "Mon, 02 Jan 2006 15:04:05 MST", kRFC1123Z[] = "Mon, 02 Jan 2006 15:04:05 -0700",
               kRFC3339[] = "2006-01-02T15:04:05Z07:00", kRFC3339NanoText[] = "2006-01-02T15:04:05.999999999Z07:00",
               kRFC3339Date[] = "2006-01-02", kKitchen[] = "3:04PM", kKitchen24[] = "15:04";

template <const char *Text>
const value *str_const(evaluator &ev, args, position pos) {
    return ev.make_str(Text, pos);
}

const builtin table[] = {
    {"time", "ANSIC", 0, str_const<kANSIC>},
    {"time", "April", 0, int_const<4>},
    {"time", "August", 0, int_const<8>},
    {"time", "December", 0, int_const<12>},
    {"time", "Duration", 1, fn_duration, true},
    {"time", "February", 0, int_const<2>},
    {"time", "Format", 2, fn_format, true},
    {"time", "Friday", 0, int_const<5>},
    {"time", "Hour", 0, int_const<3600000000000>},
    {"time", "January", 0, int_const<1>},
    {"time", "July", 0, int_const<7>},
    {"time", "June", 0, int_const<6>},
    {"time", "Kitchen", 0, str_const<kKitchen>},
    {"time", "Kitchen24", 0, str_const<kKitchen24>},
    {"time", "March", 0, int_const<3>},
    {"time", "May", 0, int_const<5>},
    {"time", "Microsecond", 0, int_const<1000>},
    {"time", "Millisecond", 0, int_const<1000000>},
    {"time", "Minute", 0, int_const<60000000000>},
    {"time", "Monday", 0, int_const<1>},
    {"time", "Nanosecond", 0, int_const<1>},
    {"time", "November", 0, int_const<11>},
    {"time", "October", 0, int_const<10>},
    {"time", "Parse", 2, fn_parse},
    {"time", "ParseDuration", 1, fn_parse_duration},
    {"time", "RFC1123", 0, str_const<kRFC1123>},
    {"time", "RFC1123Z", 0, str_const<kRFC1123Z>},
    {"time", "RFC3339", 0, str_const<kRFC3339>},
    {"time", "RFC3339Date", 0, str_const<kRFC3339Date>},
    {"time", "RFC3339Nano", 0, str_const<kRFC3339NanoText>},
    {"time", "RFC822", 0, str_const<kRFC822>},
    {"time", "RFC822Z", 0, str_const<kRFC822Z>},
    {"time", "RFC850", 0, str_const<kRFC850>},
    {"time", "RubyDate", 0, str_const<kRubyDate>},
    {"time", "Saturday", 0, int_const<6>},
    {"time", "Second", 0, int_const<1000000000>},
    {"time", "September", 0, int_const<9>},
    {"time", "Sunday", 0, int_const<0>},
    {"time", "Thursday", 0, int_const<4>},
    {"time", "Time", 1, fn_time, true},
    {"time", "Tuesday", 0, int_const<2>},
    {"time", "Unix", 2, fn_unix},
    {"time", "UnixDate", 0, str_const<kUnixDate>},
    {"time", "Wednesday", 0, int_const<3>},
};

}  // namespace

std::span<const builtin> pkg_time() {
    return table;
}

}  // namespace forge::cue
