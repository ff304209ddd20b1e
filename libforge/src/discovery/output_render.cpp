#include <map>

#include "discovery/output.hpp"

namespace forge::discovery {

namespace {

std::string format_ms(std::chrono::milliseconds ms) {
    auto n = ms.count();
    if (n % 3600000 == 0) return std::to_string(n / 3600000) + "h";
    if (n % 60000 == 0) return std::to_string(n / 60000) + "m";
    if (n % 1000 == 0) return std::to_string(n / 1000) + "s";
    return std::to_string(n) + "ms";
}

std::string dot_quote(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out + "\"";
}

}  // namespace

std::string render_text(const discovery_result &r) {
    std::map<std::string, const discovered_project *> by_name;
    for (const auto &p : r.projects) by_name[p.name] = &p;
    std::string out = r.repository + (r.commit.empty() ? std::string(" (work tree)") : " @ " + r.commit.substr(0, 12));
    if (!r.run.branch.empty()) out += " branch " + r.run.branch;
    if (!r.run.tag.empty()) out += " tag " + r.run.tag;
    out += " (" + std::string(event_name(r.run.event)) + ")\n";
    for (std::size_t g = 0; g < r.dag.groups.size(); ++g) {
        const auto &group = r.dag.groups[g];
        bool last_group = g + 1 == r.dag.groups.size();
        out += (last_group ? "└─ " : "├─ ") + std::string("group ") + std::to_string(group.number) + "\n";
        std::string gpad = last_group ? "   " : "│  ";
        for (std::size_t p = 0; p < group.phases.size(); ++p) {
            const auto &phase = group.phases[p];
            bool last_phase = p + 1 == group.phases.size();
            out += gpad + (last_phase ? "└─ " : "├─ ") + "phase " + phase.name + " (timeout " + format_ms(phase.timeout) +
                   (phase.required ? ", required" : "") + ")" + (phase.tasks.empty() ? " — no projects" : "") + "\n";
            std::string ppad = gpad + (last_phase ? "   " : "│  ");
            for (std::size_t t = 0; t < phase.tasks.size(); ++t) {
                const auto &task = phase.tasks[t];
                bool last_task = t + 1 == phase.tasks.size();
                std::string release;
                if (auto it = by_name.find(task.project); it != by_name.end() && it->second->release.triggered)
                    release = " [releases]";
                out += ppad + (last_task ? "└─ " : "├─ ") + task.project + " (" + task.project_path + ")" + release + "\n";
                std::string tpad = ppad + (last_task ? "   " : "│  ");
                for (std::size_t s = 0; s < task.steps.size(); ++s) {
                    const auto &step = task.steps[s];
                    bool last_step = s + 1 == task.steps.size();
                    std::string what = step.action == "earthly" ? step.target : step.run;
                    if (what.size() > 60) what = what.substr(0, 57) + "...";
                    out += tpad + (last_step ? "└─ " : "├─ ") + step.name + ": " + step.action +
                           (what.empty() ? "" : " " + what) + " (" + format_ms(step.timeout) + ")\n";
                }
            }
        }
    }
    return out;
}

std::string render_dot(const discovery_result &r) {
    std::string out = "digraph forge {\n  rankdir=LR;\n  compound=true;\n  node [shape=box, fontname=\"Helvetica\"];\n";
    out += "  label=" + dot_quote(r.repository + (r.commit.empty() ? "" : " @ " + r.commit.substr(0, 12))) + ";\n";
    std::string previous_join;
    for (std::size_t g = 0; g < r.dag.groups.size(); ++g) {
        const auto &group = r.dag.groups[g];
        std::string gid = "g" + std::to_string(g);
        out += "  subgraph cluster_" + gid + " {\n    label=" + dot_quote("group " + std::to_string(group.number)) + ";\n";
        std::vector<std::string> nodes;
        for (std::size_t p = 0; p < group.phases.size(); ++p) {
            const auto &phase = group.phases[p];
            std::string pid = gid + "_p" + std::to_string(p);
            out += "    subgraph cluster_" + pid + " {\n      label=" + dot_quote("phase " + phase.name) + ";\n";
            if (phase.tasks.empty()) {
                out += "      " + pid + "_empty [label=\"(no projects)\", shape=plaintext];\n";
                nodes.push_back(pid + "_empty");
            }
            for (std::size_t t = 0; t < phase.tasks.size(); ++t) {
                const auto &task = phase.tasks[t];
                std::string label = task.project;
                for (const auto &s : task.steps) label += "\n" + s.name + " (" + s.action + ")";
                std::string tid = pid + "_t" + std::to_string(t);
                out += "      " + tid + " [label=" + dot_quote(label) + "];\n";
                nodes.push_back(tid);
            }
            out += "    }\n";
        }
        out += "  }\n";
        std::string join = gid + "_done";
        out += "  " + join + " [shape=point, width=0.05];\n";
        for (const auto &n : nodes) {
            if (!previous_join.empty()) out += "  " + previous_join + " -> " + n + ";\n";
            out += "  " + n + " -> " + join + ";\n";
        }
        previous_join = join;
    }
    out += "}\n";
    return out;
}

}  // namespace forge::discovery
