// Text forms of the deployment commands' JSON results.
#include <boost/json.hpp>
#include <iomanip>

#include "gitops_flags.hpp"

namespace forge_cli {

namespace json = boost::json;

namespace {

std::string str(const json::object &o, const char *key) {
    if (auto *v = o.if_contains(key); v && v->is_string()) return std::string(v->as_string());
    return {};
}

std::string release_label(const json::object &pointer) {
    std::string label = str(pointer, "release").substr(0, 12);
    if (auto *al = pointer.if_contains("aliases"); al && al->is_object()) {
        const auto &a = al->as_object();
        if (auto *n = a.if_contains("numeric"); n && n->is_int64())
            label += " (release " + std::to_string(n->as_int64()) + ")";
        if (auto *t = a.if_contains("tag"); t && t->is_string()) label += " " + std::string(t->as_string());
    }
    return label;
}

}  // namespace

std::string describe_outcome(const std::string &verb, const std::string &outcome_json) {
    const auto o = json::parse(outcome_json).as_object();
    const auto &pointer = o.at("pointer").as_object();
    const std::string what = str(o, "repository") + "/" + str(o, "project");
    if (o.at("unchanged").as_bool())
        return what + " in " + str(o, "env") + " already points at " + release_label(pointer) + ": nothing to commit";
    std::string line = verb + " " + what + " " + release_label(pointer) + " in " + str(o, "env") + ": commit " +
                       str(o, "commit").substr(0, 12);
    if (auto *a = o.if_contains("attempts"); a && a->is_int64() && a->as_int64() > 1)
        line += " (" + std::to_string(a->as_int64()) + " pushes)";
    if (auto approver = str(pointer, "approvedBy"); !approver.empty()) line += ", approved by " + approver;
    return line;
}

void print_history(std::ostream &out, const std::string &history_json) {
    const auto records = json::parse(history_json).as_array();
    if (records.empty()) {
        out << "no deployments\n";
        return;
    }
    out << std::left << std::setw(12) << "ENV" << std::setw(14) << "RELEASE" << std::setw(9) << "NUMBER"
        << std::setw(22) << "DEPLOYED AT" << std::setw(16) << "BY"
        << "COMMIT\n";
    for (const auto &r : records) {
        const auto &o = r.as_object();
        std::string release = "(removed)", number, at, by;
        if (auto *p = o.if_contains("pointer"); p && p->is_object()) {
            const auto &po = p->as_object();
            release = str(po, "release").substr(0, 12);
            at = str(po, "deployedAt");
            by = str(po, "deployedBy");
            if (auto *al = po.if_contains("aliases"); al && al->is_object())
                if (auto *n = al->as_object().if_contains("numeric"); n && n->is_int64())
                    number = std::to_string(n->as_int64());
        }
        out << std::left << std::setw(12) << str(o, "env") << std::setw(14) << release << std::setw(9)
            << (number.empty() ? "-" : number) << std::setw(22) << at << std::setw(16) << by
            << str(o, "commit").substr(0, 12) << "  " << str(o, "summary") << "\n";
    }
}

}  // namespace forge_cli
