"""forge.discover / forge.dag / forge.validate on examples/monorepo committed into a fresh repository."""
import os
import pathlib
import shutil
import subprocess

import pytest

import forge

SOURCE = pathlib.Path(os.environ.get("FORGE_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))


def _git(cwd, *args):
    env = {"HOME": str(cwd), "GIT_CONFIG_NOSYSTEM": "1", "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture
def monorepo(tmp_path):
    repo = tmp_path / "acme-mono"
    shutil.copytree(SOURCE / "examples" / "monorepo", repo)
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "initial")
    return repo


def test_discover_example(monorepo):
    out = forge.discover(str(monorepo), commit="main", branch="main")
    assert out["repository"]["name"] == "acme"
    assert len(out["commit"]) == 40
    names = [p["name"] for p in out["projects"]]
    assert names == ["docs", "common", "api", "worker", "acmectl"]  # by path
    api = next(p for p in out["projects"] if p["name"] == "api")
    assert api["release"] == {"triggered": True, "reason": 'branch main matches "main"'}
    assert api["artifacts"][0]["publishers"] == ["docker"]
    kinds = [r["kind"] for r in api["deploy"]["resources"]]
    assert kinds == ["Deployment", "Network", "Secrets"]
    assert api["deploy"]["resources"][0]["spec"]["image"] == "@artifact(api).image"
    groups = out["dag"]["groups"]
    assert [g["number"] for g in groups] == [1, 2]
    assert [p["name"] for p in groups[0]["phases"]] == ["validate", "test"]


def test_tags_and_pull_requests(monorepo):
    tagged = forge.discover(str(monorepo), tag="acmectl/v1.0.0")
    released = [p["name"] for p in tagged["projects"] if p["release"]["triggered"]]
    assert released == ["acmectl"]
    pr = forge.discover(str(monorepo), branch="main", event="pull_request")
    assert not any(p["release"]["triggered"] for p in pr["projects"])


def test_dag_renderings(monorepo):
    text = forge.dag(str(monorepo))
    assert "phase build (timeout 20m)" in text
    dot = forge.dag(str(monorepo), format="dot")
    assert dot.startswith("digraph")
    assert forge.dag(str(monorepo), format="json")["groups"][1]["number"] == 2


def test_validate_reports_every_problem_with_positions(monorepo):
    assert forge.validate(str(monorepo)) == []
    cli = monorepo / "tools" / "cli" / ".forge" / "project.cue"
    cli.write_text(cli.read_text().replace('publishers: ["releases"]', 'publishers: ["nowhere"]'))
    extra = monorepo / "extra" / ".forge"
    extra.mkdir(parents=True)
    (extra / "project.cue").write_text('package project\nphases: ship: steps: [{name: "s", action: "shell", run: "true"}]\n')
    problems = forge.validate(str(monorepo))  # uncommitted and untracked files count
    assert [(p["file"], p["line"], p["column"]) for p in problems] == [
        ("extra/.forge/project.cue", 2, 9),
        ("tools/cli/.forge/project.cue", 14, 15),
    ]
    assert 'phase "ship" is not defined' in problems[0]["message"]
    with pytest.raises(forge.InvalidArgument, match="publisher \"nowhere\""):
        forge.discover(str(monorepo), local=True)


def test_cache_is_reused_through_one_context(monorepo, tmp_path):
    cache = tmp_path / "cache"
    with forge.Context() as ctx:
        first = forge.discover(str(monorepo), cache_dir=str(cache), context=ctx)
        second = forge.discover(str(monorepo), cache_dir=str(cache), context=ctx)
    assert first == second
    assert len(list((cache / "projects").glob("segment-*.json"))) == 1  # only the first discovery evaluated


def test_unknown_event_and_missing_repository(tmp_path):
    with pytest.raises(forge.InvalidArgument, match="unknown event"):
        forge.discover(str(tmp_path), event="cron")
    with pytest.raises(forge.Error):
        forge.discover(str(tmp_path / "nope"))
