"""What the grading parent makes of what the sandbox child sends besides results: its captured output, the error
types it names, the signatures it describes. Nothing here trusts the child: each becomes plain data or a class of
the parent's own.

    reader = OutputReader(fd, cap); reader.take()    # the first `cap` characters printed since the last take
    raise error_class("ValueError")(text)            # StudentValueError: a StudentError and a ValueError
    signature_of(description)                        # an inspect.Signature, defaults shown by their repr
"""

import ast
import builtins
import inspect
import os
import threading

from .errors import StudentError


class OutputReader(threading.Thread):
    """Drains the child's stdout+stderr; keeps the first `cap` characters since the last take()."""

    def __init__(self, fd, cap):
        super().__init__(daemon=True)
        self.fd, self.cap = fd, cap
        self.lock = threading.Lock()
        self.kept, self.size, self.dropped = [], 0, 0

    def run(self):
        while True:
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            with self.lock:
                room = self.cap - self.size
                if room > 0:
                    self.kept.append(chunk[:room])
                    self.size += min(room, len(chunk))
                self.dropped += max(0, len(chunk) - max(room, 0))
        os.close(self.fd)

    def take(self):
        with self.lock:
            text = b"".join(self.kept).decode("utf-8", "replace")
            if self.dropped:
                text = f"[output capped: {self.dropped} more bytes were dropped]\n" + text
            self.kept, self.size, self.dropped = [], 0, 0
        return text


def error_class(type_name):
    base = getattr(builtins, type_name, None)
    if isinstance(base, type) and issubclass(base, Exception) and not issubclass(base, StudentError):
        cls = _ERROR_CLASSES.get(type_name)
        if cls is None:
            try:
                cls = type(f"Student{type_name}", (StudentError, base), {"__module__": __name__})
            except TypeError:  # incompatible layouts (OSError, UnicodeError, ...)
                cls = StudentError
            _ERROR_CLASSES[type_name] = cls
        return cls
    return StudentError


_ERROR_CLASSES = {}


def signature_of(description):
    """Rebuild an inspect.Signature from the child's description (defaults shown by their repr)."""
    if description is None:
        return None
    params = []
    for p in description:
        default = inspect.Parameter.empty if p.get("default") is None else _literal(p["default"])
        params.append(inspect.Parameter(p["name"], getattr(inspect.Parameter, p["kind"]), default=default))
    try:
        return inspect.Signature(params)
    except ValueError:
        return None


def _literal(text):
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return _Repr(text)


class _Repr:
    def __init__(self, text):
        self.text = text

    def __repr__(self):
        return self.text
