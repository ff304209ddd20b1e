#include "discovery/config_model.hpp"

#include <boost/json.hpp>

#include "discovery/duration.hpp"

namespace forge::discovery {

namespace json = boost::json;

namespace {

const json::object *object_at(const json::value *v) {
    return v ? v->if_object() : nullptr;
}
const json::object *object_at(const json::object &o, std::string_view key) {
    return object_at(o.if_contains(key));
}
const json::array *array_at(const json::object &o, std::string_view key) {
    const json::value *v = o.if_contains(key);
    return v ? v->if_array() : nullptr;
}
std::string string_at(const json::object &o, std::string_view key) {
    const json::value *v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
}
std::optional<std::string> optional_string_at(const json::object &o, std::string_view key) {
    const json::value *v = o.if_contains(key);
    if (v && v->is_string()) return std::string(v->as_string());
    return std::nullopt;
}
std::optional<std::chrono::milliseconds> duration_at(const json::object &o, std::string_view key) {
    const json::value *v = o.if_contains(key);
    if (v && v->is_string()) return parse_duration(v->as_string());
    return std::nullopt;
}

}  // namespace

const phase_def *repo_config::phase(std::string_view name) const {
    for (const auto &p : phases)
        if (p.name == name) return &p;
    return nullptr;
}

bool project_config::has_step(std::string_view step) const {
    for (const auto &p : phases)
        for (const auto &s : p.steps)
            if (s.name == step) return true;
    return false;
}

repo_config repo_from_json(const json::value &v) {
    repo_config r;
    const json::object *o = v.if_object();
    if (o == nullptr) return r;
    r.forge_version = string_at(*o, "forgeVersion");
    r.name = optional_string_at(*o, "name");
    if (const auto *t = object_at(*o, "tagging"); t && string_at(*t, "strategy") == "tag-all")
        r.tagging = tagging_strategy::tag_all;
    if (const auto *phases = object_at(*o, "phases")) {
        for (const auto &kv : *phases) {
            phase_def p;
            p.name = kv.key();
            if (const auto *po = kv.value().if_object()) {
                if (const auto *g = po->if_contains("group"); g && g->is_int64())
                    p.group = static_cast<int>(g->as_int64());
                p.description = string_at(*po, "description");
                p.timeout = duration_at(*po, "timeout");
                if (const auto *req = po->if_contains("required"); req && req->is_bool()) p.required = req->as_bool();
            }
            r.phases.push_back(std::move(p));
        }
    }
    if (const auto *pubs = object_at(*o, "publishers")) {
        for (const auto &kv : *pubs) {
            const auto *po = kv.value().if_object();
            r.publishers[kv.key()] = po ? string_at(*po, "type") : std::string();
            if (po) r.publisher_settings[kv.key()] = *po;
        }
    }
    if (const auto *envs = object_at(*o, "environments")) r.environments = *envs;
    if (const auto *regs = object_at(*o, "registries")) {
        r.release_registry = string_at(*regs, "release");
        r.tracking_registry = string_at(*regs, "tracking");
    }
    return r;
}

project_config project_from_json(const json::value &v) {
    project_config p;
    const json::object *o = v.if_object();
    if (o == nullptr) return p;
    p.name = optional_string_at(*o, "name");
    if (const auto *phases = object_at(*o, "phases")) {
        for (const auto &kv : *phases) {
            project_phase ph;
            ph.name = kv.key();
            const auto *po = kv.value().if_object();
            if (const json::array *steps = po ? array_at(*po, "steps") : nullptr) {
                for (const auto &sv : *steps) {
                    const auto *so = sv.if_object();
                    if (so == nullptr) continue;
                    step_def s;
                    s.name = string_at(*so, "name");
                    s.action = string_at(*so, "action");
                    s.target = string_at(*so, "target");
                    s.run = string_at(*so, "run");
                    s.timeout = duration_at(*so, "timeout");
                    if (const auto *env = object_at(*so, "env"))
                        for (const auto &e : *env)
                            if (e.value().is_string()) s.env[e.key()] = std::string(e.value().as_string());
                    if (const json::array *secrets = array_at(*so, "secrets"))
                        for (const auto &sec : *secrets)
                            if (const auto *one = sec.if_object(); one && one->contains("ref"))
                                s.secrets[string_at(*one, "name")] = json::serialize(one->at("ref"));
                    ph.steps.push_back(std::move(s));
                }
            }
            p.phases.push_back(std::move(ph));
        }
    }
    if (const auto *arts = object_at(*o, "artifacts")) {
        for (const auto &kv : *arts) {
            artifact_def a;
            a.name = kv.key();
            if (const auto *ao = kv.value().if_object()) {
                a.type = string_at(*ao, "type");
                if (const auto *prod = object_at(*ao, "producer")) {
                    a.producer_step = string_at(*prod, "step");
                    a.producer_path = string_at(*prod, "path");
                }
                if (const auto *pubs = array_at(*ao, "publishers"))
                    for (const auto &pv : *pubs)
                        if (pv.is_string()) a.publishers.emplace_back(pv.as_string());
            }
            p.artifacts.push_back(std::move(a));
        }
    }
    if (const auto *rel = object_at(*o, "release")) {
        if (const auto *on = array_at(*rel, "on")) {
            for (const auto &tv : *on) {
                const auto *to = tv.if_object();
                if (to == nullptr) continue;
                trigger t;
                if (const auto *b = to->if_contains("branch"); b && b->is_string()) {
                    t.type = trigger::kind::branch;
                    t.branch = b->as_string();
                } else if (const auto *tg = to->if_contains("tag"); tg && tg->is_bool() && tg->as_bool()) {
                    t.type = trigger::kind::tag;
                } else if (const auto *m = to->if_contains("manual"); m && m->is_bool() && m->as_bool()) {
                    t.type = trigger::kind::manual;
                } else {
                    continue;
                }
                p.triggers.push_back(std::move(t));
            }
        }
    }
    if (const auto *deploy = object_at(*o, "deploy"))
        if (const auto *res = array_at(*deploy, "resources")) p.resources = *res;
    return p;
}

}  // namespace forge::discovery
