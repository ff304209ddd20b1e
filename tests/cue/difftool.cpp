// forge_cue_difftool: runs our CUE engine over many cases in one process, for the differential
// suite (tests/cue/differential.py) and the benchmark (tests/bench/cue_bench.py). It speaks the
// same protocol as the reference runner tests/node/cue-ref.mjs:
//   stdin:  [{id, dir, files: [...], expression?, out: "json"|"yaml", inject?: ["a.b=v"], repeat?}]
//   stdout: {id: {ok: true, value: <JSON>, text: "...", ms} | {ok: false, error: "...", ms}}
// JSON output is spliced in as text (after checking that it parses) so that big integers and the
// int/float distinction reach the comparison unchanged; YAML output is returned as text only and
// parsed by the runner.
#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <cstdint>
#include <exception>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "cue/api.hpp"

namespace {

namespace json = boost::json;

std::string str_field(const json::object &o, const char *key) {
    const json::value *v = o.if_contains(key);
    return (v && v->is_string()) ? std::string(v->as_string()) : std::string();
}

forge::cue::export_options options_for(const json::object &c) {
    forge::cue::export_options opts;
    const std::string dir = str_field(c, "dir");
    const json::value *files = c.if_contains("files");
    if (files && files->is_array() && !files->as_array().empty()) {
        for (const json::value &f : files->as_array()) {
            opts.paths.push_back(dir + "/" + std::string(f.as_string()));
        }
    } else {
        opts.paths.push_back(dir);
    }
    opts.expression = str_field(c, "expression");
    opts.format = str_field(c, "out") == "yaml" ? forge::cue::output_format::yaml : forge::cue::output_format::json;
    if (const json::value *inj = c.if_contains("inject"); inj && inj->is_array()) {
        for (const json::value &kv : inj->as_array()) {
            const std::string s(kv.as_string());
            const auto eq = s.find('=');
            opts.injections.emplace_back(s.substr(0, eq), eq == std::string::npos ? std::string() : s.substr(eq + 1));
        }
    }
    return opts;
}

// `cue vet` arguments of a vet case ([-d EXPR] SCHEMA DATA..., paths relative to the case
// directory); success is reported as the value null, as the reference runner does.
forge::cue::export_result run_vet(const json::object &c) {
    const std::string dir = str_field(c, "dir");
    std::string schema, expr;
    std::vector<std::string> data;
    const json::array &args = c.at("vet").as_array();
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string a(args[i].as_string());
        if (a == "-d" && i + 1 < args.size()) {
            expr = std::string(args[++i].as_string());
        } else if (schema.empty()) {
            schema = dir + "/" + a;
        } else {
            data.push_back(dir + "/" + a);
        }
    }
    auto r = forge::cue::vet(schema, data, expr);
    if (r.ok) r.output = "null\n";
    return r;
}

struct timed_result {
    forge::cue::export_result result;
    std::vector<double> runs_ms;
};

timed_result run_case(const json::object &c) {
    const forge::cue::export_options opts = options_for(c);
    int repeat = 1;
    if (const json::value *r = c.if_contains("repeat"); r && r->is_int64()) {
        repeat = static_cast<int>(std::max<std::int64_t>(1, r->as_int64()));
    }
    timed_result out;
    for (int i = 0; i < repeat; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        try {
            out.result = c.contains("vet") ? run_vet(c) : forge::cue::export_values(opts);
        } catch (const std::exception &e) {
            // The engine should never throw; report it as a failure of this case, not of the run.
            out.result = {};
            out.result.errors.push_back(std::string("engine threw: ") + e.what());
        }
        const auto t1 = std::chrono::steady_clock::now();
        out.runs_ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    }
    return out;
}

std::string result_json(const json::object &c, const timed_result &tr) {
    const auto &r = tr.result;
    std::ostringstream o;
    o << "{\"ok\":" << (r.ok ? "true" : "false");
    if (r.ok) {
        if (str_field(c, "out") != "yaml") {
            json::error_code ec;
            (void)json::parse(r.output, ec);
            if (!ec) o << ",\"value\":" << r.output;
        }
        o << ",\"text\":" << json::serialize(json::value(r.output));
    } else {
        std::string msg;
        for (const std::string &e : r.errors) msg += (msg.empty() ? "" : "\n") + e;
        if (msg.empty()) msg = "export failed without an error message";
        o << ",\"error\":" << json::serialize(json::value(msg));
    }
    if (tr.runs_ms.size() > 1) {
        o << ",\"runs_ms\":[";
        for (std::size_t i = 0; i < tr.runs_ms.size(); ++i) o << (i ? "," : "") << tr.runs_ms[i];
        o << "]";
    }
    o << ",\"ms\":" << tr.runs_ms.back() << "}";
    return o.str();
}

}  // namespace

int main() {
    std::string input((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    json::error_code ec;
    json::value cases = json::parse(input, ec);
    if (ec || !cases.is_array()) {
        std::cerr << "forge_cue_difftool: stdin must be a JSON list of cases\n";
        return 2;
    }
    std::cout << "{";
    bool first = true;
    for (const json::value &cv : cases.as_array()) {
        if (!cv.is_object()) continue;
        const json::object &c = cv.as_object();
        const timed_result tr = run_case(c);
        std::cout << (first ? "" : ",\n") << json::serialize(json::value(str_field(c, "id"))) << ":"
                  << result_json(c, tr);
        std::cout.flush();  // a crash later still leaves the finished cases readable
        first = false;
    }
    std::cout << "}\n";
    return 0;
}
