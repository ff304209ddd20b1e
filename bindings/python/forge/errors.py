"""forge.Error and one subclass per status code of the C API (forge/common.h)."""
from . import _native


class Error(Exception):
    """A libforge call failed. `status` is the C status code, `message` the library's explanation."""

    status = -1

    def __init__(self, message, status=None):
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status

    @property
    def status_name(self):
        return _native.forge_status_name(self.status).decode()


class InternalError(Error):
    status = -1


class InvalidArgument(Error, ValueError):
    status = -2


class NotFound(Error, LookupError):
    status = -3


class IOFailure(Error, OSError):
    status = -4


class Conflict(Error):
    status = -5


class AuthenticationFailed(Error):
    status = -6


class PermissionDenied(Error, PermissionError):
    status = -7


class Timeout(Error, TimeoutError):
    status = -8


class Cancelled(Error):
    status = -9


class Unsupported(Error, NotImplementedError):
    status = -10


class OutOfMemory(Error, MemoryError):
    status = -11


class LimitExceeded(Error):
    status = -12


class IntegrityError(Error):
    status = -13


_BY_STATUS = {cls.status: cls for cls in Error.__subclasses__()}


def error_for(status, message):
    return _BY_STATUS.get(status, Error)(message, status)


def check(rc):
    """Raises the Error subclass for a negative status, with the thread's last-error message."""
    if rc < 0:
        raise error_for(rc, _native.forge_last_error().decode("utf-8", "replace"))
    return rc
