"""forge.release_* and forge.oci_*: immutable release images and OCI image copies (docs/releases.md)."""
import ctypes
import json

from . import _native
from .context import Context
from .errors import check


class ReleaseOptions(ctypes.Structure):
    _fields_ = [
        ("version", ctypes.c_uint),
        ("repository", ctypes.c_char_p),
        ("project", ctypes.c_char_p),
        ("commit", ctypes.c_char_p),
        ("registry", ctypes.c_char_p),
        ("work_dir", ctypes.c_char_p),
        ("branch", ctypes.c_char_p),
        ("tag", ctypes.c_char_p),
        ("manual", ctypes.c_int),
        ("run_id", ctypes.c_char_p),
        ("cache_dir", ctypes.c_char_p),
    ]


_OPTIONS_VERSION = 1
_opts_p = ctypes.POINTER(ReleaseOptions)
_create = _native._declare("forge_release_create", ctypes.c_int, _native.void_pp, ctypes.c_void_p, _opts_p)
_render = _native._declare("forge_release_render", ctypes.c_int, _native.void_pp, ctypes.c_void_p, _opts_p)
_show = _native._declare("forge_release_show", ctypes.c_int, _native.void_pp, ctypes.c_void_p, ctypes.c_char_p,
                         ctypes.c_char_p, ctypes.c_int)
_list = _native._declare("forge_release_list", ctypes.c_int, _native.void_pp, ctypes.c_void_p, ctypes.c_char_p,
                         ctypes.c_char_p)
_copy = _native._declare("forge_oci_copy", ctypes.c_int, _native.void_pp, ctypes.c_void_p, ctypes.c_char_p,
                         ctypes.c_char_p)
_push = _native._declare("forge_oci_push", ctypes.c_int, _native.void_pp, ctypes.c_void_p, ctypes.c_char_p,
                         ctypes.c_char_p)
_pull = _native._declare("forge_oci_pull", ctypes.c_int, _native.void_pp, ctypes.c_void_p, ctypes.c_char_p,
                         ctypes.c_char_p)
_inspect = _native._declare("forge_oci_inspect", ctypes.c_int, _native.void_pp, ctypes.c_void_p, ctypes.c_char_p)


def _text(value):
    return None if value is None else str(value).encode()


def _call(fn, context, *args):
    ctx = context if context is not None else Context()
    try:
        out = ctypes.c_void_p()
        check(fn(ctypes.byref(out), ctx.handle, *args))
        return _native.take_string(out.value)
    finally:
        if context is None:
            ctx.close()


def _options(repo, project, commit, registry, work_dir, branch, tag, manual, run_id, cache_dir):
    return ReleaseOptions(_OPTIONS_VERSION, _text(repo), _text(project), _text(commit), _text(registry),
                          _text(work_dir), _text(branch), _text(tag), 1 if manual else 0, _text(run_id),
                          _text(cache_dir))


def release_create(repo, project, commit=None, registry=None, work_dir=None, branch=None, tag=None, manual=False,
                   run_id=None, cache_dir=None, context=None):
    """Publishes the project's artifacts, pushes their tracking images and the release image.

    `registry` is "oci:DIR" or "host[:port][/prefix]" (default: the context's `registry` key, then
    repo.cue, then oci:<state_dir>/oci). Returns {"number", "image", "digest", "tags", "aliases",
    "artifacts", ...}. Raises forge.Conflict when the commit is already released.
    """
    opts = _options(repo, project, commit, registry, work_dir, branch, tag, manual, run_id, cache_dir)
    return json.loads(_call(_create, context, ctypes.byref(opts)))


def release_render(repo, project, commit=None, registry=None, branch=None, tag=None, manual=False, cache_dir=None,
                   context=None):
    """The YAML stream the release of `project` would contain (nothing is built or pushed)."""
    opts = _options(repo, project, commit, registry, None, branch, tag, manual, None, cache_dir)
    return _call(_render, context, ctypes.byref(opts))


def release_show(release_ref, registry=None, resources=False, context=None):
    """The release "<repo>/<project>/<sha|number|alias>" as a dict (metadata, image, digest, files)."""
    return json.loads(_call(_show, context, _text(registry), _text(release_ref), 1 if resources else 0))


def release_list(project_ref, registry=None, context=None):
    """Every release of "<repo>/<project>", oldest first."""
    return json.loads(_call(_list, context, _text(registry), _text(project_ref)))


def oci_copy(source, destination, context=None):
    """Copies an image between "oci:DIR[:tag]" layouts and registry references, verifying it."""
    return json.loads(_call(_copy, context, _text(source), _text(destination)))


def oci_push(layout_ref, registry_ref, context=None):
    """oci_copy from a layout to a registry."""
    return json.loads(_call(_push, context, _text(layout_ref), _text(registry_ref)))


def oci_pull(registry_ref, layout_ref, context=None):
    """oci_copy from a registry to a layout."""
    return json.loads(_call(_pull, context, _text(registry_ref), _text(layout_ref)))


def oci_inspect(ref, context=None):
    """The verified manifest of an image: {"reference", "digest", "mediaType", "size", "manifest", ...}."""
    return json.loads(_call(_inspect, context, _text(ref)))
