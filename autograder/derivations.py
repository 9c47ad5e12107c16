"""derivation_check(name, forward, backward): is the student's backward pass the derivative of THEIR forward?

    derivation_check("batchnorm_backward", batchnorm_forward, batchnorm_backward)
    derivation_check("batchnorm_backward", batchnorm_forward, batchnorm_backward, hidden=True)

For each case of the derivation (autograder/registry/derivations.py) the cost is computed through the student's
forward, its gradient in each argument by centred differences, (J(x + h e_i) - J(x - h e_i)) / (2 h) with
h = 1e-6, and compared with what the student's backward returns: relative difference
||g - g_num|| / (||g|| + ||g_num||) below 1e-6 passes (a right float64 backward sits near 1e-10, a wrong term
near 1e-1). Nothing here uses dlcore's answer: a backward that matches a forward written with another (valid)
convention passes. A failure raises CheckFailed naming the argument whose gradient disagrees, and the backward
exercise's mistake family when its catalogue explains the answer.
"""

import copy

import numpy as np

from .checks import CheckFailed, diagnose
from .registry import get, materialize
from .registry.derivations import DERIVATIONS

STEP = 1e-6
TOLERANCE = 1e-6


def derivation_check(name, forward, backward, *, hidden=False):
    """Check `backward` against centred differences of `forward`'s cost on the cases of derivation `name`."""
    if name not in DERIVATIONS:
        raise ValueError(f"unknown derivation {name!r}; known: {', '.join(sorted(DERIVATIONS))}")
    spec = DERIVATIONS[name]
    cases = spec.make_cases(hidden)
    for number, args in enumerate(cases, 1):
        label = f"{name} derivation, {'hidden case' if hidden else 'case'} {number}"
        try:
            cost = spec.cost(forward, materialize(args))
        except Exception as exc:  # the student's forward: unwritten, or broken
            raise _failed(label, "runs", f"your {spec.forward} raised {type(exc).__name__}: {exc} — the check "
                          f"differentiates YOUR {spec.forward}, so it has to run first") from None
        if not np.isfinite(cost):
            raise _failed(label, "runs", f"the cost through your {spec.forward} is {cost}: not a finite number")
        try:
            given = spec.gradients(backward, forward, materialize(args))
        except Exception as exc:
            raise _failed(label, "runs", f"your {name} raised {type(exc).__name__}: {exc}") from None
        for where, grad in given.items():
            numerical = _centred_difference(spec.cost, forward, args, where)
            if np.shape(grad) != numerical.shape:
                raise _failed(label, "shape", f"the gradient for {where} has shape {np.shape(grad)}; "
                              f"{where} has shape {numerical.shape}")
            gap = _relative_difference(np.asarray(grad, dtype=float), numerical)
            if not gap < TOLERANCE:
                text, found = _message(name, spec, where, gap, grad, numerical, backward)
                raise _failed(label, "values", text, found)
    print(f"✓ {name}: the derivative of your {spec.forward} on {len(cases)} {'hidden' if hidden else 'visible'} "
          f"case{'s' * (len(cases) != 1)} (centred differences)")


def _locate(args, where):
    """(container, key) of argument `where`: "Z" or "params.W1"."""
    container, *path = where.split(".")
    if path:
        return args[container], path[0]
    return args, container


def _centred_difference(cost, forward, args, where):
    base = copy.deepcopy(args)
    holder, key = _locate(base, where)
    x = np.asarray(holder[key], dtype=float)
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        values = []
        for sign in (1, -1):
            shifted = x.copy()
            shifted[i] += sign * STEP
            holder[key] = shifted
            values.append(cost(forward, materialize(base)))
        grad[i] = (values[0] - values[1]) / (2 * STEP)
    return grad


def _relative_difference(g, g_num):
    denominator = np.linalg.norm(g) + np.linalg.norm(g_num)
    return 0.0 if denominator == 0 else float(np.linalg.norm(g - g_num) / denominator)


def _message(name, spec, where, gap, grad, numerical, backward):
    worst = np.unravel_index(np.argmax(np.abs(np.asarray(grad, dtype=float) - numerical)), numerical.shape)
    text = (f"the gradient for {where} is not the derivative of your {spec.forward}: relative difference "
            f"{gap:.2e} (a right one is below {TOLERANCE:g}); at {tuple(int(i) for i in worst)} the centred "
            f"difference gives {numerical[worst]:.6g}, your {name} {np.asarray(grad)[worst]:.6g}")
    try:
        found = diagnose(get(name), backward, hidden=True)
    except Exception:  # the diagnosis is a hint; a failure to make one must not hide the result
        found = None
    if found:
        text += f"\nThis looks like a known mistake: {found.name}. Fix: {found.fix}"
    return text, found


def _failed(label, stage, text, found=None):
    return CheckFailed(f"{label}\n{stage}: {text}", exercise=label.split()[0], stage=stage,
                       mistake=found.id if found else None, diagnosis=found)
