"""forge.run / forge.logs: a repository's pipeline run on this machine (forge/pipeline.h)."""
import ctypes
import json
import os

from . import _native
from ._callbacks import CallbackGuard
from .context import Context
from .errors import check

EVENT_CB = ctypes.CFUNCTYPE(None, ctypes.c_char_p, ctypes.c_void_p)


class RunOptions(ctypes.Structure):
    _fields_ = [
        ("version", ctypes.c_uint),
        ("repository", ctypes.c_char_p),
        ("revision", ctypes.c_char_p),
        ("branch", ctypes.c_char_p),
        ("phases", ctypes.POINTER(ctypes.c_char_p)),
        ("phase_count", ctypes.c_size_t),
        ("projects", ctypes.POINTER(ctypes.c_char_p)),
        ("project_count", ctypes.c_size_t),
        ("jobs", ctypes.c_uint),
        ("dry_run", ctypes.c_int),
        ("state_dir", ctypes.c_char_p),
        ("run_id", ctypes.c_char_p),
        ("on_event", EVENT_CB),
        ("event_payload", ctypes.c_void_p),
        ("cancel", ctypes.c_void_p),
        ("registry", ctypes.c_char_p),
        ("gitops", ctypes.c_char_p),
        ("no_release", ctypes.c_int),
        ("no_deploy", ctypes.c_int),
    ]


_OPTIONS_VERSION = 2
_run = _native._declare("forge_run", ctypes.c_int, _native.void_pp, ctypes.c_void_p, ctypes.POINTER(RunOptions))
_logs_read = _native._declare(
    "forge_logs_read", ctypes.c_int, _native.void_pp, ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p,
    ctypes.c_char_p, ctypes.c_char_p,
)
_cancel_new = _native._declare("forge_cancel_new", ctypes.c_int, _native.void_pp)
_cancel_free = _native._declare("forge_cancel_free", None, ctypes.c_void_p)
_cancel_request = _native._declare("forge_cancel_request", None, ctypes.c_void_p)


def _names(values):
    values = [str(v).encode() for v in (values or ())]
    return (ctypes.c_char_p * max(1, len(values)))(*values), len(values)


def default_state_dir(repo):
    """Where runs of `repo` keep their state unless told: $FORGE_STATE_DIR, else <repo>/.forge-state."""
    return os.environ.get("FORGE_STATE_DIR") or os.path.join(os.path.abspath(str(repo)), ".forge-state")


def run(repo=".", commit=None, branch=None, phases=None, projects=None, jobs=0, dry_run=False, state_dir=None,
        run_id=None, on_event=None, context=None, registry=None, gitops=None, release=True, deploy=True):
    """Runs the pipeline of the repository at `repo` and returns the run report (a dict shaped like
    GET /v1/runs/{id}); its "status" says success, failed or cancelled.

    Without `commit` (and `branch`) the work tree runs as it is on disk; with one, that revision is
    checked out apart. `phases` / `projects` select; `on_event(dict)` receives every progress event.
    An exception raised by `on_event` cancels the run and is raised again once it has stopped.
    After a successful pipeline, projects whose release triggered are released to `registry`
    (default oci:<state_dir>/oci) and deployed to dev in `gitops` (default <state_dir>/gitops.git),
    unless `release` / `deploy` is False.
    Invalid configuration or an unknown phase or project raises forge.InvalidArgument.
    """
    ctx = context if context is not None else Context()
    guard = CallbackGuard()
    cancel = ctypes.c_void_p()
    check(_cancel_new(ctypes.byref(cancel)))
    try:
        phase_arr, phase_count = _names(phases)
        project_arr, project_count = _names(projects)
        state = state_dir if state_dir is not None else default_state_dir(repo)
        opts = RunOptions(_OPTIONS_VERSION, str(repo).encode(), commit.encode() if commit else None,
                          branch.encode() if branch else None, phase_arr, phase_count, project_arr, project_count,
                          int(jobs), 1 if dry_run else 0, str(state).encode(),
                          run_id.encode() if run_id else None, EVENT_CB(), None, cancel,
                          str(registry).encode() if registry else None, str(gitops).encode() if gitops else None,
                          0 if release else 1, 0 if deploy else 1)
        if on_event is not None:
            def event_cb(text, _payload):
                if guard.pending is not None:
                    return

                def deliver():
                    on_event(json.loads(text.decode("utf-8")))
                if guard.call(deliver) != 0:
                    _cancel_request(cancel)  # the callback failed: stop the run, raise afterwards

            opts.on_event = EVENT_CB(event_cb)
        out = ctypes.c_void_p()
        rc = _run(ctypes.byref(out), ctx.handle, ctypes.byref(opts))
        report = _native.take_string(out.value) if rc == 0 else None
        guard.reraise()
        check(rc)
        return json.loads(report)
    finally:
        _cancel_free(cancel)
        if context is None:
            ctx.close()


def logs(run_id, phase, project, step, repo=".", state_dir=None, context=None):
    """The stored log of one step of a run (text). forge.NotFound when there is none."""
    ctx = context if context is not None else Context()
    try:
        ctx.set("state_dir", str(state_dir if state_dir is not None else default_state_dir(repo)))
        out = ctypes.c_void_p()
        check(_logs_read(ctypes.byref(out), ctx.handle, str(run_id).encode(), phase.encode(), project.encode(),
                         step.encode()))
        return _native.take_string(out.value)
    finally:
        if context is None:
            ctx.close()
