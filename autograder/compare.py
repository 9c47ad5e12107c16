"""Compare a student's result with the reference's, stage by stage: structure, then shapes and dtypes, then values.

    compare(expected, got, rtol=..., atol=...) -> None if they agree, else a Mismatch(stage, text)

Shapes are compared explicitly (never through broadcasting) and NaN or inf where the reference has a finite
number is a failure. `nan_equal=True` is only for matching catalogued mistakes (a wrong variant that overflows
should match a student's answer that overflows the same way).
"""

from dataclasses import dataclass
from numbers import Integral, Real

import numpy as np

SHOWN = 3  # differing entries quoted in a message


@dataclass
class Mismatch:
    stage: str  # "structure", "shape" or "values"
    text: str


def describe(value):
    """A short description of what came back: 'a list of 3', 'ndarray (3, 4) float64', 'float 0.5', 'None'."""
    if value is None:
        return "None"
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} ({value.dtype})"
    if isinstance(value, (list, tuple)):
        return f"a {type(value).__name__} of {len(value)}"
    if isinstance(value, dict):
        return f"a dict with keys {_keys(value)}"
    if isinstance(value, (bool, np.bool_, str)):
        return f"{type(value).__name__} {value!r}"
    if isinstance(value, (Real, np.number)):
        return f"{type(value).__name__} {_num(value)}"
    return f"a {type(value).__name__}"


def _keys(d):
    return "[" + ", ".join(repr(k) for k in sorted(d, key=str)) + "]"


def _num(x):
    x = float(x)
    return f"{x:.6g}" if np.isfinite(x) else str(x)


def _pair(expected, got):
    """Both numbers with enough digits to tell them apart (6 significant digits, more when they look alike)."""
    for digits in (6, 9, 12, 17):
        e, g = (f"{float(x):.{digits}g}" if np.isfinite(float(x)) else str(float(x)) for x in (expected, got))
        if e != g:
            break
    return e, g


def _is_number(x):
    return (isinstance(x, (Real, np.number)) and not isinstance(x, (bool, np.bool_))) or (
        isinstance(x, np.ndarray) and x.ndim == 0 and x.dtype.kind in "iuf")


def _is_int(x):
    return (isinstance(x, (Integral, np.integer)) and not isinstance(x, (bool, np.bool_))) or (
        isinstance(x, np.ndarray) and x.ndim == 0 and x.dtype.kind in "iu")


def compare(expected, got, *, rtol=1e-6, atol=1e-9, nan_equal=False, path="result"):
    """None when got matches expected (same structure, shapes and dtypes; values within tolerance)."""
    if isinstance(expected, (tuple, list)):
        if not isinstance(got, (tuple, list)) or len(got) != len(expected):
            kind = "tuple" if isinstance(expected, tuple) else "list"
            return Mismatch("structure", f"{path}: expected a {kind} of {len(expected)}; got {describe(got)}")
        for i, (e, g) in enumerate(zip(expected, got)):
            bad = compare(e, g, rtol=rtol, atol=atol, nan_equal=nan_equal, path=f"{path}[{i}]")
            if bad:
                return bad
        return None
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            return Mismatch("structure", f"{path}: expected a dict with keys {_keys(expected)}; got {describe(got)}")
        if set(got) != set(expected):
            missing, extra = set(expected) - set(got), set(got) - set(expected)
            detail = "; ".join(part for part in (f"missing {_keys(missing)}" if missing else "",
                                                  f"unexpected {_keys(extra)}" if extra else "") if part)
            return Mismatch("structure", f"{path}: expected keys {_keys(expected)}; got {_keys(got)} ({detail})")
        for key in expected:
            bad = compare(expected[key], got[key], rtol=rtol, atol=atol, nan_equal=nan_equal, path=f"{path}[{key!r}]")
            if bad:
                return bad
        return None
    if isinstance(expected, np.ndarray):
        return _compare_arrays(expected, got, rtol, atol, nan_equal, path)
    if isinstance(expected, (bool, np.bool_)):
        if not isinstance(got, (bool, np.bool_)):
            return Mismatch("structure", f"{path}: expected True or False; got {describe(got)}")
        if bool(got) != bool(expected):
            return Mismatch("values", f"{path}: expected {bool(expected)}; got {bool(got)}")
        return None
    if isinstance(expected, str):
        if not isinstance(got, str):
            return Mismatch("structure", f"{path}: expected a string; got {describe(got)}")
        if got != expected:
            return Mismatch("values", f"{path}: expected {expected!r}; got {got!r}")
        return None
    if _is_int(expected):
        if not _is_int(got):
            hint = " (wrap it in int(...))" if _is_number(got) else ""
            return Mismatch("structure", f"{path}: expected an integer; got {describe(got)}{hint}")
        if int(got) != int(expected):
            return Mismatch("values", f"{path}: expected {int(expected)}; got {int(got)}")
        return None
    if _is_number(expected):
        if not _is_number(got):
            return Mismatch("structure", f"{path}: expected a number; got {describe(got)}")
        return _compare_arrays(np.asarray(expected, dtype=float), np.asarray(got, dtype=float), rtol, atol,
                               nan_equal, path)
    if expected is None:
        return None if got is None else Mismatch("structure", f"{path}: expected None; got {describe(got)}")
    raise TypeError(f"compare: cannot compare reference values of type {type(expected).__name__}")


