"""06_optimizers, the rules beyond Adam: Nesterov momentum, AdaGrad, AdamW and linear warm-up (issue 14).

Declared apart from optimizers.py (which declares the notebook) to keep each module short; they share its rule
cases and contract.
"""

from functools import partial

import numpy as np

from dlcore import optim, schedules

from ._contract import accepts, edge, shape, waive
from ._core import Case, exercise, mistake
from .optimizers import NB, RULE_FORBIDDEN, _rule_cases, _rule_contract


# ---------------------------------------------------------------- nesterov
@mistake("lookahead_stored", "the look-ahead is stored as the velocity",
         "store v = beta * v + (1 - beta) * dw; the look-ahead beta * v + (1 - beta) * dw is only this step's size")
def _nag_stored(w, dw, state, learning_rate, beta=0.9):
    v = beta * state["v"] + (1 - beta) * dw
    ahead = beta * v + (1 - beta) * dw
    return w - learning_rate * ahead, {**state, "v": ahead}


@mistake("no_lookahead", "plain momentum: the step is learning_rate * v, without the look-ahead",
         "Nesterov steps by beta * v + (1 - beta) * dw (the velocity carried one step further), not by v")
def _nag_plain(w, dw, state, learning_rate, beta=0.9):
    v = beta * state["v"] + (1 - beta) * dw
    return w - learning_rate * v, {**state, "v": v}


@mistake("lookahead_gradient_unweighted", "the look-ahead's gradient term without (1 - beta) ({form})",
         "the step is a weighted average too: beta * v + (1 - beta) * dw",
         form=["beta * v + dw", "v + dw"])
def _nag_unweighted(w, dw, state, learning_rate, beta=0.9, *, form):
    v = beta * state["v"] + (1 - beta) * dw
    step = beta * v + dw if form == "beta * v + dw" else v + dw
    return w - learning_rate * step, {**state, "v": v}


@mistake("no_one_minus_beta", "the velocity without (1 - beta)",
         "v = beta * v + (1 - beta) * dw, as in momentum; the step uses the same weights")
def _nag_no_one_minus(w, dw, state, learning_rate, beta=0.9):
    v = beta * state["v"] + dw
    return w - learning_rate * (beta * v + dw), {**state, "v": v}


@mistake("state_keys_dropped", "the returned state lost its other entries",
         "return {{**state, 'v': v}}: keep 's' and 't' so every rule shares one state format",
         keep=[(), ("t",), ("s",)])
def _nag_drops(w, dw, state, learning_rate, beta=0.9, *, keep):
    v = beta * state["v"] + (1 - beta) * dw
    return w - learning_rate * (beta * v + (1 - beta) * dw), {"v": v, **{k: state[k] for k in keep}}


_NESTEROV_CASES = _rule_cases(
    [((3, 4), "fresh", {"learning_rate": 0.1}), ((2, 5), "mid", {"learning_rate": 0.05, "beta": 0.8}),
     ((4, 1), "steps", {"learning_rate": 0.2, "beta": 0.6})],
    [((5,), "fresh", {"learning_rate": 0.2, "beta": 0.95}), ((1, 6), "mid", {"learning_rate": 1.0, "beta": 0.5}),
     ((3, 3), "steps", {"learning_rate": 0.3, "beta": 0.0}), ((2, 3), "mid", {"learning_rate": 0.7, "beta": 0.3})])

exercise("nesterov", optim.nesterov, NB, 2, cases=_NESTEROV_CASES[0], hidden=_NESTEROV_CASES[1],
         forbidden=["dlcore.optim.nesterov", *RULE_FORBIDDEN],
         mistakes=[_nag_stored, _nag_plain, _nag_unweighted, _nag_no_one_minus, _nag_drops],
         contract=_rule_contract(_nag_drops.fn, 'only "v" is used') + [
             edge("beta = 0 (plain gradient descent)", holds=lambda a: a.get("beta") == 0.0,
                  quote="beta = 0 is plain gradient descent")])


# ---------------------------------------------------------------- adagrad
@mistake("epsilon_misplaced", "epsilon {where}", "add epsilon after the root: dw / (np.sqrt(s) + epsilon)",
         where=["inside the square root", "left out"])
