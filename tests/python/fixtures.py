"""pytest fixtures that start real test servers through the forge-test-server launcher.

The launcher (built from tests/support/launcher.cpp; its path comes from $FORGE_TEST_SERVER) starts
one server on 127.0.0.1 in a temporary directory, prints one JSON line with its endpoints and keeps
the server until its stdin closes. Closing stdin here stops the server and removes the directory; if
this Python process dies, the pipe closes too, so a crashed test run cannot leave servers behind.

conftest.py does `from fixtures import *`, which exports the fixtures and `start_server`.
"""

import contextlib
import json
import os
import subprocess
import tempfile
from types import SimpleNamespace

import pytest

__all__ = ["start_server", "nats_server", "postgres_server", "registry_server", "git_repository"]

_START_TIMEOUT = 120  # seconds; PostgreSQL needs a few on a loaded machine
_STOP_TIMEOUT = 60


def _launcher():
    path = os.environ.get("FORGE_TEST_SERVER")
    if not path:
        pytest.fail("FORGE_TEST_SERVER is not set: it must name the forge-test-server launcher "
                    "(build/bin/forge-test-server)", pytrace=False)
    if not os.access(path, os.X_OK):
        pytest.fail(f"FORGE_TEST_SERVER={path} is not an executable file; build forge-test-server",
                    pytrace=False)
    return path


def _read_announcement(proc, stderr_file, command):
    # The launcher prints exactly one line once the server answers, or exits with the reason.
    import selectors

    with selectors.DefaultSelector() as selector:
        selector.register(proc.stdout, selectors.EVENT_READ)
        ready = selector.select(timeout=_START_TIMEOUT)
    line = proc.stdout.readline() if ready else ""
    if line:
        return json.loads(line)
    if ready:
        proc.wait(timeout=_STOP_TIMEOUT)
    else:
        proc.kill()
        proc.wait()
    stderr_file.seek(0)
    detail = stderr_file.read().decode(errors="replace").strip()
    why = "timed out" if not ready else f"exited with code {proc.returncode}"
    raise RuntimeError(f"{' '.join(command)} {why} before announcing the server:\n{detail}")


@contextlib.contextmanager
def start_server(kind, auth=None):
    """Starts a server of `kind` (nats, postgres, registry, git) and yields its endpoints.

    The value is a SimpleNamespace of the launcher's JSON line, e.g. url, port, dir, pid, pgid;
    postgres adds conninfo, user, database, socket_dir, bin_dir; git has url, path, dir.
    `auth` is a (user, password) pair for the registry's basic authentication. The server is stopped
    and its directory removed when the context exits, also on exceptions.
    """
    command = [_launcher(), kind]
    if auth is not None:
        command += ["--auth", f"{auth[0]}:{auth[1]}"]
    with tempfile.TemporaryFile() as stderr_file:
        proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=stderr_file, text=True)
        try:
            info = _read_announcement(proc, stderr_file, command[:2])
            if auth is not None:
                info["user"], info["password"] = auth
            yield SimpleNamespace(**info)
        finally:
            _stop(proc, stderr_file)


def _stop(proc, stderr_file):
    if proc.poll() is None:
        proc.stdin.close()  # end-of-file asks the launcher to stop its server
        try:
            proc.wait(timeout=_STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            proc.terminate()
            try:
                proc.wait(timeout=_STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    proc.stdout.close()
    if proc.returncode not in (0, None):
        stderr_file.seek(0)
        detail = stderr_file.read().decode(errors="replace").strip()
        raise RuntimeError(f"forge-test-server exited with code {proc.returncode}:\n{detail}")


@pytest.fixture
def nats_server():
    """A nats-server with JetStream: .url (nats://127.0.0.1:PORT), .port, .dir, .pid, .pgid."""
    with start_server("nats") as server:
        yield server


@pytest.fixture
def postgres_server():
    """PostgreSQL with trust auth on 127.0.0.1: .conninfo, .url, .port, .user, .database, .bin_dir."""
    with start_server("postgres") as server:
        yield server


@pytest.fixture
def registry_server():
    """A plain-HTTP OCI registry: .host (127.0.0.1:PORT), .url, .port, .dir."""
    with start_server("registry") as server:
        yield server


@pytest.fixture
def git_repository():
    """A bare git repository with default branch main: .url (file://...), .path, .dir."""
    with start_server("git") as server:
        yield server
