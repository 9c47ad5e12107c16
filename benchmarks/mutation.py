"""Mutation testing of the grader: do the visible and hidden cases catch small slips in a correct solution?

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/mutation.py [--exercise NAME ...] [--notebook NB] [--show]

The reference solution of each exercise is the instructor's solution cell in its notebook (`ex_<name>`, what a
student writes). Its AST is mutated automatically, one change per mutant: an arithmetic operator swapped (+ -, * /,
** *, / //), a comparison swapped (< <=, > >=, < >, == !=), and/or, a term or factor dropped (a + b -> a), a unary
minus or `not` dropped, an integer constant off by one, a float constant replaced (0, 1, 2c, c/2), a boolean
flipped, an `axis=` changed, a call dropped (f(x) -> x) or swapped for its neighbour (sum/mean, max/min,
argmax/argmin, floor/ceil/round, log/log10/log2, sqrt/square), a slice bound off by one, an augmented assignment's
operator swapped, a statement deleted, and an argument ignored (every use of a defaulted parameter replaced by its
default). Validation guards (an `if` whose body only raises) are left alone: raising ValueError on invalid input is
not scored.

Each mutant runs in this process (it is our own code) under a time limit, through check() with the visible cases,
then the hidden cases. A backward exercise with a derivation (autograder/registry/derivations.py) gets a second
row, "<name> (derivation)": the same mutants through derivation_check against the notebook's own forward solution
(visible, then hidden derivation cases; probed by comparing gradients on other seeds). A judgement of the
exercise's row holds for its derivation row (the same result on every input is the same derivative);
LEFT_TO_THE_EXERCISE lists the few that only the exercise's own check can tell (the tool asserts it does).
A mutant the hidden cases do not kill is probed on 8 more seeds of the exercise's case
generators: if it differs there, it is a real survivor (the cases must get stronger), even if judged equivalent;
if not, it must be judged equivalent in EQUIVALENT (mutation_equivalents.py), with the reason.
Prints per exercise: generated / killed
by the visible cases / killed by the hidden cases / judged equivalent / survivors, then (--show) each equivalent
with its reason and each survivor with its change. Exits 1 while a survivor or an unjudged agreement remains. Not a
test: it takes about a minute (tests/test_mutation.py runs it on one exercise so it cannot rot).
"""

import argparse
import contextlib
import io
import json
import os
import re
import signal
import sys
import time
import warnings
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("MPLBACKEND", "Agg")

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mutation_equivalents import EQUIVALENT, LEFT_TO_THE_EXERCISE, NOT_MUTATED  # noqa: E402
from mutation_operators import mutants  # noqa: E402

from autograder import CheckFailed, check, registry  # noqa: E402
from autograder.checks import outcome_differs  # noqa: E402
from autograder.derivations import derivation_check  # noqa: E402
from autograder.registry import materialize  # noqa: E402
from autograder.registry.derivations import DERIVATIONS  # noqa: E402


# ---------------------------------------------------------------- the solutions
def notebook_cells(notebook):
    path = REPO / "notebooks" / notebook / f"{notebook}.ipynb"
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _strip_magics(source):
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())


_NAMESPACES = {}


def solution_namespace(notebook):
    """The namespace of the notebook's setup cell and every solution cell (what the grader's kernel sees)."""
    _cache = _NAMESPACES
    if notebook not in _cache:
        namespace = {"__name__": f"notebook_{notebook}"}
        with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for cell in notebook_cells(notebook):
                meta = cell["metadata"].get("nbgrader", {})
                if meta.get("grade_id") == "setup" or meta.get("solution"):
                    exec(compile(_strip_magics("".join(cell["source"])), f"{notebook}:{meta['grade_id']}", "exec"),
                         namespace)
        _cache[notebook] = namespace
    return _cache[notebook]


def solution_source(ex):
    for cell in notebook_cells(ex.notebook):
        if cell["metadata"].get("nbgrader", {}).get("grade_id") == f"ex_{ex.name}":
            return re.sub(r"^\s*### (BEGIN|END) SOLUTION\s*$\n?", "", "".join(cell["source"]), flags=re.M)
    raise LookupError(f"{ex.notebook} has no solution cell ex_{ex.name}")


