"""A bank of independently written answers to the graded exercises, as test data for the grader.

    WRONG[(exercise, family)] -> [function, ...]   each a wrong answer that the family must be named on
    VALID[exercise] -> [function, ...]             each a right answer, written differently from dlcore's
    DERIVED[exercise] -> [(label, forward, backward, right), ...]   pairs for the derivation check of a backward
                                                   exercise: right pairs (the backward is the derivative of that
                                                   forward) must pass it, wrong ones fail it

Every catalogued mistake family has at least three differently written versions of itself (another formula
layout, a loop for a vectorised expression, the mistake made in one rule or one case only, a guard kept, the
result transposed back...), so a family is recognised however the student wrote the mistake, not only when the
catalogue's own replica is typed again. The valid answers must pass every case and never be called a mistake.
One module per notebook; functions are named <exercise>__<family or "ok">_<n>.
"""

WRONG = {}
VALID = {}
DERIVED = {}


def wrong(exercise, family):
    def add(fn):
        WRONG.setdefault((exercise, family), []).append(fn)
        return fn
    return add


def valid(exercise):
    def add(fn):
        VALID.setdefault(exercise, []).append(fn)
        return fn
    return add


def derived(exercise, forward, backward, *, right, label):
    DERIVED.setdefault(exercise, []).append((label, forward, backward, right))


from . import (  # noqa: E402,F401  (each module adds its answers on import)
    bank_01_bias_variance,
    bank_02_regularization,
    bank_03_initialization,
    bank_04_gradient_checking,
    bank_05_batch_norm,
    bank_06_optimizer_rules,
    bank_06_optimizers,
    bank_07_tuning,
    bank_08_capstone,
    bank_derivations,
)
