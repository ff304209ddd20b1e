"""Catalyst Forge: Python bindings over libforge's C API."""
import ctypes

from . import _native
from .context import Context
from .discovery import dag, discover, validate
from .gitops import GitOps, cmp_generate, cmp_render, init_repository
from .run import logs, run
from .release import (
    oci_copy,
    oci_inspect,
    oci_pull,
    oci_push,
    release_create,
    release_list,
    release_render,
    release_show,
)
from .errors import (
    AuthenticationFailed,
    Cancelled,
    Conflict,
    Error,
    IntegrityError,
    InternalError,
    InvalidArgument,
    IOFailure,
    LimitExceeded,
    NotFound,
    OutOfMemory,
    PermissionDenied,
    Timeout,
    Unsupported,
)

__all__ = [
    "Context", "Error", "InternalError", "InvalidArgument", "NotFound", "IOFailure", "Conflict",
    "AuthenticationFailed", "PermissionDenied", "Timeout", "Cancelled", "Unsupported", "OutOfMemory",
    "LimitExceeded", "IntegrityError", "version", "version_info", "discover", "dag", "validate",
    "GitOps", "cmp_generate", "cmp_render", "init_repository",
    "LimitExceeded", "IntegrityError", "version", "version_info", "discover", "dag", "validate", "run", "logs",
    "release_create", "release_render", "release_show", "release_list", "oci_copy", "oci_push", "oci_pull",
    "oci_inspect",
]


def version():
    """The version of the loaded libforge, e.g. "0.1.0"."""
    return _native.forge_version().decode()


def version_info():
    """(major, minor, patch) of the loaded libforge."""
    parts = [ctypes.c_int() for _ in range(3)]
    _native.forge_version_numbers(*(ctypes.byref(p) for p in parts))
    return tuple(p.value for p in parts)