def _ada_eps(w, dw, state, learning_rate, epsilon=1e-8, *, where):
    s = state["s"] + dw**2
    denominator = np.sqrt(s + epsilon) if where.startswith("inside") else np.sqrt(s)
    return w - learning_rate * dw / denominator, {**state, "s": s}


@mistake("not_squared", "the gradient is not squared in the sum",
         "s sums the SQUARED gradients: s = s + dw**2")
def _ada_not_squared(w, dw, state, learning_rate, epsilon=1e-8):
    s = state["s"] + dw
    return w - learning_rate * dw / (np.sqrt(np.abs(s)) + epsilon), {**state, "s": s}


@mistake("no_sqrt", "AdaGrad without the square root", "divide by np.sqrt(s) + epsilon, the root of the sum")
def _ada_no_sqrt(w, dw, state, learning_rate, epsilon=1e-8):
    s = state["s"] + dw**2
    return w - learning_rate * dw / (s + epsilon), {**state, "s": s}


@mistake("sum_not_kept", "s is {how} instead of the running sum",
         "keep the sum over all steps: s = state['s'] + dw**2 (AdaGrad never forgets)",
         how=["this step's dw**2 only", "a moving average (RMSProp with beta = 0.9)"])
def _ada_forgets(w, dw, state, learning_rate, epsilon=1e-8, *, how):
    s = dw**2 if how.startswith("this") else 0.9 * state["s"] + 0.1 * dw**2
    return w - learning_rate * dw / (np.sqrt(s) + epsilon), {**state, "s": s}


@mistake("stored_in_v", "the sum is stored under 'v'",
         "AdaGrad's sum lives in state['s'] (v is momentum's); return {**state, 's': s}")
def _ada_in_v(w, dw, state, learning_rate, epsilon=1e-8):
    s = state["v"] + dw**2
    return w - learning_rate * dw / (np.sqrt(s) + epsilon), {**state, "v": s}


_ADAGRAD_CASES = _rule_cases(
    [((3, 4), "fresh", {"learning_rate": 0.1}), ((2, 5), "mid", {"learning_rate": 0.02, "epsilon": 1e-3}),
     ((4, 1), "steps", {"learning_rate": 0.05, "epsilon": 1e-4})],
    [((5,), "fresh", {"learning_rate": 0.3, "epsilon": 0.5}), ((1, 6), "mid", {"learning_rate": 0.05, "epsilon": 1e-2}),
     ((3, 3), "steps", {"learning_rate": 0.1})])

exercise("adagrad", optim.adagrad, NB, 2, cases=_ADAGRAD_CASES[0], hidden=_ADAGRAD_CASES[1],
         forbidden=["dlcore.optim.adagrad", *RULE_FORBIDDEN], rtol=1e-6, atol=1e-8,
         mistakes=[_ada_eps, _ada_not_squared, _ada_no_sqrt, _ada_forgets, _ada_in_v],
         contract=_rule_contract(_ada_in_v.fn, 'only "s" is used'))


# ---------------------------------------------------------------- adamw
def _adam_step(w, dw, state, learning_rate, beta1, beta2, epsilon, correct=True):
    t = state["t"] + 1
    v = beta1 * state["v"] + (1 - beta1) * dw
    s = beta2 * state["s"] + (1 - beta2) * dw**2
    vc, sc = (v / (1 - beta1**t), s / (1 - beta2**t)) if correct else (v, s)
    return w - learning_rate * vc / (np.sqrt(sc) + epsilon), {"v": v, "s": s, "t": t}


@mistake("decay_in_gradient", "the decay added to the gradient ({into}): that is Adam + L2, not AdamW",
         "keep the decay out of v and s: the Adam step on dw alone, then subtract learning_rate * weight_decay * w",
         into=["both moments", "v only", "s only"])
def _adamw_l2(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8, weight_decay=0.01, *, into):
    g = dw + weight_decay * w
    t = state["t"] + 1
    v = beta1 * state["v"] + (1 - beta1) * (dw if into == "s only" else g)
    s = beta2 * state["s"] + (1 - beta2) * (dw if into == "v only" else g) ** 2
    new_w = w - learning_rate * (v / (1 - beta1**t)) / (np.sqrt(s / (1 - beta2**t)) + epsilon)
    return new_w, {"v": v, "s": s, "t": t}


@mistake("decays_updated_w", "the decay applied to the updated weights",
         "decay the weights from before the step: new_w = adam_step - learning_rate * weight_decay * w (the old w)")
