// Binary operators on concrete values: arithmetic (via number.hpp), string/bytes/list
// concatenation and repetition, comparison, regular-expression match and boolean logic.
#include "cue/builtin.hpp"
#include "cue/evaluator.hpp"
#include "cue/regex.hpp"

namespace forge::cue {

namespace {

std::string type_of(const value *v) {
    return kind_name(v->mask);
}

}  // namespace

static bool is_bottom_literal(const expr *x) {
    return x->kind == xk::literal && static_cast<const x_literal *>(x)->v->is_bottom();
}

const value *evaluator::eval_binary(env *e, const x_binary *b) {
    ast::op op = b->op;
    // `x == _|_` / `x != _|_`: whether x fails to evaluate (the idiom for "is x defined").
    if ((op == ast::op::eql || op == ast::op::neq) && (is_bottom_literal(b->x) || is_bottom_literal(b->y))) {
        const expr *other = is_bottom_literal(b->x) ? b->y : b->x;
        const value *v = eval(e, other);
        if (v->k == vk::vertex) finalize(v->vx);
        bool bottom = v->is_bottom() || (v->k == vk::vertex && v->vx->err && v->vx->err->code != err_code::incomplete);
        return bool_value(op == ast::op::eql ? bottom : !bottom);
    }
    const value *x = resolve_default(eval(e, b->x));
    if (x->is_bottom()) return x;
    // Short-circuit logic.
    if ((op == ast::op::land || op == ast::op::lor) && x->k == vk::bool_) {
        if (op == ast::op::land && !x->b) return x;
        if (op == ast::op::lor && x->b) return x;
    }
    const value *y = resolve_default(eval(e, b->y));
    if (y->is_bottom()) return y;
    std::string ot = ast::op_text(op);
    auto mismatch = [&]() {
        return error(err_code::eval, b->pos,
                     "invalid operation " + str(x) + " " + ot + " " + str(y) + " (mismatched types " + type_of(x) +
                         " and " + type_of(y) + ")");
    };
    for (const value *v : {x, y}) {
        if (!v->is_atom() && v->k != vk::vertex) {
            if (v->k == vk::disj)
                return error(err_code::incomplete, b->pos, "unresolved disjunction " + str(v) + " in operand to " + ot);
            return error(err_code::incomplete, b->pos, "non-concrete value " + str(v) + " in operand to " + ot);
        }
    }
    auto num_result = [&](result<number> r) -> const value * {
        if (!r.ok()) return error(err_code::eval, b->pos, "failed arithmetic: " + r.err().message);
        return make_num(std::move(r).value(), b->pos);
    };
    switch (op) {
        case ast::op::add:
            if (x->k == vk::num && y->k == vk::num) return num_result(add(x->num, y->num));
            if (x->k == vk::str && y->k == vk::str) return make_str(std::string(x->s) + std::string(y->s), b->pos);
            if (x->k == vk::bytes && y->k == vk::bytes)
                return make_bytes(std::string(x->s) + std::string(y->s), b->pos);
            if (x->k == vk::vertex && y->k == vk::vertex && x->vx->is_list && y->vx->is_list) {
                vertex *l = new_vertex(nullptr, no_label);
                l->is_list = true;
                l->list_open = false;
                l->optional = false;
                uint32_t i = 0;
                for (vertex *src : {x->vx, y->vx}) {
                    finalize(src);
                    for (vertex *a : src->arcs) {
                        vertex *n = arc(l, index_label(i++), true);
                        n->optional = false;
                        n->conjuncts.push_back(arena_, conjunct{nullptr, vertex_expr(a), {}, nullptr, false});
                    }
                }
                l->list_len = static_cast<int32_t>(i);
                l->status = vstatus::processed;
                return make_vertex(l);
            }
            return mismatch();
        case ast::op::sub:
            if (x->k == vk::num && y->k == vk::num) return num_result(sub(x->num, y->num));
            return mismatch();
        case ast::op::mul: {
            if (x->k == vk::num && y->k == vk::num) return num_result(mul(x->num, y->num));
            const value *s = x, *n = y;
            if (s->k == vk::num) std::swap(s, n);
            if (n->k == vk::num && n->num.is_int() && (s->k == vk::str || s->k == vk::bytes || s->k == vk::vertex)) {
                auto cnt = n->num.to_int64();
                if (!cnt.ok() || *cnt < 0) return error(err_code::eval, b->pos, "negative repeat count " + str(n));
                if (s->k == vk::vertex) {
                    if (!s->vx->is_list) return mismatch();
                    finalize(s->vx);
                    if (static_cast<uint64_t>(*cnt) * s->vx->arcs.size() > 10'000'000)
                        return error(err_code::limit, b->pos, "list repetition too large");
                    vertex *l = new_vertex(nullptr, no_label);
                    l->is_list = true;
                    l->list_open = false;
                    l->optional = false;
                    uint32_t i = 0;
                    for (int64_t k = 0; k < *cnt; ++k)
                        for (vertex *a : s->vx->arcs) {
                            vertex *na = arc(l, index_label(i++), true);
                            na->optional = false;
                            na->conjuncts.push_back(arena_, conjunct{nullptr, vertex_expr(a), {}, nullptr, false});
                        }
                    l->list_len = static_cast<int32_t>(i);
                    l->status = vstatus::processed;
                    return make_vertex(l);
                }
                if (static_cast<uint64_t>(*cnt) * s->s.size() > 256u * 1024 * 1024)
                    return error(err_code::limit, b->pos, "string repetition too large");
                std::string out;
                out.reserve(static_cast<size_t>(*cnt) * s->s.size());
                for (int64_t k = 0; k < *cnt; ++k) out += s->s;
                return s->k == vk::str ? make_str(out, b->pos) : make_bytes(out, b->pos);
            }
            return mismatch();
        }
        case ast::op::quo:
            if (x->k == vk::num && y->k == vk::num) return num_result(quo(x->num, y->num));
            return mismatch();
        case ast::op::land:
        case ast::op::lor:
            if (x->k == vk::bool_ && y->k == vk::bool_)
                return op == ast::op::land ? bool_value(x->b && y->b) : bool_value(x->b || y->b);
            return mismatch();
        case ast::op::eql:
        case ast::op::neq: {
            bool eq;
            if (x->k == vk::null_ || y->k == vk::null_) {
                eq = x->k == y->k;
            } else if (x->k == vk::num && y->k == vk::num) {
                eq = numerically_equal(x->num, y->num);
            } else if (x->k == y->k && x->is_atom()) {
                eq = equal_atoms(x, y);
            } else if (x->k == vk::vertex && y->k == vk::vertex && x->vx->is_list == y->vx->is_list) {
                finalize(x->vx);
                finalize(y->vx);
                eq = deep_equal(x->vx, y->vx);
            } else {
                return mismatch();
            }
            return bool_value(op == ast::op::eql ? eq : !eq);
        }
        case ast::op::lss:
        case ast::op::leq:
        case ast::op::gtr:
        case ast::op::geq: {
            int c;
            if (x->k == vk::num && y->k == vk::num) {
                c = compare(x->num, y->num);
            } else if ((x->k == vk::str && y->k == vk::str) || (x->k == vk::bytes && y->k == vk::bytes)) {
                c = x->s < y->s ? -1 : (x->s == y->s ? 0 : 1);
            } else {
                return mismatch();
            }
            bool r = op == ast::op::lss ? c < 0 : op == ast::op::leq ? c <= 0 : op == ast::op::gtr ? c > 0 : c >= 0;
            return bool_value(r);
        }
        case ast::op::mat:
        case ast::op::nmat: {
            if (!((x->k == vk::str || x->k == vk::bytes) && y->k == vk::str)) return mismatch();
            std::string err;
            auto *re = thread_regex_cache().get(y->s, &err);
            if (!re) return error(err_code::eval, b->pos, "error parsing regexp: " + err);
            bool m = regex_match(re, x->s);
            return bool_value(op == ast::op::mat ? m : !m);
        }
        default:
            break;
    }
    return error(err_code::eval, b->pos, "unsupported operator " + ot);
}

}  // namespace forge::cue