# ---------------------------------------------------------------- running them
class MutantTimeout(BaseException):
    """A mutant ran past its time limit (a BaseException, so no `except Exception` in the mutant swallows it)."""


def _alarm(signum, frame):
    raise MutantTimeout()


def build(ex, mutant):
    namespace = dict(solution_namespace(ex.notebook))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # e.g. a SyntaxWarning for a mutant that calls a string
        exec(compile(mutant.tree, f"<mutant of {ex.name}>", "exec"), namespace)
    return namespace[ex.name]


def _verdict(call, timeout):
    """'killed', 'timeout' or None (passed): one check of a mutant, silenced, under a time limit."""
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            call()
        return None
    except CheckFailed:
        return "killed"
    except MutantTimeout:
        return "timeout"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def killed(name, fn, hidden, timeout):
    return _verdict(lambda: check(name, fn, hidden=hidden), timeout)


def _probing(timeout, differs):
    """differs() under a longer time limit, silenced; running past it counts as a difference."""
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout * 4)
    try:
        with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            return differs()
    except MutantTimeout:
        return True
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def probe_differs(ex, fn, timeout, seeds=8):
    """Does fn differ from the reference on cases drawn with other seeds (visible and hidden generators)?"""
    def differs():
        for seed in range(1, seeds + 1):
            rng = np.random.default_rng(1_000_003 * seed)
            if any(outcome_differs(ex, fn, case) for case in list(ex.cases(rng)) + list(ex.hidden(rng))):
                return True
        return False
    return _probing(timeout, differs)


class Derived:
    """The derivation of a backward exercise as the tool sees it: the mutants of the backward's solution are
    checked by derivation_check against the notebook's own forward solution (whose derivative is unique, so a
    backward that gives other gradients than the solution's on any case is wrong and must be killed)."""

    def __init__(self, name):
        self.name, self.spec = name, DERIVATIONS[name]
        self.forward = solution_namespace(registry.get(name).notebook)[self.spec.forward]

    def killed(self, fn, hidden, timeout):
        return _verdict(lambda: derivation_check(self.name, self.forward, fn, hidden=hidden), timeout)

    def probe_differs(self, solution, fn, timeout, seeds=8):
        def gradients(backward, args):
            return self.spec.gradients(backward, self.forward, materialize(args))

        def differs():
            for seed in range(1, seeds + 1):
                rng = np.random.default_rng(1_000_003 * seed)
                for args in list(self.spec.cases(rng)) + list(self.spec.hidden(rng)):
                    want = gradients(solution, args)
                    try:
                        got = gradients(fn, args)
                    except Exception:
                        return True
                    if any(np.shape(got[k]) != np.shape(want[k]) or not np.allclose(got[k], want[k], rtol=1e-9,
                                                                                     atol=1e-12) for k in want):
                        return True
            return False
        return _probing(timeout, differs)


def equivalence(label, name, mutant):
    """The reason a mutant is judged equivalent, or None. A mutant equivalent to an exercise's solution gives the
    same result on every allowed input, so it is also the same derivative: the exercise's judgement holds for its
    derivation row too."""
    return EQUIVALENT.get((label, mutant.key())) or EQUIVALENT.get((name, mutant.key()))


