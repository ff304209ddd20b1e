// Helpers shared by the standard packages that are not tied to one of them.
#include "cue/pkg_support.hpp"

#include <map>
#include <memory>
#include <mutex>

#include "cue/compile.hpp"
#include "cue/parser.hpp"

namespace forge::cue {

const value *decimal_result(evaluator &ev, const number &n, position pos) {
    num_kind k = n.is_integral() ? num_kind::int_ : num_kind::float_;
    return ev.make_num(number(n.coefficient(), n.exponent(), k, n.sign_bit() && n.is_zero()), pos);
}

const value *cue_source_value(evaluator &ev, std::string_view src, position pos) {
    // The ASTs of package constants are immutable and shared; the compiled expressions live in the
    // evaluator's arena, so they are compiled per call (package constants are few and small).
    static std::mutex mu;
    static std::map<std::string, std::unique_ptr<parsed_file>, std::less<>> parsed;
    const ast::node *x = nullptr;
    {
        std::lock_guard<std::mutex> lock(mu);
        auto it = parsed.find(src);
        if (it == parsed.end()) {
            auto r = parse_expr("<builtin>", std::string(src));
            if (!r.ok())
                return ev.error(err_code::eval, pos, "internal error: invalid builtin value " + std::string(src));
            it = parsed.emplace(std::string(src), std::move(r.file)).first;
        }
        auto *emb = ast::as<ast::embed_decl>(it->second->root()->decls.front());
        x = emb->x;
    }
    const expr *cx = compile_expression(ev, x, {}, [](std::string_view, std::string *e) -> package * {
        *e = "builtin values have no imports";
        return nullptr;
    });
    env *e = ev.mem().make<env>();
    e->v = ev.new_vertex(nullptr, no_label);
    return ev.eval(e, cx);
}

const value *field_value(evaluator &ev, vertex *s, std::string_view name) {
    ev.process(s);
    label_t l = ev.labels().intern(name);
    for (vertex *a : s->arcs)
        if (a->label == l && !a->optional) return ev.resolve_default(ev.vertex_value(a));
    return nullptr;
}

}  // namespace forge::cue
