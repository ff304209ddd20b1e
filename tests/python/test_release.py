"""forge.release_* and forge.oci_* on examples/monorepo: into a layout and into a real registry."""
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
def built_monorepo(tmp_path):
    """examples/monorepo committed, with the api image built by its build step."""
    repo = tmp_path / "acme-mono"
    shutil.copytree(SOURCE / "examples" / "monorepo", repo)
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "initial")
    subprocess.run(["sh", "./scripts/build-image.sh", "dist/image"], cwd=repo / "services" / "api", check=True,
                   capture_output=True)
    return repo


def _context(tmp_path):
    ctx = forge.Context(log_level="off")
    ctx.set("state_dir", str(tmp_path / "state"))
    return ctx


def test_release_into_the_embedded_layout(built_monorepo, tmp_path):
    sha = _git(built_monorepo, "rev-parse", "HEAD")
    with _context(tmp_path) as ctx:
        preview = forge.release_render(built_monorepo, "api", branch="main", context=ctx)
        assert f"oci:{tmp_path}/state/oci/acme/api/api:sha-{sha}" in preview

        created = forge.release_create(built_monorepo, "api", branch="main", context=ctx)
        assert created["number"] == 1
        assert created["tags"] == [sha, "1", "main-1"]
        assert created["artifacts"][0]["name"] == "api"

        with pytest.raises(forge.Conflict, match="immutable"):
            forge.release_create(built_monorepo, "api", branch="main", context=ctx)

        layout = f"oci:{tmp_path}/state/oci"
        shown = forge.release_show("acme/api/main-1", registry=layout, resources=True, context=ctx)
        assert shown["source"]["commit"] == sha
        assert shown["digest"] == created["digest"]
        assert "00-deployment-api.yaml" in shown["resources"]
        assert created["artifacts"][0]["image"] in shown["resources"]["00-deployment-api.yaml"]
        assert [r["number"] for r in forge.release_list("acme/api", registry=layout, context=ctx)] == [1]

        inspected = forge.oci_inspect(f"oci:{tmp_path}/state/oci/acme/api:{sha}", context=ctx)
        assert inspected["artifactType"] == "application/vnd.forge.release.v1"


def test_release_into_a_registry_and_copy_back(built_monorepo, tmp_path, registry_server):
    sha = _git(built_monorepo, "rev-parse", "HEAD")
    registry = f"{registry_server.host}/releases"
    with _context(tmp_path) as ctx:
        created = forge.release_create(built_monorepo, "api", registry=registry, manual=False, branch="main",
                                       context=ctx)
        assert created["image"] == f"{registry}/acme/api:{sha}"
        shown = forge.release_show("acme/api/1", registry=registry, context=ctx)
        assert shown["digest"] == created["digest"]

        pulled = forge.oci_pull(f"{registry}/acme/api:main-1", f"oci:{tmp_path}/copy:r1", context=ctx)
        assert pulled["digest"] == created["digest"]
        tracking = created["artifacts"][0]
        info = forge.oci_inspect(tracking["image"], context=ctx)
        assert info["digest"] == tracking["digest"]
        assert [layer["mediaType"] for layer in info["layers"]] == [
            "application/vnd.forge.artifact.metadata.v1+json", "application/vnd.syft+json",
            "application/vnd.in-toto+json"]

        with pytest.raises(forge.NotFound):
            forge.oci_inspect(f"{registry}/acme/api:nope", context=ctx)
        with pytest.raises(forge.InvalidArgument):
            forge.oci_push(f"{registry}/acme/api:1", f"oci:{tmp_path}/x:y", context=ctx)
