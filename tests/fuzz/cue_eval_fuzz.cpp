// libFuzzer target for the CUE evaluator: any byte string is parsed, evaluated and exported to JSON
// and YAML under tight limits. It must succeed or fail with errors, never crash, hang, overflow the
// stack or exceed the memory limit; every error must be non-empty text. The standard packages are
// reachable through imports in the input, so their builtins are fuzzed along.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "cue/api.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    forge::cue::export_options opts;
    opts.sources.emplace_back("fuzz.cue", std::string(reinterpret_cast<const char *>(data), size));
    opts.max_steps = 200'000;
    opts.max_depth = 200;
    opts.max_memory = 256u * 1024u * 1024u;
    for (auto format : {forge::cue::output_format::json, forge::cue::output_format::yaml}) {
        opts.format = format;
        auto r = forge::cue::export_values(opts);
        if (r.ok != r.errors.empty()) std::abort();
        for (const auto &e : r.errors)
            if (e.empty()) std::abort();
        if (r.ok && r.output.empty()) std::abort();
    }
    return 0;
}
