"""Derivations as graded work: check(name, backward, derivative_of=forward), i.e. derivation_check(name, forward,
backward), differentiates the student's OWN forward.

A right pair passes, also when the forward follows another valid convention and the backward is derived for it; a
backward that is not the derivative of its forward fails (naming the argument and, when the backward exercise's
catalogue explains it, the mistake); an unwritten forward fails with a clear message; the notebooks' test cells
call the check with the registry's forward.
"""

import json
import re
import sys
from pathlib import Path

import numpy as np
import pytest

from autograder import CheckFailed
from autograder.derivations import derivation_check
from autograder.registry.derivations import DERIVATIONS
from dlcore import activations, layers, losses

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_checks_catalogue import copy_of  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PAIRS = {"batchnorm_backward": (layers.batchnorm_forward, layers.batchnorm_backward),
         "dropout_backward": (layers.dropout_forward, layers.dropout_backward),
         "l2_penalty_grad": (losses.l2_penalty, losses.l2_penalty_grad),
         "softmax_cross_entropy_backward": (activations.softmax, losses.softmax_cross_entropy_backward)}


def test_every_derivation_is_tested_here():
    assert set(DERIVATIONS) == set(PAIRS)


@pytest.mark.parametrize("name", sorted(PAIRS))
def test_the_reference_pair_passes(name, capsys):
    forward, backward = PAIRS[name]
    derivation_check(name, copy_of(forward), copy_of(backward))
    derivation_check(name, copy_of(forward), copy_of(backward), hidden=True)
    assert "the derivative of your" in capsys.readouterr().out
    assert len(DERIVATIONS[name].make_cases(hidden=True)) > len(DERIVATIONS[name].make_cases())


def _bn_forward_ddof1(Z, gamma, beta, *, epsilon=1e-5):
    """Another convention (the unbiased variance): not the course's, but a backward derived for it is right."""
    mu, var = Z.mean(axis=1, keepdims=True), Z.var(axis=1, ddof=1, keepdims=True)
    Z_norm = (Z - mu) / np.sqrt(var + epsilon)
    return gamma * Z_norm + beta, {"Z_norm": Z_norm, "mu": mu, "var": var, "gamma": gamma, "epsilon": epsilon}


def _bn_backward_ddof1(dZ_tilde, cache):
    Z_norm, var, gamma, epsilon = cache["Z_norm"], cache["var"], cache["gamma"], cache["epsilon"]
    m = dZ_tilde.shape[1]
    dgamma = np.sum(dZ_tilde * Z_norm, axis=1, keepdims=True) / m
    dbeta = np.sum(dZ_tilde, axis=1, keepdims=True) / m
    dZ_norm = gamma * dZ_tilde
    dZ = (dZ_norm - dZ_norm.mean(axis=1, keepdims=True)
          - Z_norm * np.sum(dZ_norm * Z_norm, axis=1, keepdims=True) / (m - 1)) / np.sqrt(var + epsilon)
    return dZ, dgamma, dbeta


def test_a_backward_derived_for_the_students_own_forward_passes(capsys):
    derivation_check("batchnorm_backward", _bn_forward_ddof1, _bn_backward_ddof1, hidden=True)


def test_the_course_backward_is_not_the_derivative_of_another_forward(capsys):
    with pytest.raises(CheckFailed, match="gradient for Z is not the derivative of your batchnorm_forward") as info:
        derivation_check("batchnorm_backward", _bn_forward_ddof1, copy_of(layers.batchnorm_backward))
    assert info.value.stage == "values" and info.value.mistake is None  # the backward itself is the course's


def test_a_wrong_backward_fails_and_names_its_mistake(capsys):
    def no_mean_terms(dZ_tilde, cache):
        m = dZ_tilde.shape[1]
        return (cache["gamma"] / np.sqrt(cache["var"] + cache["epsilon"]) * dZ_tilde,
                np.sum(dZ_tilde * cache["Z_norm"], axis=1, keepdims=True) / m,
                np.sum(dZ_tilde, axis=1, keepdims=True) / m)

    with pytest.raises(CheckFailed) as info:
        derivation_check("batchnorm_backward", copy_of(layers.batchnorm_forward), no_mean_terms)
    assert info.value.mistake == "mean_terms_missing" and "known mistake" in str(info.value)

    def dropout_no_scale(dA, D, keep_prob):
        return dA * D

    with pytest.raises(CheckFailed, match="gradient for A"):
        derivation_check("dropout_backward", copy_of(layers.dropout_forward), dropout_no_scale)

    def l2_twice(W, lambd, m):
        return 2 * lambd / m * W

    with pytest.raises(CheckFailed, match="gradient for params.W1"):
        derivation_check("l2_penalty_grad", copy_of(losses.l2_penalty), l2_twice)

    def ce_mean(Z, Y):
        return (copy_of(activations.softmax)(Z) - Y) / Z.shape[1]

    with pytest.raises(CheckFailed, match="gradient for Z"):
        derivation_check("softmax_cross_entropy_backward", copy_of(activations.softmax), ce_mean)


