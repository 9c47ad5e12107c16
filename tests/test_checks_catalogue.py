"""Every registered exercise: the reference passes its own checks, and every catalogued mistake is named."""

import types

import numpy as np
import pytest

from autograder import CheckFailed, check, registry

EXERCISES = registry.names()
MISTAKES = [(name, m.id) for name in EXERCISES for m in registry.get(name).mistakes]


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


# references that call another forbidden function of the same exercise get a hand-written solution instead
SOLUTIONS = {"random_mini_batches": random_mini_batches, "initialize_parameters": initialize_parameters}


def solution(name):
    return SOLUTIONS.get(name) or copy_of(registry.reference_for(name))


@pytest.mark.parametrize("name", EXERCISES)
def test_reference_passes_visible_and_hidden(name, capsys):
    check(name, solution(name))
    check(name, solution(name), hidden=True)
    out = capsys.readouterr().out
    assert f"✓ {name}:" in out and "visible" in out and "hidden" in out


@pytest.mark.parametrize("name, mistake_id", MISTAKES)
def test_catalogued_mistake_is_named(name, mistake_id):
    fn = registry.get(name).mistake(mistake_id).fn
    failure = None
    for hidden in (False, True):
        try:
            check(name, fn, hidden=hidden)
        except CheckFailed as exc:
            failure = exc
            break
    assert failure is not None, f"{name}: the wrong variant {mistake_id!r} passed every case"
    assert failure.mistake == mistake_id, str(failure)
    assert failure.stage in ("structure", "shape", "values")
    assert "This looks like a known mistake" in str(failure) and "Fix:" in str(failure)


@pytest.mark.parametrize("name", EXERCISES)
def test_at_least_two_mistakes_each_and_three_for_most(name):
    count = len(registry.get(name).mistakes)
    assert count >= (2 if name == "buggy_parameter" else 3)
    ids = [m.id for m in registry.get(name).mistakes]
    assert len(ids) == len(set(ids))
