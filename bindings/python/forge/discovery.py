"""forge.discover / forge.validate: projects, pipeline DAG and release decisions of a repository."""
import ctypes
import json

from . import _native
from .context import Context
from .errors import check


class DiscoverOptions(ctypes.Structure):
    _fields_ = [
        ("version", ctypes.c_uint),
        ("repository", ctypes.c_char_p),
        ("revision", ctypes.c_char_p),
        ("branch", ctypes.c_char_p),
        ("tag", ctypes.c_char_p),
        ("event", ctypes.c_char_p),
        ("cache_dir", ctypes.c_char_p),
        ("local", ctypes.c_int),
    ]


_OPTIONS_VERSION = 1
_discover = _native._declare(
    "forge_discover", ctypes.c_int, _native.void_pp, ctypes.c_void_p, ctypes.POINTER(DiscoverOptions)
)
_render = _native._declare(
    "forge_dag_render", ctypes.c_int, _native.void_pp, ctypes.c_void_p, ctypes.POINTER(DiscoverOptions),
    ctypes.c_char_p,
)
_validate = _native._declare("forge_validate", ctypes.c_int, _native.void_pp, ctypes.c_void_p, ctypes.c_char_p)


def _text(value):
    return None if value is None else str(value).encode()


def _options(repo, commit, branch, tag, event, cache_dir, local):
    return DiscoverOptions(_OPTIONS_VERSION, _text(repo), _text(commit), _text(branch), _text(tag), _text(event),
                           _text(cache_dir), 1 if local else 0)


def _call(fn, context, *args):
    ctx = context if context is not None else Context()
    try:
        out = ctypes.c_void_p()
        check(fn(ctypes.byref(out), ctx.handle, *args))
        return _native.take_string(out.value)
    finally:
        if context is None:
            ctx.close()


def discover(repo, commit=None, branch=None, tag=None, event="push", cache_dir=None, local=False, context=None):
    """The discovery output (docs/discovery.md) as a dict.

    `repo` is a path or a URL; `commit` any revision (default HEAD); `branch`, `tag` and `event`
    ("push", "pull_request", "manual") describe the run for release triggers. `cache_dir` keeps
    clones and project evaluations; pass the same `context` to also reuse them in memory.
    Invalid configuration raises forge.InvalidArgument listing every problem.
    """
    opts = _options(repo, commit, branch, tag, event, cache_dir, local)
    return json.loads(_call(_discover, context, ctypes.byref(opts)))


def dag(repo, commit=None, format="text", branch=None, tag=None, event="push", cache_dir=None, local=False,
        context=None):
    """The pipeline DAG as text ("text" tree, "dot" for Graphviz) or, with format="json", a dict."""
    opts = _options(repo, commit, branch, tag, event, cache_dir, local)
    text = _call(_render, context, ctypes.byref(opts), format.encode())
    return json.loads(text) if format == "json" else text


def validate(path=".", context=None):
    """Every configuration problem of the repository or folder at `path`, work tree included:
    a list of {"message", "file", "line", "column"}, empty when valid."""
    return json.loads(_call(_validate, context, str(path).encode()))
