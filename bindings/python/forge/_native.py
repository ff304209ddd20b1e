"""Loads libforge.so and declares the C functions the package uses.

The library is found, in order, at $FORGE_LIBRARY, in the build tree next to this checkout
(build/lib), or wherever the dynamic loader finds libforge.so.<ABI major>. A library of another
ABI major is refused: its functions could mean something else.
"""
import ctypes
import os
import pathlib

ABI_MAJOR = 0

_c = ctypes


def _candidates():
    env = os.environ.get("FORGE_LIBRARY")
    if env:
        yield env
        return
    here = pathlib.Path(__file__).resolve()
    for parent in here.parents:
        lib = parent / "build" / "lib" / f"libforge.so.{ABI_MAJOR}"
        if lib.exists():
            yield str(lib)
            break
    yield f"libforge.so.{ABI_MAJOR}"


def _load():
    errors = []
    for path in _candidates():
        try:
            return ctypes.CDLL(path)
        except OSError as exc:
            errors.append(f"{path}: {exc}")
    raise ImportError("cannot load libforge (set FORGE_LIBRARY to its path): " + "; ".join(errors))


lib = _load()

# Callback types (forge/adapters.h, forge/context.h).
LOG_CB = _c.CFUNCTYPE(None, _c.c_int, _c.c_char_p, _c.c_void_p)
SECRET_RESOLVE_CB = _c.CFUNCTYPE(_c.c_int, _c.c_void_p, _c.c_char_p, _c.c_void_p)
FREE_PAYLOAD_CB = _c.CFUNCTYPE(None, _c.c_void_p)


class ContextOptions(_c.Structure):
    _fields_ = [("version", _c.c_uint), ("log_level", _c.c_int), ("log_cb", LOG_CB), ("log_payload", _c.c_void_p)]


class SecretProvider(_c.Structure):
    _fields_ = [
        ("version", _c.c_uint),
        ("name", _c.c_char_p),
        ("resolve", SECRET_RESOLVE_CB),
        ("free_payload", FREE_PAYLOAD_CB),
        ("payload", _c.c_void_p),
    ]


def _declare(name, restype, *argtypes):
    fn = getattr(lib, name)
    fn.restype = restype
    fn.argtypes = list(argtypes)
    return fn


char_pp = _c.POINTER(_c.c_char_p)
void_pp = _c.POINTER(_c.c_void_p)

forge_status_name = _declare("forge_status_name", _c.c_char_p, _c.c_int)
forge_last_error = _declare("forge_last_error", _c.c_char_p)
forge_last_error_code = _declare("forge_last_error_code", _c.c_int)
forge_error_set = _declare("forge_error_set", None, _c.c_int, _c.c_char_p)
forge_free = _declare("forge_free", None, _c.c_void_p)
forge_version = _declare("forge_version", _c.c_char_p)
forge_version_numbers = _declare(
    "forge_version_numbers", _c.c_int, _c.POINTER(_c.c_int), _c.POINTER(_c.c_int), _c.POINTER(_c.c_int)
)
forge_buf_set = _declare("forge_buf_set", _c.c_int, _c.c_void_p, _c.c_void_p, _c.c_size_t)

forge_context_new = _declare("forge_context_new", _c.c_int, void_pp, _c.POINTER(ContextOptions))
forge_context_free = _declare("forge_context_free", None, _c.c_void_p)
forge_context_set_log_level = _declare("forge_context_set_log_level", _c.c_int, _c.c_void_p, _c.c_int)
forge_log_level_parse = _declare("forge_log_level_parse", _c.c_int, _c.POINTER(_c.c_int), _c.c_char_p)
forge_context_set = _declare("forge_context_set", _c.c_int, _c.c_void_p, _c.c_char_p, _c.c_char_p)
forge_context_get = _declare("forge_context_get", _c.c_int, void_pp, _c.c_void_p, _c.c_char_p)
forge_log = _declare("forge_log", _c.c_int, _c.c_void_p, _c.c_int, _c.c_char_p)

forge_secret_provider_register = _declare(
    "forge_secret_provider_register", _c.c_int, _c.c_void_p, _c.POINTER(SecretProvider)
)
forge_adapters_list = _declare("forge_adapters_list", _c.c_int, void_pp, _c.c_void_p)
forge_secret_resolve = _declare(
    "forge_secret_resolve", _c.c_int, void_pp, _c.POINTER(_c.c_size_t), _c.c_void_p, _c.c_char_p
)


def take_bytes(ptr, length=None):
    """Copies a library-owned buffer out and releases it with forge_free."""
    if not ptr:
        return b""
    try:
        if length is None:
            return _c.string_at(ptr)
        return _c.string_at(ptr, length)
    finally:
        forge_free(ptr)


def take_string(ptr):
    return take_bytes(ptr).decode("utf-8")


def _check_abi():
    major = _c.c_int()
    forge_version_numbers(_c.byref(major), None, None)
    if major.value != ABI_MAJOR:
        raise ImportError(
            f"libforge ABI {major.value} found, this package needs ABI {ABI_MAJOR} (set FORGE_LIBRARY)"
        )


_check_abi()
