#include "run_progress.hpp"

#include <boost/json.hpp>

namespace forge_cli {

namespace json = boost::json;

namespace {

std::string field(const json::object &o, const char *name) {
    auto it = o.find(name);
    if (it == o.end() || !it->value().is_string()) return {};
    return std::string(it->value().as_string());
}

long long number(const json::object &o, const char *name) {
    auto it = o.find(name);
    return it != o.end() && it->value().is_int64() ? it->value().as_int64() : 0;
}

const char *mark(const std::string &status) {
    if (status == "success") return "\x1b[32m✓\x1b[0m";
    if (status == "failed") return "\x1b[31m✗\x1b[0m";
    return "\x1b[33m-\x1b[0m";
}

}  // namespace

std::string format_duration(long long ms) {
    char buf[32];
    if (ms < 1000) {
        std::snprintf(buf, sizeof buf, "%lldms", ms);
    } else if (ms < 60000) {
        std::snprintf(buf, sizeof buf, "%.1fs", static_cast<double>(ms) / 1000.0);
    } else {
        std::snprintf(buf, sizeof buf, "%lldm%02llds", ms / 60000, (ms / 1000) % 60);
    }
    return buf;
}

run_progress::run_progress(std::FILE *out, bool live) : out_(out), live_(live) {
    if (live_) ticker_ = std::thread([this] { tick(); });
}

run_progress::~run_progress() {
    finish();
}

void run_progress::finish() {
    {
        std::lock_guard lock(mu_);
        if (done_) return;
        done_ = true;
        running_.clear();
        if (live_) redraw();
    }
    wake_.notify_all();
    if (ticker_.joinable()) ticker_.join();
    std::fflush(out_);
}

void run_progress::tick() {
    std::unique_lock lock(mu_);
    while (!done_) {
        wake_.wait_for(lock, std::chrono::milliseconds(200));
        if (!done_) redraw();
    }
}

void run_progress::print_permanent(const std::string &line) {
    if (live_) {
        // Clear the live area, print the line where it was, draw the live area again below it.
        if (drawn_ > 0) std::fprintf(out_, "\x1b[%zuF\x1b[J", drawn_);
        drawn_ = 0;
        std::fprintf(out_, "%s\n", line.c_str());
        redraw();
    } else {
        std::fprintf(out_, "%s\n", line.c_str());
        std::fflush(out_);
    }
}

void run_progress::redraw() {
    if (drawn_ > 0) std::fprintf(out_, "\x1b[%zuF\x1b[J", drawn_);
    auto now = std::chrono::steady_clock::now();
    for (const auto &[task, state] : running_) {
        auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now - state.started).count();
        std::fprintf(out_, "  \x1b[36m⋯\x1b[0m %-32s running  %-20s %s\n", task.c_str(), state.step.c_str(),
                     format_duration(ms).c_str());
    }
    drawn_ = running_.size();
    std::fflush(out_);
}

void run_progress::on_event(const char *event_json) {
    json::error_code ec;
    json::value v = json::parse(event_json, ec);
    if (ec || !v.is_object()) return;
    const auto &o = v.as_object();
    std::string event = field(o, "event");
    std::string task = field(o, "phase") + "/" + field(o, "project");
    std::string status = field(o, "status");
    std::string took = format_duration(number(o, "duration_ms"));

    std::lock_guard lock(mu_);
    if (done_) return;
    if (!live_) {
        // Plain lines: one per event, stable enough to grep.
        std::string line = field(o, "timestamp") + " " + event;
        if (event == "discovery.finished") {
            line += " projects=" + std::to_string(number(o, "projects")) + " duration=" + took;
        } else if (event == "run.started") {
            line += " run=" + field(o, "run_id") + " repository=" + field(o, "repository");
        } else if (event == "phase.started" || event == "phase.finished") {
            line += " phase=" + field(o, "phase") + " group=" + std::to_string(number(o, "group"));
        } else if (event.rfind("task.", 0) == 0 || event.rfind("step.", 0) == 0) {
            line += " phase=" + field(o, "phase") + " project=" + field(o, "project");
            if (event.rfind("step.", 0) == 0) line += " step=" + field(o, "step");
        } else if (event.rfind("stage.", 0) == 0) {
            line += " stage=" + field(o, "stage");
        } else if (event == "release.skipped") {
            line += " reason=\"" + field(o, "reason") + "\"";
        } else if (event == "release.created") {
            line += " project=" + field(o, "project") + " number=" + std::to_string(number(o, "number")) +
                    " image=" + field(o, "image") + " digest=" + field(o, "digest");
        } else if (event == "deploy.finished") {
            line += " project=" + field(o, "project") + " env=" + field(o, "env") + " path=" + field(o, "path") +
                    " commit=" + field(o, "commit");
        }
        if (!status.empty()) line += " status=" + status + " duration=" + took;
        if (auto err = field(o, "error"); !err.empty()) line += " error=\"" + err + "\"";
        print_permanent(line);
        return;
    }
    if (event == "discovery.finished") {
        print_permanent("discovered " + std::to_string(number(o, "projects")) + " projects in " + took);
    } else if (event == "run.started") {
        print_permanent("run " + field(o, "run_id"));
    } else if (event == "phase.started") {
        print_permanent("\x1b[1mphase " + field(o, "phase") + "\x1b[0m (group " + std::to_string(number(o, "group")) +
                        ")");
    } else if (event == "task.started") {
        running_[task] = running_task{"", std::chrono::steady_clock::now()};
        redraw();
    } else if (event == "step.started") {
        auto it = running_.find(task);
        if (it != running_.end()) it->second.step = field(o, "step");
        redraw();
    } else if (event == "step.finished" && status != "success") {
        std::string err = field(o, "error");
        print_permanent(std::string("  ") + mark(status) + " " + task + " " + field(o, "step") + " " + status +
                        (err.empty() ? "" : ": " + err));
    } else if (event == "task.finished") {
        running_.erase(task);
        char buf[256];
        std::snprintf(buf, sizeof buf, "  %s %-32s %-9s %s", mark(status), task.c_str(), status.c_str(), took.c_str());
        print_permanent(buf);
    } else if (event == "release.skipped") {
        print_permanent("  no release: " + field(o, "reason"));
    } else if (event == "release.created") {
        print_permanent("  released " + field(o, "repository") + "/" + field(o, "project") + " #" +
                        std::to_string(number(o, "number")) + " " + field(o, "image"));
    } else if (event == "deploy.finished") {
        print_permanent("  deployed " + field(o, "project") + " #" + std::to_string(number(o, "number")) + " to " +
                        field(o, "env") + ": " + field(o, "path") + " (" + field(o, "commit").substr(0, 12) + ")");
    } else if (event == "stage.finished") {
        print_permanent(std::string("  ") + mark(status) + " stage " + field(o, "stage") + " " + status);
    }
}

}  // namespace forge_cli