def _adamw_after(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8, weight_decay=0.01):
    new_w, new_state = _adam_step(w, dw, state, learning_rate, beta1, beta2, epsilon)
    return new_w - learning_rate * weight_decay * new_w, new_state


@mistake("decay_not_scaled", "the decay {how}",
         "subtract learning_rate * weight_decay * w: the decay is scaled by the learning rate",
         how=["not multiplied by learning_rate", "multiplied by learning_rate twice"])
def _adamw_unscaled(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8, weight_decay=0.01, *,
                    how):
    new_w, new_state = _adam_step(w, dw, state, learning_rate, beta1, beta2, epsilon)
    factor = weight_decay if how.startswith("not") else learning_rate**2 * weight_decay
    return new_w - factor * w, new_state


@mistake("no_bias_correction", "AdamW's Adam step without bias correction",
         "the Adam part is unchanged: v_corrected = v / (1 - beta1**t), s_corrected = s / (1 - beta2**t)")
def _adamw_no_correction(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8, weight_decay=0.01):
    new_w, new_state = _adam_step(w, dw, state, learning_rate, beta1, beta2, epsilon, correct=False)
    return new_w - learning_rate * weight_decay * w, new_state


@mistake("decay_sign", "the decay added instead of subtracted (the weights grow)",
         "weight decay shrinks the weights: new_w = ... - learning_rate * weight_decay * w")
def _adamw_sign(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8, weight_decay=0.01):
    new_w, new_state = _adam_step(w, dw, state, learning_rate, beta1, beta2, epsilon)
    return new_w + learning_rate * weight_decay * w, new_state


_ADAMW_CASES = _rule_cases(
    [((3, 4), "fresh", {"learning_rate": 0.1, "weight_decay": 0.5}),
     ((2, 5), "mid", {"learning_rate": 0.05, "beta1": 0.8, "beta2": 0.99, "weight_decay": 0.3}),
     ((4, 1), "steps", {"learning_rate": 0.2, "beta1": 0.7, "beta2": 0.9, "epsilon": 1e-3, "weight_decay": 0.2})],
    [((5,), "fresh", {"learning_rate": 0.3, "beta2": 0.95, "weight_decay": 1.0}),
     ((1, 6), "mid", {"learning_rate": 0.5, "beta1": 0.5, "epsilon": 1e-2}),
     ((3, 3), "steps", {"learning_rate": 0.1, "beta1": 0.6, "beta2": 0.8, "weight_decay": 0.0}),
     ((2, 3), "mid", {"learning_rate": 0.4, "weight_decay": 0.7})])

exercise("adamw", optim.adamw, NB, 2, cases=_ADAMW_CASES[0], hidden=_ADAMW_CASES[1],
         forbidden=["dlcore.optim.adamw", "dlcore.optim.adam", *RULE_FORBIDDEN], rtol=1e-6, atol=1e-8,
         mistakes=[_adamw_l2, _adamw_after, _adamw_unscaled, _adamw_no_correction, _adamw_sign],
         contract=_rule_contract() + [
             edge("weight_decay = 0 (Adam itself)", holds=lambda a: a.get("weight_decay") == 0.0),
             waive("the paper multiplies it by the schedule's factor only",
                   "a remark on the paper's notation; learning_rate's scaling is graded (decay_not_scaled)")])


# ---------------------------------------------------------------- linear warm-up
def _warmup_cases(specs):
    """specs: [(epoch_num, hparams)]; learning_rate0 drawn per case."""
    def cases(rng):
        return [Case({"learning_rate0": round(float(rng.uniform(0.05, 0.5)), 3), "epoch_num": epoch, **hp})
                for epoch, hp in specs]
    return cases


# The schedules after the warm-up are dlcore's that are no exercise of this notebook: the grading child withholds
# the exercises' references (inverse_time_decay, exponential_decay, staircase_decay), so a case cannot pass them.
_DECAY = partial(schedules.inverse_sqrt_decay, k=0.5)
_VISIBLE_WARMUP = [(0, {"warmup_epochs": 4}), (2, {"warmup_epochs": 4}), (np.arange(10), {"warmup_epochs": 3}),
                   (np.arange(8), {"warmup_epochs": 2, "then": _DECAY})]
