// forge logs: the stored logs of a run. With --phase, --project and --step: that step's log.
// With some of them: every matching log, each under a "==> key <==" header. With none: the keys.
#include <boost/json.hpp>
#include <iostream>

#include "commands.hpp"
#include "state_dir.hpp"

namespace forge_cli {

namespace {

struct logs_flags {
    std::string run_id, phase, project, step, state_dir, repo = ".";
};

// pipeline-runs/<run>/logs/<phase>/<project>/<step>.log -> its three names, or false.
bool split_key(const std::string &key, std::string &phase, std::string &project, std::string &step) {
    auto at = key.find("/logs/");
    if (at == std::string::npos) return false;
    std::string rest = key.substr(at + 6);
    auto a = rest.find('/'), b = rest.find('/', a == std::string::npos ? a : a + 1);
    if (a == std::string::npos || b == std::string::npos || rest.size() < 4 || rest.substr(rest.size() - 4) != ".log")
        return false;
    phase = rest.substr(0, a);
    project = rest.substr(a + 1, b - a - 1);
    step = rest.substr(b + 1, rest.size() - b - 5);
    return true;
}

int show(const forge_app::common_options &opts, const logs_flags &f) {
    auto ctx = forge_app::make_context(opts);
    ctx.set("state_dir", resolve_state_dir(f.state_dir, f.repo));
    if (!f.phase.empty() && !f.project.empty() && !f.step.empty()) {
        char *log = nullptr;
        forge::api::check(
            forge_logs_read(&log, ctx, f.run_id.c_str(), f.phase.c_str(), f.project.c_str(), f.step.c_str()));
        std::cout << forge::api::take_string(log);
        return 0;
    }
    char *list = nullptr;
    forge::api::check(forge_logs_list(&list, ctx, f.run_id.c_str()));
    const auto keys = boost::json::parse(forge::api::take_string(list)).as_array();
    if (keys.empty()) {
        std::cerr << "forge: no logs for run " << f.run_id << "\n";
        return 1;
    }
    bool filtered = !f.phase.empty() || !f.project.empty() || !f.step.empty();
    int shown = 0;
    for (const auto &k : keys) {
        std::string key(k.as_string()), phase, project, step;
        if (!split_key(key, phase, project, step)) continue;
        if (!filtered) {
            std::cout << key << "\n";
            continue;
        }
        if ((!f.phase.empty() && f.phase != phase) || (!f.project.empty() && f.project != project) ||
            (!f.step.empty() && f.step != step))
            continue;
        char *log = nullptr;
        forge::api::check(forge_logs_read(&log, ctx, f.run_id.c_str(), phase.c_str(), project.c_str(), step.c_str()));
        std::cout << (shown++ ? "\n" : "") << "==> " << key << " <==\n" << forge::api::take_string(log);
    }
    if (filtered && shown == 0) {
        std::cerr << "forge: no log of run " << f.run_id << " matches\n";
        return 1;
    }
    return 0;
}

}  // namespace

void add_logs_command(CLI::App &app, forge_app::common_options &opts, command_list &out) {
    auto f = std::make_shared<logs_flags>();
    auto *cmd = app.add_subcommand("logs", "Print the stored logs of a run");
    cmd->add_option("run", f->run_id, "the run's id (forge run prints it)")->required();
    cmd->add_option("--phase", f->phase, "only this phase");
    cmd->add_option("--project", f->project, "only this project");
    cmd->add_option("--step", f->step, "only this step");
    cmd->add_option("--repo", f->repo, "the repository whose .forge-state to read")->capture_default_str();
    add_state_dir_flag(*cmd, f->state_dir);
    out.emplace_back(cmd, [&opts, f] { return show(opts, *f); });
}

}  // namespace forge_cli