def test_the_check_differentiates_the_students_forward_not_dlcores(capsys):
    """A wrong forward with the backward derived for it passes the derivation (check() fails it instead)."""
    def l2_without_half(params, lambd, m):
        return lambd / m * sum(float(np.sum(W**2)) for k, W in params.items() if k.startswith("W"))

    def its_gradient(W, lambd, m):
        return 2 * lambd / m * W

    derivation_check("l2_penalty_grad", l2_without_half, its_gradient, hidden=True)
    with pytest.raises(CheckFailed):
        derivation_check("l2_penalty_grad", l2_without_half, copy_of(losses.l2_penalty_grad))


def test_an_unwritten_forward_gets_a_clear_message():
    def unwritten(*args, **kwargs):
        raise NotImplementedError

    with pytest.raises(CheckFailed, match="your softmax raised NotImplementedError") as info:
        derivation_check("softmax_cross_entropy_backward", unwritten, copy_of(losses.softmax_cross_entropy_backward))
    assert info.value.stage == "runs"
    with pytest.raises(ValueError, match="unknown derivation"):
        derivation_check("adam", unwritten, unwritten)


def _cells(notebook):
    nb = json.loads((ROOT / "notebooks" / notebook / f"{notebook}.ipynb").read_text(encoding="utf-8"))
    return {c["metadata"].get("nbgrader", {}).get("grade_id"): "".join(c["source"]) for c in nb["cells"]}


@pytest.mark.parametrize("name", sorted(DERIVATIONS))
def test_the_notebook_grades_the_derivation(name):
    from autograder import registry

    spec, cells = DERIVATIONS[name], _cells(registry.get(name).notebook)
    call = rf"check\(\s*['\"]{name}['\"]\s*,\s*{name}\s*,\s*derivative_of={spec.forward}\s*"
    assert re.search(call + r"\)", cells[f"test_{name}"]), f"test_{name} should check the derivation"
    hidden = cells[f"test_{name}_hidden"]
    assert re.search(r"### BEGIN HIDDEN TESTS.*" + call + r",\s*hidden=True\s*\).*### END HIDDEN TESTS", hidden,
                     flags=re.S), f"test_{name}_hidden should check the derivation with hidden=True"


def test_check_with_derivative_of_is_the_derivation_check(capsys):
    from autograder import check

    check("dropout_backward", copy_of(layers.dropout_backward), derivative_of=copy_of(layers.dropout_forward))
    assert "the derivative of your dropout_forward" in capsys.readouterr().out
    with pytest.raises(CheckFailed, match="not the derivative"):
        check("l2_penalty_grad", lambda W, lambd, m: W, derivative_of=copy_of(losses.l2_penalty))


# ---------------------------------------------------------------- the answer bank (tests/answer_bank)
import answer_bank  # noqa: E402

PAIRS_OF_THE_BANK = [pytest.param(name, forward, backward, right, id=f"{name}-{label}")
                     for name, entries in answer_bank.DERIVED.items() for label, forward, backward, right in entries]
FORWARD_OF = {name: forward for name, (forward, _) in PAIRS.items()}


def test_every_derivation_has_right_and_wrong_pairs_in_the_bank():
    assert set(answer_bank.DERIVED) == set(DERIVATIONS)
    for name, entries in answer_bank.DERIVED.items():
        rights = sum(right for *_, right in entries)
        assert rights >= 3 and len(entries) - rights >= 3, f"{name}: {rights} right, {len(entries) - rights} wrong"


@pytest.mark.parametrize("name, forward, backward, right", PAIRS_OF_THE_BANK)
def test_a_pair_of_the_bank(name, forward, backward, right, capsys):
    """A right pair passes the visible and the hidden derivation; a wrong one fails both, on the values."""
    for hidden in (False, True):
        if right:
            derivation_check(name, forward, backward, hidden=hidden)
        else:
            with pytest.raises(CheckFailed, match="not the derivative of your") as info:
                derivation_check(name, forward, backward, hidden=hidden)
            assert info.value.stage == "values"


WRONG_BACKWARDS = [pytest.param(name, family, fn, id=fn.__name__) for (name, family), fns in answer_bank.WRONG.items()
                   if name in DERIVATIONS for fn in fns]
VALID_BACKWARDS = [pytest.param(name, fn, id=fn.__name__) for name, fns in answer_bank.VALID.items()
                   if name in DERIVATIONS for fn in fns]


@pytest.mark.parametrize("name, family, backward", WRONG_BACKWARDS)
def test_each_wrong_backward_of_the_bank_fails_its_derivation_and_is_named(name, family, backward, capsys):
    """Beside the course's forward, every catalogued wrong backward fails the visible derivation, named."""
    with pytest.raises(CheckFailed) as info:
        derivation_check(name, copy_of(FORWARD_OF[name]), backward)
    assert info.value.mistake == family, str(info.value)


@pytest.mark.parametrize("name, backward", VALID_BACKWARDS)
def test_each_valid_backward_of_the_bank_passes_its_derivation(name, backward, capsys):
    derivation_check(name, copy_of(FORWARD_OF[name]), backward, hidden=True)
