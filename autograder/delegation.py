"""Catch a solution that calls a dlcore function its exercise forbids (the reference, a part of it, or a source of
the answers).

    call_watching(fn, args, kwargs, forbidden) -> fn(*args, **kwargs)

While fn runs, a profiler (sys.setprofile, and threading.setprofile for threads it starts) looks at every Python
call; a call whose code object is one of the forbidden functions' is remembered, and once fn returns,
DelegationDetected is raised. Code objects are compared, so aliases (`from dlcore.optim import adam as a`) and
wrappers that call through are caught alike. Replacing the profiler from inside fn also counts as delegation.
The checks use this in the student's kernel; the grading sandbox uses the same function in its child process.
"""

import functools
import importlib
import sys
import threading

from .errors import DelegationDetected


def resolve(dotted):
    """'dlcore.optim.Optimizer.update' -> the function: import the longest module prefix, getattr the rest."""
    parts = dotted.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attr in parts[cut:]:
            obj = getattr(obj, attr)
        return obj
    raise ImportError(f"cannot resolve {dotted!r}")


@functools.cache
def _codes(forbidden):
    """{id(code object): dotted name} for a tuple of dotted names (identity, not equality: a function compiled
    from the same text elsewhere is not dlcore's)."""
    codes = {}
    for dotted in forbidden:
        fn = resolve(dotted)
        fn = getattr(fn, "__func__", fn)
        codes[id(fn.__code__)] = dotted  # the module keeps the function, hence the code object, alive
    return codes


def call_watching(fn, args=(), kwargs=None, forbidden=()):
    """Call fn(*args, **kwargs) and raise DelegationDetected if it called any of `forbidden` (dotted names)."""
    codes = _codes(tuple(forbidden))
    if not codes:
        return fn(*args, **(kwargs or {}))
    seen = []

    def watch(frame, event, arg):
        if event == "call" and id(frame.f_code) in codes:
            seen.append(codes[id(frame.f_code)])

    previous, previous_threads = sys.getprofile(), threading.getprofile()
    sys.setprofile(watch)
    threading.setprofile(watch)
    try:
        result = fn(*args, **(kwargs or {}))
    finally:
        replaced = sys.getprofile() is not watch
        sys.setprofile(previous)
        threading.setprofile(previous_threads)
    if seen:
        raise DelegationDetected(
            f"your solution calls {seen[0]}, which this exercise forbids: it does the work you are asked to do (or, "
            "like a data loader, hands over the answers). A solution that calls it scores 0: write the computation "
            "yourself.")
    if replaced:
        raise DelegationDetected("your solution replaced the profiler (sys.setprofile) that checks for calls to "
                                 "dlcore's reference implementation; it scores 0. Remove the sys.setprofile call.")
    return result
