"""forge.schema: the CUE platform schemas embedded in libforge (#Repo, #Project, XRs, ...)."""
import ctypes
import json

from . import _native
from .errors import check

_list = _native._declare("forge_schema_list", ctypes.c_int, _native.void_pp)
_get = _native._declare("forge_schema_get", ctypes.c_int, _native.void_pp, ctypes.c_char_p)


def names():
    """The schema file names, e.g. ["common", "gitops", "project", "repo", "xr"]."""
    out = ctypes.c_void_p()
    check(_list(ctypes.byref(out)))
    return json.loads(_native.take_string(out.value))


def text(name=None):
    """The CUE text of one schema file, or of all of them."""
    out = ctypes.c_void_p()
    check(_get(ctypes.byref(out), name.encode() if name else None))
    return _native.take_string(out.value)
