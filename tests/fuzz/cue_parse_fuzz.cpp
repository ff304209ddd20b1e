// libFuzzer target for the CUE lexer and parser: any byte string must parse or fail with
// diagnostics, never crash, hang or overflow the stack. The tree is walked by the debug dump so
// that dangling pointers in it show up under AddressSanitizer.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "cue/ast_dump.hpp"
#include "cue/parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    std::string src(reinterpret_cast<const char *>(data), size);
    for (bool expression : {false, true}) {
        auto r = expression ? forge::cue::parse_expr("fuzz.cue", src) : forge::cue::parse_file("fuzz.cue", src);
        if (!r.file) std::abort();  // only over-size input may leave no tree
        std::string dumped = forge::cue::ast::dump(r.file->root());
        for (const auto &d : r.errors) {
            std::string msg = forge::cue::format_diagnostic(d);
            if (d.message.empty() || d.pos.offset > size) std::abort();
        }
        (void)dumped;
    }
    return 0;
}
