"""forge.run / forge.logs on a fresh git repository: events, the report, logs, errors, callbacks."""
import pathlib
import subprocess

import pytest

import forge


def _git(cwd, *args):
    env = {"HOME": str(cwd), "GIT_CONFIG_NOSYSTEM": "1", "PATH": "/usr/bin:/bin",
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path):
    root = tmp_path / "repo"
    (root / ".forge").mkdir(parents=True)
    (root / ".forge" / "repo.cue").write_text(
        'package repo\nforgeVersion: "0.1.0"\ntagging: strategy: "monorepo"\n'
        "phases: {check: group: 1, build: group: 2}\n")
    for name, run in (("ok", "echo first; echo second"), ("other", "echo other")):
        (root / name / ".forge").mkdir(parents=True)
        (root / name / ".forge" / "project.cue").write_text(
            f'package project\nphases: {{check: steps: [{{name: "s", action: "shell", run: "{run}"}}], '
            f'build: steps: [{{name: "b", action: "shell", run: "true"}}]}}\n')
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "init")
    return root


def test_run_reports_events_and_logs(repo, tmp_path):
    events = []
    state = tmp_path / "state"
    report = forge.run(str(repo), commit="main", state_dir=str(state), on_event=events.append)
    assert report["status"] == "success"
    assert len(report["commit_sha"]) == 40
    assert [p["phase_name"] for p in report["phases"]] == ["check", "build"]
    kinds = [e["event"] for e in events]
    assert kinds[0] == "discovery.started" and "run.finished" in kinds
    # After the pipeline: the release and deploy stages (nothing triggers a release here).
    after = kinds[kinds.index("run.finished") + 1:]
    assert [e["stage"] for e in events if e["event"] == "stage.finished"] == ["release", "deploy"]
    assert all(k.split(".")[0] in ("stage", "release", "deploy") for k in after)
    assert "release.created" not in kinds
    assert kinds.count("step.finished") == 4
    assert forge.logs(report["id"], "check", "ok", "s", state_dir=str(state)) == "first\nsecond\n"
    with pytest.raises(forge.NotFound):
        forge.logs(report["id"], "check", "ok", "nope", state_dir=str(state))


def test_run_without_release_ends_with_the_pipeline(repo, tmp_path):
    events = []
    report = forge.run(str(repo), commit="main", state_dir=str(tmp_path / "state"), on_event=events.append,
                       release=False)
    assert report["status"] == "success"
    assert events[-1]["event"] == "run.finished"
    assert not any(e["event"].startswith("stage.") for e in events)


def test_selection_dry_run_and_errors(repo, tmp_path):
    plan = forge.run(str(repo), phases=["build"], projects=["other"], dry_run=True, state_dir=str(tmp_path / "s"))
    assert [(p["phase_name"], [t["project_name"] for t in p["tasks"]]) for p in plan["phases"]] == [("build", ["other"])]
    assert plan["phases"][0]["tasks"][0]["steps"][0]["status"] == "pending"
    with pytest.raises(forge.InvalidArgument, match='no project "ghost"'):
        forge.run(str(repo), projects=["ghost"], state_dir=str(tmp_path / "s"))


def test_failed_run_is_a_report_not_an_exception(repo, tmp_path):
    (repo / "ok" / ".forge" / "project.cue").write_text(
        'package project\nphases: check: steps: [{name: "s", action: "shell", run: "exit 4"}]\n')
    report = forge.run(str(repo), state_dir=str(tmp_path / "s"))  # the work tree, uncommitted change included
    assert report["status"] == "failed"
    step = report["phases"][0]["tasks"][0]["steps"][0]
    assert step["exit_code"] == 4 and step["status"] == "failed"
    assert report["phases"][1]["status"] == "skipped"


def test_callback_exception_cancels_and_is_raised(repo, tmp_path):
    class Stop(Exception):
        pass

    def on_event(event):
        if event["event"] == "task.started":
            raise Stop("enough")

    with pytest.raises(Stop, match="enough"):
        forge.run(str(repo), state_dir=str(tmp_path / "s"), on_event=on_event)
    reports = list(pathlib.Path(tmp_path / "s" / "runs").glob("*/report.json"))
    assert len(reports) == 1 and '"status":"cancelled"' in reports[0].read_text()
