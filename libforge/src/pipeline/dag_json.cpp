#include <boost/json.hpp>
#include <cstdint>

#include "pipeline/dag.hpp"

namespace forge::pipeline {

namespace json = boost::json;

namespace {

json::object step_json(const ports::step_spec &s) {
    json::object o{{"name", s.name}, {"action", s.action}, {"timeout_ms", s.timeout.count()}};
    if (!s.target.empty()) o["target"] = s.target;
    if (!s.run.empty()) o["run"] = s.run;
    if (!s.workdir.empty()) o["workdir"] = s.workdir;
    if (!s.env.empty()) {
        json::object env;
        for (const auto &[k, v] : s.env) env[k] = v;
        o["env"] = std::move(env);
    }
    if (!s.secrets.empty()) {
        json::object refs;
        for (const auto &[k, v] : s.secrets) refs[k] = json::parse(v);
        o["secrets"] = std::move(refs);
    }
    return o;
}

// Reads fields of one JSON object, remembering where it is for error messages.
class reader {
  public:
    reader(const json::value &v, std::string where) : v_(v), where_(std::move(where)) {}

    status_result object() const {
        if (!v_.is_object())
            return make_error(status::invalid, (where_.empty() ? "pipeline DAG" : where_) + ": expected an object");
        return {};
    }
    std::string at(std::string_view field) const {
        return where_.empty() ? std::string(field) : where_ + "." + std::string(field);
    }
    const json::value *find(std::string_view field) const { return v_.as_object().if_contains(field); }

