#include "pipeline/scheduler.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cerrno>
#include <cstring>
#include <thread>
#include <vector>

#include "core/ids.hpp"
#include "objstore/objstore.hpp"
#include "secrets/secret_ref.hpp"

namespace forge::pipeline {

namespace json = boost::json;
using sys_clock = std::chrono::system_clock;

namespace {

long long millis_between(const std::optional<time_point> &a, const std::optional<time_point> &b) {
    if (!a || !b) return 0;
    return std::chrono::duration_cast<std::chrono::milliseconds>(*b - *a).count();
}

void skip_task(task_record &tr) {
    tr.status = run_status::skipped;
    for (auto &s : tr.steps) s.status = run_status::skipped;
}

// failed beats cancelled beats success; all-skipped stays skipped.
run_status combine(const std::vector<run_status> &parts) {
    bool any_failed = false, any_cancelled = false, any_ran = false;
    for (auto s : parts) {
        any_failed |= s == run_status::failed;
        any_cancelled |= s == run_status::cancelled;
        any_ran |= s != run_status::skipped && s != run_status::pending;
    }
    if (any_failed) return run_status::failed;
    if (any_cancelled) return run_status::cancelled;
    if (!parts.empty() && !any_ran) return run_status::skipped;
    return run_status::success;
}

status_result write_file_atomically(const std::filesystem::path &path, const std::string &data) {
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) return make_error(status::io, "creating " + path.parent_path().string() + ": " + ec.message());
    std::string tmp = path.string() + ".tmp-XXXXXX";
    int fd = ::mkostemp(tmp.data(), O_CLOEXEC);
    if (fd < 0) return make_error(status::io, "writing " + path.string() + ": " + std::strerror(errno));
    std::size_t done = 0;
    while (done < data.size()) {
        ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) break;
        done += static_cast<std::size_t>(n);
    }
    ::fchmod(fd, 0644);
    bool ok = done == data.size() && ::close(fd) == 0;
    if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
        int err = errno;
        ::unlink(tmp.c_str());
        return make_error(status::io, "writing " + path.string() + ": " + std::strerror(err));
    }
    return {};
}

}  // namespace

// Collects one step's output: masked, in arrival order, bounded; forwards each line live.
class scheduler::step_sink final : public ports::exec_sink {
  public:
    step_sink(scheduler &s, const log_line &where) : s_(s), where_(where) {}

    void line(ports::output_stream stream, std::string_view text) override {
        std::string masked = s_.ctx_.logger().secrets().mask(text);
        if (log_.size() + masked.size() + 1 <= s_.opt_.max_log_bytes) {
            log_.append(masked);
            log_.push_back('\n');
        } else {
            dropped_ += masked.size() + 1;
        }
        if (s_.opt_.on_log_line) {
            log_line l = where_;
            l.stream = stream;
            l.text = masked;
            s_.opt_.on_log_line(l);
        }
    }
    bool cancelled() const override { return s_.aborted(); }

    std::string take_log() {
        if (dropped_ > 0) log_ += "forge: log truncated, " + std::to_string(dropped_) + " more bytes were not kept\n";
        return std::move(log_);
    }

  private:
    scheduler &s_;
    log_line where_;
    std::string log_;
    std::size_t dropped_ = 0;
};

scheduler::scheduler(context &ctx, scheduler_options options)
    : ctx_(ctx), opt_(std::move(options)), run_id_(opt_.run_id.empty() ? make_uuid_v4() : opt_.run_id) {
    if (opt_.jobs == 0) opt_.jobs = std::max(1u, std::thread::hardware_concurrency());
}

bool scheduler::aborted() {
    if (abort_.load(std::memory_order_acquire) != 0) return true;
    if (cancel_requested_.load(std::memory_order_relaxed) ||
        (opt_.cancel_flag != nullptr && opt_.cancel_flag->load(std::memory_order_relaxed))) {
        abort(abort_reason::cancelled);
        return true;
    }
    if (std::chrono::steady_clock::now() >= deadline_) {
        abort(abort_reason::failed);
        return true;
    }
    return false;
}

void scheduler::abort(abort_reason why) {
    int expected = 0;
    abort_.compare_exchange_strong(expected, static_cast<int>(why), std::memory_order_acq_rel);
}

void scheduler::emit(std::string_view event, json::object &&fields) {
    if (!opt_.on_event) return;
    json::object o;
    o["event"] = event;
    o["run_id"] = run_id_;
    o["timestamp"] = format_timestamp(sys_clock::now());
    for (auto &kv : fields) o[kv.key()] = std::move(kv.value());
    // Error texts can quote a command's output; nothing leaves unmasked.
    std::string text = ctx_.logger().secrets().mask(json::serialize(o));
    std::lock_guard lock(event_mu_);
    opt_.on_event(text);
}

