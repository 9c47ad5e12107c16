"""Small input checks shared by dlcore: each raises ValueError naming the argument and what was expected."""

import numpy as np


def as_rng(rng):
    """SPEC 7: accept None, an int seed or a Generator; return a Generator."""
    if isinstance(rng, np.random.RandomState):
        raise ValueError("rng: expected None, an int or np.random.Generator; got a legacy RandomState")
    return np.random.default_rng(rng)


def as_array(x, name, *, ndim=None, dtype=None, finite=False):
    """Return x as a float array (float64 unless it already is float32 or dtype says otherwise)."""
    if type(x) is np.ndarray and dtype is None and x.dtype in _FLOATS:  # the common case, checked quickly
        return _check_array(x, name, ndim, finite)
    try:
        a = np.asarray(x)
    except Exception as exc:  # ragged lists and the like
        raise ValueError(f"{name}: expected an array of numbers; got {type(x).__name__}") from exc
    if a.dtype == object or not (np.issubdtype(a.dtype, np.number) or a.dtype == bool):
        raise ValueError(f"{name}: expected an array of numbers; got dtype {a.dtype}")
    if dtype is not None:
        a = a.astype(dtype, copy=False)
    elif a.dtype not in (np.float64, np.float32):
        a = a.astype(np.float64)
    return _check_array(a, name, ndim, finite)


_FLOATS = (np.dtype(np.float64), np.dtype(np.float32))


def _check_array(a, name, ndim, finite):
    if ndim is not None and a.ndim != ndim:
        raise ValueError(f"{name}: expected a {ndim}-D array; got shape {a.shape}")
    if finite and not np.all(np.isfinite(a)):
        raise ValueError(f"{name}: contains NaN or inf")
    return a


def columns(X, name, n_rows=None):
    """Check the axis contract: X is (n_rows, m) with m >= 1; a transposed input gets a hint."""
    X = as_array(X, name)
    if X.ndim != 2:
        raise ValueError(f"{name}: expected a 2-D array of shape (n, m) with examples in columns; got shape {X.shape}")
    if n_rows is not None and X.shape[0] != n_rows:
        hint = " — did you mean " + name + ".T?" if X.shape[1] == n_rows else ""
        raise ValueError(f"expected {name} of shape ({n_rows}, m); got {X.shape}{hint}")
    if X.shape[1] == 0:
        raise ValueError(f"{name}: empty batch (m = 0 columns)")
    return X


def same_shape(a, b, name_a, name_b):
    if a.shape != b.shape:
        raise ValueError(f"{name_a} and {name_b} must have the same shape; got {a.shape} and {b.shape}")


def positive(x, name):
    if not np.isscalar(x) or not np.isfinite(x) or x <= 0:
        raise ValueError(f"{name}: expected a positive finite number; got {x!r}")
    return float(x)


def non_negative(x, name):
    if not np.isscalar(x) or not np.isfinite(x) or x < 0:
        raise ValueError(f"{name}: expected a finite number >= 0; got {x!r}")
    return float(x)


def beta_in_range(beta, name="beta"):
    if not np.isscalar(beta) or not 0 <= beta < 1:
        raise ValueError(f"{name}: expected a number in [0, 1); got {beta!r}")
    return float(beta)


def keep_prob_in_range(keep_prob):
    if not np.isscalar(keep_prob) or not 0 < keep_prob <= 1:
        raise ValueError(f"keep_prob: expected a number in (0, 1]; got {keep_prob!r} "
                         "(keep_prob is the chance to KEEP a unit)")
    return float(keep_prob)


def positive_int(n, name):
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"{name}: expected a positive integer; got {n!r}")
    return int(n)
