"""Every registered exercise: the reference passes its own checks; every member of every mistake family is named;
every family is named on at least three differently written versions of itself (tests/answer_bank); a valid
variant passes and is never called a mistake."""

import sys
import types
from pathlib import Path

import numpy as np
import pytest

from autograder import CheckFailed, check, registry
from autograder.checks import diagnose

sys.path.insert(0, str(Path(__file__).resolve().parent))
import answer_bank  # noqa: E402

EXERCISES = registry.names()
FAMILIES = [(name, m.id) for name in EXERCISES for m in registry.get(name).mistakes]
MEMBERS = [pytest.param(name, m.id, i, id=f"{name}-{m.id}-{i}") for name in EXERCISES
           for m in registry.get(name).mistakes for i in range(len(m.members()))]
WRITTEN = [pytest.param(name, family, fn, id=fn.__name__) for (name, family), fns in answer_bank.WRONG.items()
           for fn in fns]
VALID = [pytest.param(name, fn, id=fn.__name__) for name, fns in answer_bank.VALID.items() for fn in fns]


def copy_of(fn):
    """The reference under a new code object, so the delegation watch does not take it for dlcore's."""
    code = fn.__code__.replace(co_name=fn.__code__.co_name + "_student")
    clone = types.FunctionType(code, fn.__globals__, fn.__name__, fn.__defaults__, fn.__closure__)
    clone.__kwdefaults__ = fn.__kwdefaults__
    return clone


def random_mini_batches(X, Y, mini_batch_size=64, *, rng=None):
    perm = np.random.default_rng(rng).permutation(X.shape[1])
    return [(X[:, perm[s:s + mini_batch_size]], Y[:, perm[s:s + mini_batch_size]])
            for s in range(0, X.shape[1], mini_batch_size)]


def initialize_parameters(layer_dims, init="he", *, rng=None, gain=1.0):
    rng = np.random.default_rng(rng)
    params = {}
    for l in range(1, len(layer_dims)):
        shape = (layer_dims[l], layer_dims[l - 1])
        if init == "zeros":
            W = np.zeros(shape)
        elif init == "glorot_uniform":
            limit = np.sqrt(6 / (shape[0] + shape[1]))
            W = gain * rng.uniform(-limit, limit, size=shape)
        else:
            scale = {"small_random": 0.01, "xavier": np.sqrt(1 / shape[1]), "he": np.sqrt(2 / shape[1])}[init]
            W = gain * scale * rng.standard_normal(shape)
        params[f"W{l}"] = W
        params[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return params


def adamw(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8, weight_decay=0.01):
    t = state["t"] + 1
    v = beta1 * state["v"] + (1 - beta1) * dw
    s = beta2 * state["s"] + (1 - beta2) * dw**2
    step = learning_rate * (v / (1 - beta1**t)) / (np.sqrt(s / (1 - beta2**t)) + epsilon)
    return w - step - learning_rate * weight_decay * w, {"v": v, "s": s, "t": t}


# references that call another forbidden function of the same exercise get a hand-written solution instead
SOLUTIONS = {"random_mini_batches": random_mini_batches, "initialize_parameters": initialize_parameters,
             "adamw": adamw}


def solution(name):
    return SOLUTIONS.get(name) or copy_of(registry.reference_for(name))


@pytest.mark.parametrize("name", EXERCISES)
def test_reference_passes_visible_and_hidden(name, capsys):
    check(name, solution(name))
    check(name, solution(name), hidden=True)
    out = capsys.readouterr().out
    assert f"✓ {name}:" in out and "visible" in out and "hidden" in out


def first_failure(name, fn):
    """The CheckFailed of the visible cases, else of the hidden ones, else None."""
    for hidden in (False, True):
        try:
            check(name, fn, hidden=hidden)
        except CheckFailed as exc:
            return exc
    return None


@pytest.mark.parametrize("name, mistake_id, index", MEMBERS)
def test_every_member_of_a_family_is_named(name, mistake_id, index, capsys):
    family = registry.get(name).mistake(mistake_id)
    params, fn = family.members()[index]
    failure = first_failure(name, fn)
    assert failure is not None, f"{name}: the wrong variant {mistake_id!r} {params} passed every case"
    assert failure.mistake == mistake_id, str(failure)
    assert failure.stage in ("structure", "shape", "values")
    first_line = str(failure).splitlines()[0]  # what is wrong, on which case, and the fix: all on the first line
    assert f"case {failure.case}: this looks like a known mistake: " in first_line and "Fix:" in first_line
    found = diagnose(registry.get(name), fn, hidden=True)  # all the cases: enough to tell the members apart
    assert found.id == mistake_id and found.member == params and found.name == family.describe(params)[0], found


@pytest.mark.parametrize("name, mistake_id", FAMILIES)
def test_every_family_has_three_written_versions(name, mistake_id):
    versions = answer_bank.WRONG.get((name, mistake_id), [])
    assert len(versions) >= 3, f"{name}: family {mistake_id!r} has {len(versions)} written versions in the bank"


def test_the_bank_names_only_catalogued_families():
    assert set(answer_bank.WRONG) <= set(FAMILIES), sorted(set(answer_bank.WRONG) - set(FAMILIES))
    assert set(answer_bank.VALID) <= set(EXERCISES)


@pytest.mark.parametrize("name, mistake_id, fn", WRITTEN)
def test_a_written_version_is_named_by_its_family(name, mistake_id, fn, capsys):
    failure = first_failure(name, fn)
    assert failure is not None, f"{fn.__name__} passed every case"
    assert failure.mistake == mistake_id, f"{fn.__name__}: named {failure.mistake!r}, not {mistake_id!r}\n{failure}"


@pytest.mark.parametrize("name", EXERCISES)
def test_every_exercise_has_valid_variants_in_the_bank(name):
    assert len(answer_bank.VALID.get(name, [])) >= (1 if name == "buggy_parameter" else 2), name


@pytest.mark.parametrize("name, fn", VALID)
def test_a_valid_variant_passes_and_is_never_a_mistake(name, fn, capsys):
    check(name, fn)
    check(name, fn, hidden=True)
    assert diagnose(registry.get(name), fn, hidden=True) is None


@pytest.mark.parametrize("name", EXERCISES)
def test_at_least_two_families_each_and_three_for_most(name):
    count = len(registry.get(name).mistakes)
    assert count >= (2 if name == "buggy_parameter" else 3)
    ids = [m.id for m in registry.get(name).mistakes]
    assert len(ids) == len(set(ids))
