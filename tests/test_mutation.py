"""The mutation tool (benchmarks/mutation.py) runs, generates each kind of mutant, and reports survivors when the
cases are too weak. The full table takes about a minute and is not run here."""

import dataclasses
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

from autograder import registry
from autograder.registry import Case

TOOL = Path(__file__).resolve().parent.parent / "benchmarks" / "mutation.py"
spec = importlib.util.spec_from_file_location("mutation", TOOL)
mutation = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mutation)


def test_the_tool_prints_its_table_for_one_exercise():
    done = subprocess.run([sys.executable, str(TOOL), "--exercise", "adam", "--exercise", "staircase_decay"],
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"})
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "generated" in done.stdout and "killed hidden" in done.stdout
    row = next(line for line in done.stdout.splitlines() if line.startswith("staircase_decay"))
    generated, visible, hidden, equivalent, survivors = map(int, row.split()[1:])
    assert generated > 10 and hidden + equivalent == generated and survivors == 0


def test_every_kind_of_mutant_is_generated():
    source = '''def f(x, y, k=2, *, rng=None):
    if x is None:
        raise ValueError("x")
    total = 0
    for i in range(len(x)):
        total += x[i] * y[i] ** 2 - 1.5
    m = np.mean(x, axis=0, keepdims=True)
    return np.sqrt(total) / k if total > 0 and not m.any() else -x[: len(y)]
'''
    kinds = {m.operator for m in mutation.mutants(source)}
    assert kinds >= {"operator swap", "term dropped", "comparison swap", "and/or swap", "unary dropped", "off by one",
                     "constant", "call swap", "call dropped", "axis changed", "slice bound off by one",
                     "statement deleted", "argument ignored"}, kinds
    assert not any("ValueError" in m.change or "x is None" in m.text for m in mutation.mutants(source)), (
        "validation guards are not mutated")


def test_weak_cases_leave_survivors(monkeypatch):
    ex = registry.get("inverse_time_decay")
    weak = dataclasses.replace(ex, cases=lambda rng: [Case({"learning_rate0": 0.1, "epoch_num": 0})],
                               hidden=lambda rng: [], _cache={})
    monkeypatch.setitem(registry.REGISTRY, "inverse_time_decay", weak)
    row = mutation.run("inverse_time_decay", timeout=10)
    open_ = row["survivors"] + row["unjudged"]  # (the probes draw from the same weak generators: unjudged)
    assert open_, "an epoch-0-only case cannot kill the mutants of the decay formula"
    assert any("decay_rate" in m.change for m in open_) and row["hidden"] < row["generated"]


def test_a_derivation_gets_its_own_row():
    done = subprocess.run([sys.executable, str(TOOL), "--exercise", "dropout_backward"], capture_output=True,
                          text=True, timeout=300,
                          env={**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"})
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    row = next(line for line in done.stdout.splitlines() if line.startswith("dropout_backward (derivation)"))
    generated, visible, hidden, equivalent, survivors = map(int, row.split()[2:])
    assert generated > 3 and hidden + equivalent == generated and survivors == 0


def test_weak_derivation_cases_leave_survivors(monkeypatch):
    from autograder.registry.derivations import DERIVATIONS

    spec = DERIVATIONS["dropout_backward"]
    only_keep_all = [{**case, "keep_prob": 1.0} for case in spec.make_cases()]  # keep_prob 1: no scaling to see
    weak = dataclasses.replace(spec, cases=lambda rng: only_keep_all, hidden=lambda rng: [])
    monkeypatch.setitem(DERIVATIONS, "dropout_backward", weak)
    row = mutation.run("dropout_backward", timeout=10, derivation=True)
    open_ = row["survivors"] + row["unjudged"]
    assert any("keep_prob" in m.change for m in open_), "with keep_prob = 1 only, '/ keep_prob' cannot be missed"