void scheduler::run_step(const phase &ph, const task &t, const ports::step_spec &spec, step_record &sr) {
    sr.status = run_status::running;
    sr.started_at = sys_clock::now();
    emit("step.started", {{"phase", ph.name}, {"project", t.project}, {"step", sr.name}, {"step_id", sr.id}});

    ports::step_spec run_spec = spec;
    std::filesystem::path project_dir = opt_.repo_root / t.project_path;
    // A step's workdir is relative to the repository root (discovery sets the project's path).
    run_spec.workdir = spec.workdir.empty() ? project_dir.lexically_normal().string()
                                            : (opt_.repo_root / spec.workdir).lexically_normal().string();
    if (run_spec.timeout.count() <= 0) run_spec.timeout = ph.timeout.count() > 0 ? ph.timeout : default_step_timeout;

    step_sink sink(*this, log_line{run_id_, ph.name, t.project, sr.name, ports::output_stream::out, {}});
    // Secrets are resolved here, at the point of use; resolving teaches the redactor their values.
    status_result secrets_ok;
    for (const auto &[name, ref_json] : spec.secrets) {
        auto ref = secrets::parse_secret_ref(ref_json);
        auto value = ref ? ctx_.resolve_secret(*ref) : result<std::string>(ref.err());
        if (!value) {
            secrets_ok = make_error(value.err().code, "resolving the secret " + name + ": " + value.err().message);
            break;
        }
        run_spec.env[name] = std::move(value).value();
    }
    auto exec = ctx_.executors().get(spec.action);
    result<int> outcome = !secrets_ok ? result<int>(secrets_ok.err())
                          : exec      ? (*exec)->execute(run_spec, sink)
                                      : result<int>(exec.err());
    if (!secrets_ok) {
        sink.line(ports::output_stream::err, "forge: " + secrets_ok.err().message);
    } else if (!exec) {
        sink.line(ports::output_stream::err, "forge: " + exec.err().message);
    }

    if (outcome) {
        sr.exit_code = *outcome;
        sr.status = *outcome == 0 ? run_status::success : run_status::failed;
    } else {
        sr.error = ctx_.logger().secrets().mask(outcome.err().message);
        sr.status = outcome.err().code == status::cancelled ? run_status::cancelled : run_status::failed;
    }
    sr.completed_at = sys_clock::now();

    std::string key = objstore::log_key(run_id_, ph.name, t.project, sr.name);
    if (auto put = store_->put(key, sink.take_log()); put) {
        sr.logs_key = key;
    } else if (sr.status == run_status::success) {
        // A step whose log is lost cannot be shown to have passed.
        sr.status = run_status::failed;
        sr.error = "storing its log: " + put.err().message;
    }
    if (sr.status == run_status::failed) abort(abort_reason::failed);

    json::object f{{"phase", ph.name},
                   {"project", t.project},
                   {"step", sr.name},
                   {"step_id", sr.id},
                   {"status", status_name(sr.status)},
                   {"exit_code", sr.exit_code ? json::value(*sr.exit_code) : json::value(nullptr)},
                   {"duration_ms", millis_between(sr.started_at, sr.completed_at)},
                   {"logs_key", sr.logs_key.empty() ? json::value(nullptr) : json::value(sr.logs_key)}};
    if (!sr.error.empty()) f["error"] = sr.error;
    emit("step.finished", std::move(f));
}

void scheduler::run_task(const phase &ph, const task &t, task_record &tr) {
    if (aborted()) {
        skip_task(tr);
        return;
    }
    tr.status = run_status::running;
    tr.started_at = sys_clock::now();
    emit("task.started", {{"phase", ph.name}, {"project", t.project}, {"task_id", tr.id}});
    std::vector<run_status> outcomes;
    for (std::size_t i = 0; i < t.steps.size(); ++i) {
        auto &sr = tr.steps[i];
        if (aborted() || (!outcomes.empty() && outcomes.back() != run_status::success)) {
            sr.status = run_status::skipped;
        } else {
            run_step(ph, t, t.steps[i], sr);
        }
        outcomes.push_back(sr.status);
    }
    tr.status = combine(outcomes);
    if (tr.status == run_status::skipped) tr.status = run_status::cancelled;  // it started, then was stopped
    tr.completed_at = sys_clock::now();
    emit("task.finished", {{"phase", ph.name},
                           {"project", t.project},
                           {"task_id", tr.id},
                           {"status", status_name(tr.status)},
                           {"duration_ms", millis_between(tr.started_at, tr.completed_at)}});
}