_HIDDEN_WARMUP = [(np.arange(12), {}), (4, {}), (np.int64(7), {"then": schedules.cosine_decay}),
                  (np.arange(6), {"warmup_epochs": 1, "then": partial(schedules.cosine_decay, period=4)}),
                  (np.array([0, 4, 5, 6, 30]), {"warmup_epochs": 5, "then": _DECAY}),
                  (9, {"warmup_epochs": 9, "then": schedules.inverse_sqrt_decay}),
                  (np.arange(15), {"warmup_epochs": 6, "then": partial(schedules.cosine_decay, period=5,
                                                                        learning_rate_min=0.01)})]


def _ramp(learning_rate0, epoch_num, warmup_epochs):
    return learning_rate0 * (np.asarray(epoch_num) + 1) / warmup_epochs


def _shaped(rate):
    rate = np.asarray(rate, dtype=float)
    return rate if rate.ndim else float(rate)


@mistake("ramp_from_zero", "the ramp is off by one: {form}",
         "epoch 0 already trains: learning_rate0 * (epoch_num + 1) / warmup_epochs, reaching learning_rate0 at "
         "epoch warmup_epochs - 1", form=["epoch_num / warmup_epochs (epoch 0 at zero)",
                                          "(epoch_num + 1) / (warmup_epochs + 1)"])
def _warm_from_zero(learning_rate0, epoch_num, warmup_epochs=5, then=schedules.constant, *, form):
    e = np.asarray(epoch_num)
    ramp = learning_rate0 * (e / warmup_epochs if form.startswith("epoch_num /") else (e + 1) / (warmup_epochs + 1))
    return _shaped(np.where(e < warmup_epochs, ramp, then(learning_rate0, np.maximum(e - warmup_epochs, 0))))


@mistake("boundary_inclusive", "the ramp lasts one epoch too long (epoch_num <= warmup_epochs): above learning_rate0",
         "warm up while epoch_num < warmup_epochs; epoch warmup_epochs is the schedule's own epoch 0")
def _warm_inclusive(learning_rate0, epoch_num, warmup_epochs=5, then=schedules.constant):
    e = np.asarray(epoch_num)
    ramp = _ramp(learning_rate0, e, warmup_epochs)
    return _shaped(np.where(e <= warmup_epochs, ramp, then(learning_rate0, np.maximum(e - warmup_epochs, 0))))


@mistake("schedule_not_restarted", "the schedule after the warm-up is {how}",
         "start the schedule afresh: then(learning_rate0, epoch_num - warmup_epochs)",
         how=["given epoch_num itself (not epoch_num - warmup_epochs)",
              "given epoch_num - warmup_epochs + 1 (its epoch 0 skipped)"])
def _warm_no_restart(learning_rate0, epoch_num, warmup_epochs=5, then=schedules.constant, *, how):
    e = np.asarray(epoch_num)
    after = e if how.startswith("given epoch_num itself") else e - warmup_epochs + 1
    return _shaped(np.where(e < warmup_epochs, _ramp(learning_rate0, e, warmup_epochs),
                            then(learning_rate0, np.maximum(after, 0))))


@mistake("then_ignored", "the schedule `then` is ignored (constant after the warm-up)",
         "after the warm-up return then(learning_rate0, epoch_num - warmup_epochs)")
def _warm_then_ignored(learning_rate0, epoch_num, warmup_epochs=5, then=schedules.constant):
    e = np.asarray(epoch_num)
    return _shaped(np.where(e < warmup_epochs, _ramp(learning_rate0, e, warmup_epochs), learning_rate0))


exercise("linear_warmup", schedules.linear_warmup, NB, 1, cases=_warmup_cases(_VISIBLE_WARMUP),
         hidden=_warmup_cases(_HIDDEN_WARMUP),
         mistakes=[_warm_from_zero, _warm_inclusive, _warm_no_restart, _warm_then_ignored],
         contract=[
             accepts("epoch_num", "int", "numpy int", "array", quote="a number or an array"),
             shape("warmup_epochs = 1 (no ramp: learning_rate0 at epoch 0)", lambda a: a.get("warmup_epochs") == 1),
             edge("the epoch warmup_epochs itself (the schedule's epoch 0)", tell=_warm_inclusive.fn),
             edge("then left at its default, constant", holds=lambda a: "then" not in a, quote="default: constant"),
             edge("a decaying then, started afresh", tell=_warm_no_restart.fn, quote="started afresh")])
