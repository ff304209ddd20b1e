"""forge.cue: the CUE engine of libforge (CUE v0.4 plus @artifact references)."""
import ctypes
import json

from . import _native
from .context import Context
from .errors import InvalidArgument, check, error_for


class CueError(InvalidArgument):
    """A CUE evaluation failed. `errors` lists every error: dicts with message, path, file, line, column."""

    status = -2

    def __init__(self, message, errors):
        super().__init__(message, -2)
        self.errors = errors


class _Options(ctypes.Structure):
    _fields_ = [
        ("version", ctypes.c_uint),
        ("format", ctypes.c_int),
        ("expression", ctypes.c_char_p),
        ("inject", ctypes.POINTER(ctypes.c_char_p)),
        ("inject_count", ctypes.c_size_t),
        ("artifacts_json", ctypes.c_char_p),
        ("package", ctypes.c_char_p),
    ]


_export = _native._declare(
    "forge_cue_export", ctypes.c_int, _native.void_pp, _native.void_pp, ctypes.c_void_p,
    ctypes.POINTER(ctypes.c_char_p), ctypes.c_size_t, ctypes.POINTER(_Options),
)
_vet = _native._declare(
    "forge_cue_vet", ctypes.c_int, _native.void_pp, ctypes.c_void_p, ctypes.c_char_p,
    ctypes.POINTER(ctypes.c_char_p), ctypes.c_size_t, ctypes.c_char_p,
)


def _c_array(strings):
    arr = (ctypes.c_char_p * max(len(strings), 1))()
    for i, s in enumerate(strings):
        arr[i] = str(s).encode()
    return arr


def _raise(rc, errors_ptr):
    errors = json.loads(_native.take_string(errors_ptr)) if errors_ptr else []
    message = _native.forge_last_error().decode("utf-8", "replace")
    if rc == -2 and errors:
        raise CueError(message, errors)
    raise error_for(rc, message)


def export(paths, out="json", expression=None, inject=None, artifacts=None, package=None, context=None, raw=False):
    """Evaluates `paths` (files or one package directory) and returns the exported value.

    out="json" returns Python objects (raw=True: the JSON text); out="yaml" returns YAML text.
    inject: {"a.b": "value"}; artifacts: {"name": {"image": ..., "digest": ...}}.
    Raises CueError (with .errors) when the configuration is wrong.
    """
    if isinstance(paths, (str, bytes)) or hasattr(paths, "__fspath__"):
        paths = [paths]
    paths = [str(p) for p in paths]
    injects = [f"{k}={v}" for k, v in (inject or {}).items()]
    inject_arr = _c_array(injects)
    opts = _Options(1, 1 if out == "yaml" else 0 if out == "json" else -1,
                    expression.encode() if expression else None,
                    ctypes.cast(inject_arr, ctypes.POINTER(ctypes.c_char_p)), len(injects),
                    json.dumps(artifacts).encode() if artifacts is not None else None,
                    package.encode() if package else None)
    ctx = context or Context()
    text, errors = ctypes.c_void_p(), ctypes.c_void_p()
    path_arr = _c_array(paths)
    rc = _export(ctypes.byref(text), ctypes.byref(errors), ctx.handle, path_arr, len(paths), ctypes.byref(opts))
    if rc < 0:
        _raise(rc, errors.value)
    result = _native.take_string(text.value)
    if out == "json" and not raw:
        return json.loads(result)
    return result


def vet(schema, data, schema_expression=None, context=None):
    """Checks data files against a CUE schema; raises CueError listing every violation."""
    if isinstance(data, (str, bytes)) or hasattr(data, "__fspath__"):
        data = [data]
    data = [str(p) for p in data]
    ctx = context or Context()
    errors = ctypes.c_void_p()
    rc = _vet(ctypes.byref(errors), ctx.handle, str(schema).encode(), _c_array(data), len(data),
              schema_expression.encode() if schema_expression else None)
    if rc < 0:
        _raise(rc, errors.value)
    check(rc)