def run(name, timeout, *, derivation=False):
    """One row of the table: the mutants of `name`'s solution through check() or, with derivation=True, through
    the derivation check of the backward against the notebook's forward."""
    ex = registry.get(name)
    label = f"{name} (derivation)" if derivation else name
    row = {"generated": 0, "visible": 0, "hidden": 0, "equivalent": [], "survivors": [], "unjudged": []}
    solution = solution_namespace(ex.notebook)[name]
    derived = Derived(name) if derivation else None
    if derived:
        kill, probe = derived.killed, lambda fn: derived.probe_differs(solution, fn, timeout)
    else:
        kill, probe = (lambda fn, hidden, timeout: killed(name, fn, hidden, timeout)), (
            lambda fn: probe_differs(ex, fn, timeout))
    if kill(solution, True, timeout):
        raise SystemExit(f"{label}: the notebook's own solution fails its hidden cases; fix that first")
    for mutant in mutants(solution_source(ex)):
        row["generated"] += 1
        try:
            fn = build(ex, mutant)
        except Exception:
            row["visible"] += 1  # does not even define the function: the visible cell fails
            continue
        if kill(fn, False, timeout):
            row["visible"] += 1
            row["hidden"] += 1
        elif kill(fn, True, timeout):
            row["hidden"] += 1
        elif probe(fn):
            row["survivors"].append(mutant)  # judged equivalent or not: it differs on another seed
        elif equivalence(label, name, mutant):
            row["equivalent"].append((mutant, equivalence(label, name, mutant)))
        elif (label, mutant.key()) in LEFT_TO_THE_EXERCISE and killed(name, fn, True, timeout):
            row["equivalent"].append((mutant, LEFT_TO_THE_EXERCISE[(label, mutant.key())]))
        else:
            row["unjudged"].append(mutant)
    return row


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exercise", action="append", help="only this exercise (repeatable)")
    parser.add_argument("--notebook", help="only the exercises of this notebook, e.g. 06_optimizers")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per check of one mutant (10)")
    parser.add_argument("--show", action="store_true", help="also print every judged-equivalent mutant")
    args = parser.parse_args()
    names = args.exercise or [n for n in registry.names(args.notebook) if n not in NOT_MUTATED]
    for name in set(names) & set(NOT_MUTATED):
        raise SystemExit(f"{name} is not mutation-tested: {NOT_MUTATED[name]}")
    t0 = time.perf_counter()
    rows = {}
    print(f"{'exercise':<44} {'generated':>9} {'killed visible':>14} {'killed hidden':>13} {'equivalent':>10} "
          f"{'survivors':>9}")
    jobs = [(name, False) for name in names] + [(name, True) for name in names if name in DERIVATIONS]
    for name, derivation in jobs:
        label = f"{name} (derivation)" if derivation else name
        rows[label] = row = run(name, args.timeout, derivation=derivation)
        open_ = len(row["survivors"]) + len(row["unjudged"])
        print(f"{label:<44} {row['generated']:>9} {row['visible']:>14} {row['hidden']:>13} "
              f"{len(row['equivalent']):>10} {open_:>9}", flush=True)
    total = {k: sum(r[k] if isinstance(r[k], int) else len(r[k]) for r in rows.values())
             for k in ("generated", "visible", "hidden", "equivalent", "survivors", "unjudged")}
    non_equivalent = total["generated"] - total["equivalent"] - total["unjudged"]
    print(f"{'total':<44} {total['generated']:>9} {total['visible']:>14} {total['hidden']:>13} "
          f"{total['equivalent']:>10} {total['survivors'] + total['unjudged']:>9}")
    print(f"non-equivalent mutants killed by the hidden cases: {total['hidden']} of {non_equivalent} "
          f"({100 * total['hidden'] / max(non_equivalent, 1):.1f} %); by the visible cases alone: "
          f"{100 * total['visible'] / max(non_equivalent, 1):.1f} %; {time.perf_counter() - t0:.0f} s")
    if args.show:
        print("\njudged equivalent:")
        for name, row in rows.items():
            for mutant, reason in row["equivalent"]:
                print(f"  {name}: {mutant.key()}\n      {reason}")
    for label, key in (("SURVIVORS (they differ from the solution on other seeds: strengthen the cases)",
                        "survivors"), ("UNJUDGED (they agree with the solution on every probe: judge them)",
                                       "unjudged")):
        items = [(n, m) for n, r in rows.items() for m in r[key]]
        if items:
            print(f"\n{label}:")
            for name, mutant in items:
                print(f"  ({name!r}, {mutant.key()!r})")
    return 1 if total["survivors"] + total["unjudged"] else 0


if __name__ == "__main__":
    sys.exit(main())
