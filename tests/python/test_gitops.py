"""forge.GitOps and forge.cmp_*: deploy, promote, rollback, history and the plugin's render over a
bare GitOps repository and an OCI image layout written here byte by byte (no Forge code involved)."""
import hashlib
import io
import json
import subprocess
import tarfile

import pytest

import forge

DEPLOYMENT = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: {}\n"
SERVICE = "apiVersion: v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  ports:\n    - port: 80\n"


def _blob(layout, media_type, data):
    digest = hashlib.sha256(data).hexdigest()
    path = layout / "blobs" / "sha256" / digest
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return {"mediaType": media_type, "digest": "sha256:" + digest, "size": len(data)}


def publish(root, sha, number, files):
    """Release `number` of shop/api in the layout root/shop/api, tagged with its SHA and number."""
    layout = root / "shop" / "api"
    layout.mkdir(parents=True, exist_ok=True)
    (layout / "oci-layout").write_text('{"imageLayoutVersion":"1.0.0"}')
    meta = json.dumps({"number": number, "aliases": {"numeric": number}, "repository": "shop", "project": "api",
                       "trigger": {"kind": "branch"}, "source": {"repository": "", "commit": sha}}).encode()
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for name, text in sorted(files.items()):
            info = tarfile.TarInfo(name)
            info.size = len(text.encode())
            info.mode = 0o644
            tar.addfile(info, io.BytesIO(text.encode()))
    manifest = json.dumps({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "artifactType": "application/vnd.forge.release.v1",
        "config": _blob(layout, "application/vnd.oci.empty.v1+json", b"{}"),
        "layers": [_blob(layout, "application/vnd.forge.release.metadata.v1+json", meta),
                   _blob(layout, "application/vnd.forge.release.resources.v1+tar", buf.getvalue())],
    }).encode()
    desc = _blob(layout, "application/vnd.oci.image.manifest.v1+json", manifest)
    index_path = layout / "index.json"
    index = json.loads(index_path.read_text()) if index_path.exists() else {
        "schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": []}
    for tag in (sha, str(number)):
        index["manifests"].append(dict(desc, annotations={"org.opencontainers.image.ref.name": tag}))
    index_path.write_text(json.dumps(index))


def sha_of(n):
    return hashlib.sha1(str(n).encode()).hexdigest()


@pytest.fixture
def world(tmp_path):
    assert forge.init_repository(str(tmp_path / "gitops.git"))
    assert not forge.init_repository(str(tmp_path / "gitops.git"))
    publish(tmp_path / "oci", sha_of(1), 1, {"deployment.yaml": DEPLOYMENT.format(2)})
    publish(tmp_path / "oci", sha_of(2), 2, {"deployment.yaml": DEPLOYMENT.format(3), "service.yaml": SERVICE})
    repo = forge.GitOps(str(tmp_path / "gitops.git"), cache_dir=str(tmp_path / "cache"),
                        registry="oci:" + str(tmp_path / "oci"), author_name="Py Test", author_email="py@example.com")
    return tmp_path, repo


def test_deploy_promote_rollback_history(world):
    tmp, repo = world
    assert not repo.env_init("dev")["unchanged"]
    first = repo.deploy("shop/api/1", "dev", deployed_by="alice")
    assert first["pointer"]["release"] == sha_of(1)
    assert first["pointer"]["aliases"] == {"numeric": 1}
    assert first["path"] == "dev/apps/shop/api/release.yaml"
    assert repo.deploy("shop/api/" + sha_of(1), "dev", deployed_by="alice")["unchanged"]
    repo.deploy("shop/api/2", "dev", deployed_by="alice")

    with pytest.raises(forge.PermissionDenied, match="approv"):
        repo.promote("shop/api", "dev", "production", deployed_by="bob")
    prod = repo.promote("shop/api", "dev", "production", deployed_by="bob", approved_by="carol")
    assert prod["pointer"]["approvedBy"] == "carol"

    back = repo.rollback("shop/api", "dev", deployed_by="alice")
    assert back["pointer"]["release"] == sha_of(1)
    with pytest.raises(forge.NotFound):
        repo.rollback("shop/api", "dev", to="v9")

    dev = repo.history("shop/api", env="dev")
    assert [r["pointer"]["release"] for r in dev] == [sha_of(1), sha_of(2), sha_of(1)]
    assert dev[0]["summary"].startswith("rollback shop/api to " + sha_of(1))
    assert len(repo.history("shop/api")) == 4
    log = subprocess.run(["git", "--git-dir", str(tmp / "gitops.git"), "log", "--format=%an %s", "main"],
                         check=True, capture_output=True, text=True).stdout.splitlines()
    assert len(log) == 5  # env init + 2 deploys + promotion + rollback; the re-deploy made no commit
    assert all(line.startswith("Py Test ") for line in log)

    pointer = ("apiVersion: forge.projectcatalyst.io/v1alpha1\nkind: ReleasePointer\nmetadata:\n  name: api\n"
               "spec:\n  release: " + sha_of(2) + "\n")
    assert repo.write_pointer("staging", "shop/api", pointer, "hand-written pointer")["pointer"]["release"] == sha_of(2)
    with pytest.raises(forge.InvalidArgument, match="spec.release"):
        repo.write_pointer("staging", "shop/api", pointer.replace(sha_of(2), "abc"), "bad")


def test_preview_and_cmp_generate_agree(world):
    tmp, repo = world
    repo.deploy("shop/api/2", "dev", deployed_by="alice")
    registry = "oci:" + str(tmp / "oci")
    preview = repo.preview("shop/api", "dev", cache_dir=str(tmp / "cmp-cache"))
    assert "replicas: 3" in preview and "kind: Service" in preview
    assert forge.cmp_render("shop/api", sha_of(2), registry=registry) == preview
    assert "replicas: 2" in repo.preview("shop/api", "dev", release="1")

    checkout = tmp / "checkout"
    subprocess.run(["git", "clone", "-q", str(tmp / "gitops.git"), str(checkout)], check=True)
    app = checkout / "dev" / "apps" / "shop" / "api"
    env = {"ARGOCD_APP_NAME": "dev-shop-api", "ARGOCD_APP_NAMESPACE": "shop-api"}
    assert forge.cmp_generate(str(app), registry=registry, cache_dir=str(tmp / "cmp-cache"), env=env) == preview

    with pytest.raises(forge.InvalidArgument, match="is not <env>/apps/<repo>/<project>"):
        forge.cmp_generate(str(checkout), registry=registry, env=env)
    with pytest.raises(forge.NotFound, match=sha_of(7)):
        forge.cmp_render("shop/api", sha_of(7), registry=registry)