    result<std::string> string(std::string_view field, bool required) const {
        const auto *f = find(field);
        if (f == nullptr || f->is_null()) {
            if (required) return make_error(status::invalid, at(field) + ": missing");
            return std::string();
        }
        if (!f->is_string()) return make_error(status::invalid, at(field) + ": expected a string");
        return std::string(f->as_string());
    }
    result<std::int64_t> integer(std::string_view field, bool required, std::int64_t fallback) const {
        const auto *f = find(field);
        if (f == nullptr || f->is_null()) {
            if (required) return make_error(status::invalid, at(field) + ": missing");
            return fallback;
        }
        if (f->is_int64()) return f->as_int64();
        if (f->is_uint64() && f->as_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
            return static_cast<std::int64_t>(f->as_uint64());
        return make_error(status::invalid, at(field) + ": expected an integer");
    }
    result<bool> boolean(std::string_view field, bool fallback) const {
        const auto *f = find(field);
        if (f == nullptr || f->is_null()) return fallback;
        if (!f->is_bool()) return make_error(status::invalid, at(field) + ": expected true or false");
        return f->as_bool();
    }
    result<const json::array *> array(std::string_view field) const {
        const auto *f = find(field);
        if (f == nullptr || f->is_null()) return static_cast<const json::array *>(nullptr);
        if (!f->is_array()) return make_error(status::invalid, at(field) + ": expected an array");
        return &f->as_array();
    }

  private:
    const json::value &v_;
    std::string where_;
};

result<std::chrono::milliseconds> duration_field(const reader &r, std::string_view field,
                                                 std::chrono::milliseconds fallback) {
    FORGE_TRY_ASSIGN(auto ms, r.integer(field, false, fallback.count()));
    if (ms < 0) return make_error(status::invalid, r.at(field) + ": must not be negative");
    return std::chrono::milliseconds(ms);
}

result<ports::step_spec> parse_step(const json::value &v, const std::string &where,
                                    std::chrono::milliseconds phase_timeout) {
    reader r(v, where);
    FORGE_TRY(r.object());
    ports::step_spec s;
    FORGE_TRY_ASSIGN(s.name, r.string("name", true));
    if (s.name.empty()) return make_error(status::invalid, r.at("name") + ": must not be empty");
    FORGE_TRY_ASSIGN(s.action, r.string("action", true));
    FORGE_TRY_ASSIGN(s.target, r.string("target", false));
    FORGE_TRY_ASSIGN(s.run, r.string("run", false));
    FORGE_TRY_ASSIGN(s.workdir, r.string("workdir", false));
    FORGE_TRY_ASSIGN(s.timeout, duration_field(r, "timeout_ms", std::chrono::milliseconds(0)));
    if (s.timeout.count() == 0) s.timeout = phase_timeout.count() > 0 ? phase_timeout : default_step_timeout;
    if (const auto *env = r.find("env"); env != nullptr && !env->is_null()) {
        if (!env->is_object()) return make_error(status::invalid, r.at("env") + ": expected an object of strings");
        for (const auto &kv : env->as_object()) {
            if (!kv.value().is_string())
                return make_error(status::invalid, r.at("env") + "." + std::string(kv.key()) + ": expected a string");
            s.env.emplace(std::string(kv.key()), std::string(kv.value().as_string()));
        }
    }
    if (const auto *refs = r.find("secrets"); refs != nullptr && !refs->is_null()) {
        if (!refs->is_object())
            return make_error(status::invalid, r.at("secrets") + ": expected an object of secret references");
        for (const auto &kv : refs->as_object()) {
            if (!kv.value().is_object())
                return make_error(status::invalid,
                                  r.at("secrets") + "." + std::string(kv.key()) + ": expected an object");
            s.secrets.emplace(std::string(kv.key()), json::serialize(kv.value()));
        }
    }
    return s;
}

result<task> parse_task(const json::value &v, const std::string &where, std::chrono::milliseconds phase_timeout) {
    reader r(v, where);
    FORGE_TRY(r.object());
    task t;
    FORGE_TRY_ASSIGN(t.project, r.string("project", true));
    FORGE_TRY_ASSIGN(t.project_path, r.string("project_path", false));
    if (t.project_path.empty()) t.project_path = ".";
    FORGE_TRY_ASSIGN(auto steps, r.array("steps"));
    if (steps != nullptr)
        for (std::size_t i = 0; i < steps->size(); ++i) {
            FORGE_TRY_ASSIGN(auto s,
                             parse_step((*steps)[i], r.at("steps") + "[" + std::to_string(i) + "]", phase_timeout));
            t.steps.push_back(std::move(s));
        }
    return t;
}

result<phase> parse_phase(const json::value &v, const std::string &where, int group) {
    reader r(v, where);
    FORGE_TRY(r.object());
    phase p;
    FORGE_TRY_ASSIGN(p.name, r.string("name", true));
    FORGE_TRY_ASSIGN(auto g, r.integer("group", false, group));
    if (g != group)
        return make_error(status::invalid, r.at("group") + ": " + std::to_string(g) +
                                               " differs from its group's number " + std::to_string(group));
    p.group = group;
    FORGE_TRY_ASSIGN(p.timeout, duration_field(r, "timeout_ms", default_step_timeout));
    FORGE_TRY_ASSIGN(p.required, r.boolean("required", false));
    FORGE_TRY_ASSIGN(auto tasks, r.array("tasks"));
    if (tasks != nullptr)
        for (std::size_t i = 0; i < tasks->size(); ++i) {
            FORGE_TRY_ASSIGN(auto t, parse_task((*tasks)[i], r.at("tasks") + "[" + std::to_string(i) + "]", p.timeout));
            p.tasks.push_back(std::move(t));
        }
    return p;
}

}  // namespace

json::value to_json(const dag &d) {
    json::array groups;
    for (const auto &g : d.groups) {
        json::array phases;
        for (const auto &p : g.phases) {
            json::array tasks;
            for (const auto &t : p.tasks) {
                json::array steps;
                for (const auto &s : t.steps) steps.push_back(step_json(s));
                tasks.push_back(json::object{
                    {"project", t.project}, {"project_path", t.project_path}, {"steps", std::move(steps)}});
            }
            phases.push_back(json::object{{"name", p.name},
                                          {"group", p.group},
                                          {"timeout_ms", p.timeout.count()},
                                          {"required", p.required},
                                          {"tasks", std::move(tasks)}});
        }
        groups.push_back(json::object{{"number", g.number}, {"phases", std::move(phases)}});
    }
    json::object o{{"repository", d.repository}, {"commit", d.commit}, {"groups", std::move(groups)}};
    o["branch"] = d.branch.empty() ? json::value(nullptr) : json::value(d.branch);
    o["tag"] = d.tag.empty() ? json::value(nullptr) : json::value(d.tag);
    return o;
}

std::string dag_to_json_text(const dag &d) {
    return json::serialize(to_json(d));
}

result<dag> dag_from_json(const json::value &v) {
    reader r(v, "");
    FORGE_TRY(r.object());
    dag d;
    FORGE_TRY_ASSIGN(d.repository, r.string("repository", true));
    FORGE_TRY_ASSIGN(d.commit, r.string("commit", false));
    FORGE_TRY_ASSIGN(d.branch, r.string("branch", false));
    FORGE_TRY_ASSIGN(d.tag, r.string("tag", false));
    FORGE_TRY_ASSIGN(auto groups, r.array("groups"));
    if (groups == nullptr) return d;
    int previous = 0;
    for (std::size_t i = 0; i < groups->size(); ++i) {
        std::string where = "groups[" + std::to_string(i) + "]";
        reader gr((*groups)[i], where);
        FORGE_TRY(gr.object());
        phase_group g;
        FORGE_TRY_ASSIGN(auto number, gr.integer("number", true, 0));
        if (number < 1 || number > 1'000'000)
            return make_error(status::invalid, gr.at("number") + ": must be a positive group number");
        if (number <= previous)
            return make_error(status::invalid, gr.at("number") + ": groups must be in strictly ascending order");
        previous = static_cast<int>(number);
        g.number = previous;
        FORGE_TRY_ASSIGN(auto phases, gr.array("phases"));
        if (phases != nullptr)
            for (std::size_t j = 0; j < phases->size(); ++j) {
                FORGE_TRY_ASSIGN(auto p,
                                 parse_phase((*phases)[j], gr.at("phases") + "[" + std::to_string(j) + "]", g.number));
                g.phases.push_back(std::move(p));
            }
        d.groups.push_back(std::move(g));
    }
    return d;
}

result<dag> dag_from_json_text(std::string_view text) {
    boost::system::error_code ec;
    auto v = json::parse(text, ec);
    if (ec) return make_error(status::invalid, "pipeline DAG is not valid JSON: " + ec.message());
    return dag_from_json(v);
}

}  // namespace forge::pipeline