result<run_record> scheduler::run(const dag &d) {
    if (opt_.store) {
        store_ = opt_.store;
    } else {
        FORGE_TRY_ASSIGN(store_, objstore::object_store_for(ctx_));
    }

    // The whole record exists up front (all pending), so a report always lists every step.
    run_record rec = plan_record(d, run_id_);

    rec.status = run_status::running;
    rec.started_at = sys_clock::now();
    if (opt_.run_limit.count() > 0) deadline_ = std::chrono::steady_clock::now() + opt_.run_limit;
    emit("run.started", {{"repository", d.repository}, {"commit", d.commit}, {"branch", d.branch}});

    std::size_t phase_index = 0;
    for (const auto &g : d.groups) {
        std::size_t first_phase = phase_index;
        phase_index += g.phases.size();
        if (aborted()) {
            for (std::size_t i = first_phase; i < phase_index; ++i) {
                rec.phases[i].status = run_status::skipped;
                for (auto &tr : rec.phases[i].tasks) skip_task(tr);
            }
            continue;
        }
        struct work {
            const phase *ph;
            const task *t;
            task_record *tr;
        };
        std::vector<work> queue;
        for (std::size_t i = 0; i < g.phases.size(); ++i) {
            auto &pr = rec.phases[first_phase + i];
            pr.status = run_status::running;
            pr.started_at = sys_clock::now();
            emit("phase.started", {{"phase", pr.name}, {"group", g.number}, {"phase_id", pr.id}});
            for (std::size_t j = 0; j < g.phases[i].tasks.size(); ++j)
                queue.push_back(work{&g.phases[i], &g.phases[i].tasks[j], &pr.tasks[j]});
        }

        std::atomic<std::size_t> next{0};
        auto worker = [&] {
            for (std::size_t i = next.fetch_add(1); i < queue.size(); i = next.fetch_add(1))
                run_task(*queue[i].ph, *queue[i].t, *queue[i].tr);
        };
        std::size_t threads = std::min<std::size_t>(opt_.jobs, queue.size());
        if (threads <= 1) {
            worker();
        } else {
            std::vector<std::thread> pool;
            pool.reserve(threads - 1);
            for (std::size_t i = 1; i < threads; ++i) pool.emplace_back(worker);
            worker();  // this thread works too
            for (auto &th : pool) th.join();
        }

        for (std::size_t i = first_phase; i < phase_index; ++i) {
            auto &pr = rec.phases[i];
            std::vector<run_status> parts;
            for (const auto &tr : pr.tasks) parts.push_back(tr.status);
            pr.status = combine(parts);
            // A phase ends with its last task (its group may still be busy with another phase).
            pr.completed_at = pr.started_at;
            for (const auto &tr : pr.tasks)
                if (tr.completed_at && *tr.completed_at > *pr.completed_at) pr.completed_at = tr.completed_at;
            emit("phase.finished", {{"phase", pr.name},
                                    {"group", pr.group},
                                    {"phase_id", pr.id},
                                    {"status", status_name(pr.status)},
                                    {"duration_ms", millis_between(pr.started_at, pr.completed_at)}});
        }
    }
    aborted();  // a cancel() that arrived after the last step still counts
    switch (static_cast<abort_reason>(abort_.load())) {
        case abort_reason::none:
            rec.status = run_status::success;
            break;
        case abort_reason::failed:
            rec.status = run_status::failed;
            break;
        case abort_reason::cancelled:
            rec.status = run_status::cancelled;
            break;
    }
    rec.completed_at = sys_clock::now();
    auto written = write_report(rec);
    emit("run.finished",
         {{"status", status_name(rec.status)}, {"duration_ms", millis_between(rec.started_at, rec.completed_at)}});
    if (!written) return std::move(written).err();
    return rec;
}

status_result scheduler::write_report(const run_record &record) {
    std::string state_dir = opt_.state_dir.empty() ? ctx_.config().get_or("state_dir", "") : opt_.state_dir;
    if (state_dir.empty()) return {};
    std::string text = ctx_.logger().secrets().mask(json::serialize(report_json(record, store_.get())));
    text.push_back('\n');
    auto path = std::filesystem::path(state_dir) / "runs" / objstore::key_segment(run_id_) / "report.json";
    auto r = write_file_atomically(path, text);
    if (!r) return std::move(r).err().wrap("writing the run report");
    return {};
}

}  // namespace forge::pipeline
