"""Python exceptions inside C callbacks: stored, the C call told to stop, raised again after it."""
from . import _native


class CallbackGuard:
    def __init__(self):
        self.pending = None

    def call(self, body):
        try:
            rc = body()
            return rc if isinstance(rc, int) else 0
        except BaseException as exc:  # noqa: B902 - every exception must stop at the C boundary
            self.pending = exc
            status = getattr(exc, "status", -1)
            _native.forge_error_set(status if isinstance(status, int) and status < 0 else -1,
                                    f"{type(exc).__name__}: {exc}".encode("utf-8", "replace"))
            return status if isinstance(status, int) and status < 0 else -1

    def reraise(self):
        exc, self.pending = self.pending, None
        if exc is not None:
            raise exc
