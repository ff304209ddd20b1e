"""The Python fixtures start real servers that answer, and leave nothing behind when they stop."""

import base64
import json
import os
import socket
import subprocess
import urllib.error
import urllib.request

import pytest

from fixtures import start_server


def _read_line(sock):
    data = b""
    while not data.endswith(b"\r\n"):
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    return data.decode()


def test_nats_server_speaks_nats_with_jetstream(nats_server):
    assert nats_server.url == f"nats://127.0.0.1:{nats_server.port}"
    with socket.create_connection(("127.0.0.1", nats_server.port), timeout=10) as sock:
        info_line = _read_line(sock)
        assert info_line.startswith("INFO ")
        info = json.loads(info_line[len("INFO "):])
        assert info["jetstream"] is True
        sock.sendall(b'CONNECT {"verbose":false}\r\nPING\r\n')
        assert _read_line(sock) == "PONG\r\n"


def test_postgres_server_runs_sql_through_psql(postgres_server):
    psql = os.path.join(postgres_server.bin_dir, "psql")
    sql = ("CREATE TABLE runs (id serial PRIMARY KEY, name text NOT NULL);"
           "INSERT INTO runs (name) VALUES ('build'), ('deploy');"
           "SELECT string_agg(name, ',' ORDER BY id) FROM runs;")
    result = subprocess.run([psql, postgres_server.conninfo, "-X", "-v", "ON_ERROR_STOP=1", "-At", "-c", sql],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "build,deploy"
    assert postgres_server.url == f"postgresql://postgres@127.0.0.1:{postgres_server.port}/forge"


def test_registry_server_answers_the_v2_api(registry_server):
    with urllib.request.urlopen(f"{registry_server.url}/v2/", timeout=10) as response:
        assert response.status == 200
        assert response.headers["Docker-Distribution-Api-Version"] == "registry/2.0"
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(f"{registry_server.url}/v2/forge/missing/manifests/latest", timeout=10)
    assert missing.value.code == 404
    assert json.load(missing.value)["errors"][0]["code"] in ("MANIFEST_UNKNOWN", "NAME_UNKNOWN")


def test_registry_server_with_basic_auth():
    with start_server("registry", auth=("forge", "pa55word")) as registry:
        url = f"{registry.url}/v2/"
        with pytest.raises(urllib.error.HTTPError) as anonymous:
            urllib.request.urlopen(url, timeout=10)
        assert anonymous.value.code == 401
        token = base64.b64encode(b"forge:pa55word").decode()
        request = urllib.request.Request(url, headers={"Authorization": f"Basic {token}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200


def _git(cwd, *args, env):
    result = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, f"git {' '.join(args)}: {result.stderr}"
    return result.stdout


def test_git_repository_receives_a_push(git_repository, tmp_path):
    env = dict(os.environ, HOME=str(tmp_path), GIT_CONFIG_NOSYSTEM="1", GIT_TERMINAL_PROMPT="0",
               GIT_AUTHOR_NAME="Forge Test", GIT_AUTHOR_EMAIL="test@example.invalid",
               GIT_COMMITTER_NAME="Forge Test", GIT_COMMITTER_EMAIL="test@example.invalid")
    assert git_repository.url == "file://" + git_repository.path
    work = tmp_path / "work"
    _git(tmp_path, "init", "-q", "-b", "main", str(work), env=env)
    (work / "README.md").write_text("# demo\n")
    _git(work, "add", "README.md", env=env)
    _git(work, "commit", "-q", "-m", "Initial commit", env=env)
    _git(work, "tag", "v0.1.0", env=env)
    commit = _git(work, "rev-parse", "HEAD", env=env).strip()
    _git(work, "push", "-q", git_repository.url, "main", "v0.1.0", env=env)
    refs = _git(tmp_path, "ls-remote", git_repository.url, env=env)
    assert f"{commit}\trefs/heads/main" in refs
    assert f"{commit}\trefs/tags/v0.1.0" in refs


def _all_pids():
    return [int(name) for name in os.listdir("/proc") if name.isdigit()]


def _stat(pid):
    """(ppid, state, start time) of a live process, or None."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None
    return int(fields[1]), fields[0], int(fields[19])


def _descendants(root):
    stats = {pid: s for pid in _all_pids() if (s := _stat(pid))}
    found, frontier = [], [root]
    while frontier:
        parent = frontier.pop()
        for pid, (ppid, state, started) in stats.items():
            if ppid == parent and state != "Z":
                found.append((pid, started))
                frontier.append(pid)
    return found


def _mentioning(needle):
    pids = []
    for pid in _all_pids():
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cmdline = f.read()
        except (FileNotFoundError, ProcessLookupError):
            continue
        stat = _stat(pid)
        if needle.encode() in cmdline and stat and stat[1] != "Z" and pid != os.getpid():
            pids.append(pid)
    return pids


@pytest.mark.parametrize("kind", ["nats", "postgres", "registry"])
def test_servers_leave_nothing_behind(kind):
    with start_server(kind) as server:
        pgid, directory = server.pgid, server.dir
        os.killpg(pgid, 0)  # the group is alive while the server runs
        assert _mentioning(directory)
        tree = _descendants(server.pid)
        if kind == "postgres":
            assert len(tree) >= 3  # checkpointer, background writer, ... in sessions of their own
    with pytest.raises(ProcessLookupError):
        os.killpg(pgid, 0)
    assert _mentioning(directory) == []
    for pid, started in tree:
        stat = _stat(pid)
        assert stat is None or stat[2] != started or stat[1] == "Z", f"pid {pid} survived"
    assert not os.path.exists(directory)


def test_git_repository_directory_is_removed():
    with start_server("git") as repository:
        directory = repository.dir
        assert os.path.isdir(repository.path)
    assert not os.path.exists(directory)


def test_server_is_stopped_when_the_test_body_raises():
    with pytest.raises(RuntimeError, match="test body failed"):
        with start_server("nats") as server:
            pgid, directory = server.pgid, server.dir
            raise RuntimeError("test body failed")
    with pytest.raises(ProcessLookupError):
        os.killpg(pgid, 0)
    assert not os.path.exists(directory)


def test_unknown_kind_fails_with_the_launchers_message():
    with pytest.raises(RuntimeError, match="unknown fixture kind: redis"):
        with start_server("redis"):
            pass
