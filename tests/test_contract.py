"""Contract coverage: the cases exercise every promise an exercise's docstring makes.

For each exercise, its promises are its registry contract (argument kinds, options, results, shapes, stated
behaviours) plus those derived from the reference's signature (each defaulted parameter left out and given another
value; rng as an int seed and as a Generator) and from a float32 probe of the reference. Each needs a hidden case
(the hidden cases include the visible ones). The contract itself is checked against the docstrings — the
notebook's exercise docstring (what the student is promised) and the reference's — so a kind list, a quoted
option, a named result or an edge sentence of a docstring cannot be left out silently.
"""

import ast
import dataclasses
import inspect
import json
from pathlib import Path

import numpy as np
import pytest

from autograder import registry
from autograder.checks import _same, check
from autograder.registry import _contract

ROOT = Path(__file__).resolve().parents[1]
EXERCISES = registry.names()


def exercise_docstring(ex):
    """The docstring of the exercise's function in its notebook's solution cell (ex_<name>)."""
    nb = json.loads((ROOT / "notebooks" / ex.notebook / f"{ex.notebook}.ipynb").read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["metadata"].get("nbgrader", {}).get("grade_id") == f"ex_{ex.name}":
            header = "".join(cell["source"]).split("### BEGIN SOLUTION")[0] + "\n    pass\n"
            tree = ast.parse(header)
            fn = next(node for node in tree.body if isinstance(node, ast.FunctionDef) and node.name == ex.name)
            return ast.get_docstring(fn) or ""
    raise AssertionError(f"{ex.notebook} has no solution cell ex_{ex.name}")


def docstrings(ex):
    return [exercise_docstring(ex), inspect.getdoc(ex.reference) or ""]


def uncovered(ex):
    return [promise.label() for promise, hits in _contract.coverage(ex) if not hits]


@pytest.mark.parametrize("name", EXERCISES)
def test_every_promise_has_a_case(name):
    missing = uncovered(registry.get(name))
    assert not missing, f"{name}: promises no hidden case exercises:\n  " + "\n  ".join(missing)


@pytest.mark.parametrize("name", EXERCISES)
def test_the_contract_claims_every_docstring_promise(name):
    ex = registry.get(name)
    problems = _contract.docstring_problems(ex, docstrings(ex))
    assert not problems, f"{name}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("name", EXERCISES)
def test_hidden_cases_extend_the_visible_ones(name):
    ex = registry.get(name)
    visible, hidden = ex.make_cases(), ex.make_cases(hidden=True)
    assert len(hidden) >= len(visible)
    for v, h in zip(visible, hidden):
        assert _same(v.args, h.args) and v.steps == h.steps, f"{name}: a visible case is not in the hidden set"
    if name != "buggy_parameter":  # the bug hunt has one case: the bug
        assert len(hidden) > len(visible), f"{name}: the hidden set adds no case"


def test_derived_promises_follow_the_signature():
    labels = {p.label() for p in _contract.signature_promises(registry.get("adam"))}
    assert labels == {"beta1: left at its default", "beta1: a value other than the default 0.9",
                      "beta2: left at its default", "beta2: a value other than the default 0.999",
                      "epsilon: left at its default", "epsilon: a value other than the default 1e-08"}
    labels = {p.label() for p in _contract.signature_promises(registry.get("dropout_forward"))}
    assert labels == {"rng: int", "rng: Generator"}
    assert _contract.supports_float32(registry.get("sigmoid_backward"))
    assert not _contract.supports_float32(registry.get("ewma"))  # it computes in float64: no float32 case owed


# ---------------------------------------------------------------- the coverage test can fail
def _without(ex, drop):
    """A copy of an exercise whose visible and hidden cases lose those for which drop(case) is true."""
    return dataclasses.replace(ex, cases=lambda rng: [c for c in ex.cases(rng) if not drop(c)],
                               hidden=lambda rng: [c for c in ex.hidden(rng) if not drop(c)], _cache={})


def test_coverage_fails_when_an_option_loses_its_case():
    ex = registry.get("initialize_parameters")
    assert "init: 'glorot_uniform'" not in uncovered(ex)
    assert "init: 'glorot_uniform'" in uncovered(_without(ex, lambda c: c.args.get("init") == "glorot_uniform"))


def test_coverage_fails_when_an_argument_kind_loses_its_case():
    ex = registry.get("dropout_forward")
    assert "rng: int" in uncovered(_without(ex, lambda c: isinstance(c.args["rng"], int)))
    ex = registry.get("inverse_time_decay")
    assert uncovered(_without(ex, lambda c: isinstance(c.args["epoch_num"], np.ndarray))) == ["epoch_num: array"]


def test_coverage_fails_without_the_float32_case_or_the_default():
    ex = registry.get("sigmoid_backward")
    missing = uncovered(_without(ex, lambda c: c.args["Z"].dtype == np.float32))
    assert missing == ["dtype: float32 arrays (the reference keeps them float32)"]
    ex = registry.get("momentum")
    assert "beta: left at its default" in uncovered(_without(ex, lambda c: "beta" not in c.args))


def test_coverage_fails_when_no_case_tells_a_stated_behaviour():
    ex = registry.get("coarse_to_fine")
    trimmed = _without(ex, lambda c: any(t["score"] == round(t["score"], 1) for t in c.args["trials"]))
    assert "behaviour: ties keep their order" in uncovered(trimmed)
    ex = registry.get("is_diverging")
    trimmed = _without(ex, lambda c: not all(np.isfinite(c.args["costs"][:-1])) or any(
        x > 3 * c.args["costs"][0] for x in c.args["costs"][:-1]))
    assert "behaviour: a verdict about the latest cost, not any epoch" in uncovered(trimmed)


# ---------------------------------------------------------------- the docstring check can fail
def _contract_without(ex, topic):
    return dataclasses.replace(ex, contract=[p for p in _contract._flat(ex.contract)
                                             if getattr(p, "topic", None) != topic], _cache={})


def test_a_documented_kind_without_a_promise_is_reported():
    ex = registry.get("inverse_time_decay")
    problems = _contract.docstring_problems(_contract_without(ex, "epoch_num"), docstrings(ex))
    assert any("epoch_num: the docstring allows 'array'" in p for p in problems), problems


def test_a_documented_option_without_a_promise_is_reported():
    ex = registry.get("initialize_parameters")
    problems = _contract.docstring_problems(_contract_without(ex, "init"), docstrings(ex))
    assert any("offers 'glorot_uniform'" in p for p in problems), problems
    problems = _contract.docstring_problems(ex, ['init: "zeros", "he" or "lecun".'])
    assert any("offers 'lecun'" in p for p in problems), problems


def test_a_stated_behaviour_without_a_promise_is_reported():
    ex = registry.get("coarse_to_fine")
    bare = _contract_without(ex, "behaviour")
    problems = _contract.docstring_problems(bare, docstrings(ex))
    assert any("ties keep their order" in p for p in problems), problems
    problems = _contract.docstring_problems(ex, docstrings(ex) + ["Returns the latest score unless it is NaN."])
    assert any("the latest score unless" in p for p in problems), problems


def test_a_quote_that_is_not_in_the_docstring_is_reported():
    ex = registry.get("diagnose")
    problems = _contract.docstring_problems(ex, [exercise_docstring(ex)])
    assert any("Gaps are rounded to 12 decimals first" in p and "not in the docstrings" in p for p in problems)


def test_the_cases_of_a_promise_really_test_it():
    """The float32 and int-seed cases are graded like any other: an answer that breaks on them fails."""
    def upcasts_nothing(dA, Z):  # float16 loses the precision the float32 case expects
        s = 1 / (1 + np.exp(-Z.astype(np.float16)))
        return (dA * s * (1 - s)).astype(np.float16)

    with pytest.raises(AssertionError, match="float16"):
        check("sigmoid_backward", upcasts_nothing, hidden=True)
