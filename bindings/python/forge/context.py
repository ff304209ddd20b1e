"""forge.Context: configuration, logging and adapter registries (forge/context.h)."""
import ctypes
import json

from . import _native
from ._callbacks import CallbackGuard
from .errors import check

LEVELS = ("trace", "debug", "info", "warn", "error", "off")


def _level(name):
    out = ctypes.c_int()
    check(_native.forge_log_level_parse(ctypes.byref(out), name.encode()))
    return out.value


class Context:
    """Owns a forge_context. `on_log(level_name, record_dict)` receives log records if given."""

    def __init__(self, log_level="warn", on_log=None):
        self._handle = None
        self._keep = []  # ctypes callbacks and structs must outlive the C side's use of them
        self._guards = []  # one per registered callback adapter
        opts = _native.ContextOptions(1, _level(log_level), _native.LOG_CB(), None)
        if on_log is not None:
            def log_cb(level, line, _payload):
                try:
                    on_log(LEVELS[level], json.loads(line.decode("utf-8")))
                except Exception:  # a logging callback must never break the library call
                    pass

            opts.log_cb = _native.LOG_CB(log_cb)
            self._keep.append(opts.log_cb)
        handle = ctypes.c_void_p()
        check(_native.forge_context_new(ctypes.byref(handle), ctypes.byref(opts)))
        self._handle = handle

    @property
    def handle(self):
        if self._handle is None:
            raise ValueError("context is closed")
        return self._handle

    def close(self):
        if self._handle is not None:
            _native.forge_context_free(self._handle)
            self._handle = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        self.close()

    def set_log_level(self, name):
        check(_native.forge_context_set_log_level(self.handle, _level(name)))

    def set(self, key, value):
        check(_native.forge_context_set(self.handle, key.encode(), str(value).encode()))

    def get(self, key):
        out = ctypes.c_void_p()
        check(_native.forge_context_get(ctypes.byref(out), self.handle, key.encode()))
        return _native.take_string(out.value)

    def log(self, level, message):
        check(_native.forge_log(self.handle, _level(level), message.encode()))

    def adapters(self):
        out = ctypes.c_void_p()
        check(_native.forge_adapters_list(ctypes.byref(out), self.handle))
        return json.loads(_native.take_string(out.value))

    def resolve_secret(self, ref):
        """Resolves a secret reference (a dict such as {"provider": "env", "name": "TOKEN"}) to bytes."""
        out = ctypes.c_void_p()
        length = ctypes.c_size_t()
        rc = _native.forge_secret_resolve(ctypes.byref(out), ctypes.byref(length), self.handle,
                                          json.dumps(ref).encode())
        self._reraise_callback_errors()
        check(rc)
        return _native.take_bytes(out.value, length.value)

    def register_secret_provider(self, name, resolve):
        """Registers `resolve(ref_dict) -> bytes|str` as the secret provider `name`.

        An exception raised by `resolve` makes the library call fail; it is raised again, as
        itself, when that call returns to Python.
        """
        guard = CallbackGuard()

        def c_resolve(buf, ref_json, _payload):
            def body():
                value = resolve(json.loads(ref_json.decode("utf-8")))
                data = value.encode() if isinstance(value, str) else bytes(value)
                return _native.forge_buf_set(buf, data, len(data))

            return guard.call(body)

        provider = _native.SecretProvider(1, name.encode(), _native.SECRET_RESOLVE_CB(c_resolve),
                                          _native.FREE_PAYLOAD_CB(), None)
        self._keep.append(provider)
        check(_native.forge_secret_provider_register(self.handle, ctypes.byref(provider)))
        self._guards.append(guard)

    def _reraise_callback_errors(self):
        for guard in self._guards:
            guard.reraise()
