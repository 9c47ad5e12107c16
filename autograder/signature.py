"""Stage (a) of a check: can the student's function be called like the reference?"""

import inspect
import math


def signature_problem(reference, fn):
    """None if fn can be called like the reference (same parameter names, positional ones in the same order,
    defaults where the reference has them; extra parameters need defaults); else what is wrong."""
    if not callable(fn):
        return f"expected a function; got {type(fn).__name__} (did the cell defining it run?)"
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return None  # e.g. a builtin or an opaque proxy: let the cases speak
    want = inspect.signature(reference)
    expected = f"expected {reference.__name__}{want}"
    params = list(sig.parameters.values())
    by_name = sig.parameters
    takes_kwargs = any(p.kind is p.VAR_KEYWORD for p in params)
    for i, ref in enumerate(want.parameters.values()):
        if ref.kind is ref.POSITIONAL_OR_KEYWORD:
            if i >= len(params) or params[i].kind not in (ref.POSITIONAL_OR_KEYWORD, ref.POSITIONAL_ONLY):
                if ref.name in by_name or not takes_kwargs or ref.default is ref.empty:
                    return f"parameter {i + 1} should be {ref.name!r}; {expected}"
                continue
            if params[i].name != ref.name:
                return f"parameter {i + 1} should be called {ref.name!r}, not {params[i].name!r}; {expected}"
        p = by_name.get(ref.name)
        if p is None:
            if takes_kwargs:
                continue
            return f"missing parameter {ref.name!r}; {expected}"
        if ref.default is not ref.empty:
            if p.default is p.empty:
                return f"parameter {ref.name!r} needs a default ({ref.default!r}); {expected}"
            if not _same_default(ref.default, p.default):
                return f"the default of {ref.name!r} should be {ref.default!r}, not {p.default!r}; {expected}"
    names = set(want.parameters)
    for p in params:
        if p.name not in names and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY) and p.default is p.empty:
            return f"extra parameter {p.name!r} needs a default value; {expected}"
    return None


def _same_default(a, b):
    if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)):
        return len(a) == len(b) and all(_same_default(x, y) for x, y in zip(a, b))
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(b, bool):
        return math.isclose(a, b, rel_tol=1e-12)
    if inspect.isfunction(a) and not callable(b):  # a function default, described by its repr from the sandbox
        return repr(b).startswith(f"<function {a.__name__} at ")
    try:
        return bool(a == b)
    except Exception:  # arrays and other oddities: not our business
        return True