def _compare_arrays(expected, got, rtol, atol, nan_equal, path):
    if not isinstance(got, np.ndarray):
        return Mismatch("structure", f"{path}: expected a numpy array of shape {expected.shape}; got {describe(got)}")
    if got.shape != expected.shape:
        hint = " (transposed?)" if got.shape == expected.shape[::-1] and got.ndim == 2 else ""
        return Mismatch("shape", f"{path}: expected shape {expected.shape}; got {got.shape}{hint}")
    bad_dtype = _dtype_problem(expected, got)
    if bad_dtype:
        return Mismatch("shape", f"{path}: {bad_dtype}")
    if expected.dtype.kind in "biu":
        differ = np.asarray(got != expected)
        return _values_mismatch(expected, got, differ, path, "entries differ") if differ.any() else None
    e, g = expected.astype(float), got.astype(float)
    e_finite, g_finite = np.isfinite(e), np.isfinite(g)
    if nan_equal:
        same_special = (~e_finite & ~g_finite) & ((np.isnan(e) & np.isnan(g)) | (e == g))
    else:
        same_special = ~e_finite & (e == g)  # an expected inf may be matched by the same inf, never NaN by NaN
    nonfinite = ~g_finite & ~same_special
    if nonfinite.any():
        return _values_mismatch(expected, got, nonfinite, path, "entries are NaN or inf")
    with np.errstate(invalid="ignore", over="ignore"):
        close = np.abs(g - e) <= atol + rtol * np.abs(e)
    differ = ~(close | same_special)
    if differ.any():
        return _values_mismatch(expected, got, differ, path, f"entries differ (rtol={rtol:g}, atol={atol:g})")
    return None


def _dtype_problem(expected, got):
    ek, gk = expected.dtype.kind, got.dtype.kind
    if ek == "f" and gk != "f":
        return f"expected floating-point values ({expected.dtype}); got {got.dtype} (integer division or an int array?)"
    if ek == "f" and got.dtype.itemsize < expected.dtype.itemsize:
        return f"expected {expected.dtype} values; got {got.dtype} (lost precision)"
    if ek in "iu" and gk not in "iub":
        return f"expected integer values ({expected.dtype}); got {got.dtype}"
    if ek == "b" and gk not in "biuf":
        return f"expected a boolean array; got {got.dtype}"
    if ek == "b" and gk != "b" and not np.all((got == 0) | (got == 1)):
        return f"expected a mask of True/False (or 0/1); got {got.dtype} values other than 0 and 1"
    return None


def _values_mismatch(expected, got, differ, path, what):
    count, total = int(np.count_nonzero(differ)), differ.size
    if expected.ndim == 0:
        e, g = _pair(expected, got)
        return Mismatch("values", f"{path}: expected {e}; got {g}")
    shown = []
    for index in list(zip(*np.nonzero(differ)))[:SHOWN]:
        where = "[" + ", ".join(str(int(i)) for i in index) + "]"
        e, g = _pair(expected[index], got[index])
        shown.append(f"at {where} expected {e}, got {g}")
    return Mismatch("values", f"{path}: {count} of {total} {what}; " + "; ".join(shown))
