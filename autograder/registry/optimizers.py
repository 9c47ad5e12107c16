"""06_optimizers: mini-batches, moving averages, momentum, RMSProp, Adam, learning-rate decay."""

import numpy as np

from dlcore import data, ewma, optim, schedules

from ._contract import accepts, edge, shape, waive
from ._core import Case, exercise, explorer, float32_case, mistake, normal, notebook, seeded

NB = notebook(
    "06_optimizers", "optimizers",
    "batch vs mini-batch vs SGD; EWMA and bias correction; momentum and the condition number (the sqrt(kappa) "
    "rate); Nesterov; RMSProp and AdaGrad; Adam; AdamW (L2 is not weight decay under Adam); learning-rate decay and "
    "warm-up; saddles and plateaus",
    [explorer("batch_size_explorer", "cost curves for batch sizes 1, 64 and m"),
     explorer("ewma_explorer", "noisy temperatures with beta and bias correction", goal_ms=30),
     explorer("optimizer_explorer", "the optimizer race on a ravine, a saddle and a plateau", goal_ms=30),
     explorer("schedule_explorer", "learning-rate schedules side by side", goal_ms=30)])

ERRORS_NOT_SCORED = "raising ValueError on invalid input is not scored (the notebook headers say so)"


# ---------------------------------------------------------------- random_mini_batches
def _mini_batch(rng, n_x, m, k, size, rng_kind="generator"):
    Y = (rng.random((k, m)) < 0.5).astype(float) if k == 1 else np.eye(k)[:, rng.integers(0, k, m)]
    args = {"X": normal(rng, n_x, m), "Y": Y}
    if size is not None:
        args["mini_batch_size"] = size
    args["rng"] = seeded(rng) if rng_kind == "generator" else int(rng.integers(1, 10_000))
    return Case(args)


def _mini_batch_cases(rng):
    return [_mini_batch(rng, 3, 10, 1, 4), _mini_batch(rng, 2, 12, 3, 4, "int")]


def _mini_batch_hidden(rng):
    cases = [_mini_batch(rng, *spec) for spec in [
        (4, 23, 3, 5), (2, 7, 1, 16, "int"), (5, 9, 2, 1), (3, 1, 1, 4), (2, 130, 1, None), (1, 8, 1, 2)]]
    return cases + [float32_case(_mini_batch(rng, 3, 11, 2, 3))]


def _batches(X, Y, perm, size, drop_last=False):
    m = X.shape[1]
    stop = m - m % size if drop_last else m
    return [(X[:, perm[s:s + size]], Y[:, perm[s:s + size]]) for s in range(0, stop, size)]


def _joined(batches, which):
    return np.concatenate([np.asarray(b[which]) for b in batches], axis=1)


def _in_order(args, expected, got):
    """Every example is there, in the original column order (no shuffle, however the batches were cut)."""
    return np.array_equal(_joined(got, 0), args["X"]) and np.array_equal(_joined(got, 1), args["Y"])


@mistake("no_shuffle", "mini-batches without shuffling",
         "draw perm = rng.permutation(m) and slice X[:, perm] and Y[:, perm] (the same perm for both)",
         explains=_in_order)
def _mb_no_shuffle(X, Y, mini_batch_size=64, *, rng=None):
    return _batches(X, Y, np.arange(X.shape[1]), mini_batch_size)


@mistake("drops_last", "the last, smaller mini-batch is dropped",
         "keep the m % mini_batch_size leftover columns as a final, smaller mini-batch")
def _mb_drops_last(X, Y, mini_batch_size=64, *, rng=None):
    perm = np.random.default_rng(rng).permutation(X.shape[1])
    return _batches(X, Y, perm, mini_batch_size, drop_last=True)


def _y_shuffled_apart(args, expected, got):
    """The X batches are right, the Y batches hold Y's columns in another order."""
    X_right = all(np.array_equal(np.asarray(g[0]), e[0]) for g, e in zip(got, expected)) and len(got) == len(expected)
    Y_got, Y = _joined(got, 1), args["Y"]
    same_columns = Y_got.shape == Y.shape and sorted(map(tuple, Y_got.T)) == sorted(map(tuple, Y.T))
    return X_right and same_columns and not np.array_equal(Y_got, _joined(expected, 1))


@mistake("separate_permutations", "X and Y shuffled with different permutations",
         "draw ONE permutation and use it for both X and Y, or labels no longer match their examples",
         explains=_y_shuffled_apart)
def _mb_two_perms(X, Y, mini_batch_size=64, *, rng=None):
    rng = np.random.default_rng(rng)
    px, py = rng.permutation(X.shape[1]), rng.permutation(X.shape[1])
    return [(a, b) for (a, _), (_, b) in zip(_batches(X, Y, px, mini_batch_size), _batches(X, Y, py, mini_batch_size))]


def _transposed(args, expected, got):
    return len(got) == len(expected) and all(
        np.array_equal(np.asarray(g[0]), e[0].T) and np.array_equal(np.asarray(g[1]), e[1].T)
        for g, e in zip(got, expected))


@mistake("rows_not_columns", "shuffled and sliced the rows instead of the columns (examples)",
         "examples are columns: use X[:, perm] and slice X[:, start:start + mini_batch_size]",
         explains=_transposed)
def _mb_rows(X, Y, mini_batch_size=64, *, rng=None):
    perm = np.random.default_rng(rng).permutation(X.shape[1])
    Xs, Ys = X.T[perm], Y.T[perm]
    return [(Xs[s:s + mini_batch_size], Ys[s:s + mini_batch_size]) for s in range(0, X.shape[1], mini_batch_size)]


exercise("random_mini_batches", data.random_mini_batches, NB, 2, cases=_mini_batch_cases,
         hidden=_mini_batch_hidden, forbidden=["dlcore.data.random_mini_batches", "dlcore.data.minibatches"],
         mistakes=[_mb_no_shuffle, _mb_drops_last, _mb_two_perms, _mb_rows],
         contract=[
             shape("one-hot Y (k > 1 rows)", lambda a: a["Y"].shape[0] > 1),
             shape("m = 1", lambda a: a["X"].shape[1] == 1),
             shape("mini_batch_size = 1", lambda a: a.get("mini_batch_size") == 1),
             shape("one batch (mini_batch_size >= m)", lambda a: a.get("mini_batch_size", 64) >= a["X"].shape[1]),
             shape("the default size 64 with m > 64", lambda a: "mini_batch_size" not in a and a["X"].shape[1] > 64),
             edge("m % B leftovers make a last, smaller batch", tell=_mb_drops_last.fn, quote="leftovers (if any)"),
             edge("no leftovers when B divides m", holds=lambda a: a["X"].shape[1] % a.get("mini_batch_size", 64) == 0),
             waive("Raise ValueError", ERRORS_NOT_SCORED)])


# ---------------------------------------------------------------- ewma
def _ewma_cases(rng):
    return [Case({"theta": 20 + normal(rng, 12, scale=3), "beta": 0.9}),
            Case({"theta": normal(rng, 8), "beta": 0.5, "bias_correction": False}),
            Case({"theta": 10 + normal(rng, 6), "beta": 0.98, "bias_correction": True})]


def _ewma_hidden(rng):
    return [Case({"theta": normal(rng, 30, scale=5), "beta": 0.95}),
            Case({"theta": normal(rng, 5), "beta": 0.0}),
            Case({"theta": 1 + normal(rng, 15), "beta": 0.8, "bias_correction": False}),
            Case({"theta": np.array([4.0]), "beta": 0.7}),
            Case({"theta": 3 + normal(rng, 9), "beta": 0.6, "bias_correction": True})]


def _ewma_raw(theta, beta, weight_new=None):
    weight_new = 1 - beta if weight_new is None else weight_new
    v, prev = np.empty(len(theta)), 0.0
    for i, x in enumerate(theta):
        prev = (1 - weight_new) * prev + weight_new * x
        v[i] = prev
    return v


@mistake("correction_ignored", "the bias_correction flag is ignored ({how})",
         "divide v_t by (1 - beta**t) only when bias_correction is True", how=["always corrected", "never corrected"])
def _ewma_flag_ignored(theta, beta, *, bias_correction=True, how):
    v = _ewma_raw(theta, beta)
    return v / (1 - beta ** np.arange(1, len(theta) + 1)) if how == "always corrected" else v


@mistake("correction_t_off_by_one", "bias correction with the step count off by one: 1 - beta**(t {shift})",
         "t counts from 1 for the first value: correct v_t by 1 - beta**t with t = 1, 2, ...", shift=["+ 1", "- 1"])
def _ewma_t_shift(theta, beta, *, bias_correction=True, shift):
    v = _ewma_raw(theta, beta)
    start = 2 if shift == "+ 1" else 0
    return v / (1 - beta ** np.arange(start, len(theta) + start)) if bias_correction else v


@mistake("weights_swapped", "beta and (1 - beta) swapped",
         "v_t = beta * v_{t-1} + (1 - beta) * theta_t: the OLD average gets the large weight beta")
def _ewma_swapped(theta, beta, *, bias_correction=True):
    v = _ewma_raw(theta, beta, weight_new=beta)
    return v / (1 - (1 - beta) ** np.arange(1, len(theta) + 1)) if bias_correction else v


@mistake("v0_first_value", "started the average at theta_1 instead of v_0 = 0",
         "start from v_0 = 0 (that is what bias correction corrects for)")
def _ewma_v0(theta, beta, *, bias_correction=True):
    v, prev = np.empty(len(theta)), theta[0]
    for i, x in enumerate(theta):
        prev = beta * prev + (1 - beta) * x
        v[i] = prev
    return v / (1 - beta ** np.arange(1, len(theta) + 1)) if bias_correction else v


@mistake("corrected_fed_back", "the corrected value is fed back into the average",
         "keep the raw v_t for the recursion; divide by (1 - beta**t) only in the value you return")
def _ewma_fed_back(theta, beta, *, bias_correction=True):
    v, prev = np.empty(len(theta)), 0.0
    for i, x in enumerate(theta):
        prev = beta * prev + (1 - beta) * x
        if bias_correction:
            prev = prev / (1 - beta ** (i + 1))
        v[i] = prev
    return v


exercise("ewma", ewma.ewma, NB, 2, cases=_ewma_cases, hidden=_ewma_hidden,
         mistakes=[_ewma_flag_ignored, _ewma_t_shift, _ewma_swapped, _ewma_v0, _ewma_fed_back],
         contract=[shape("T = 1", lambda a: len(a["theta"]) == 1),
                   edge("beta = 0 (the average is the series itself)", holds=lambda a: a["beta"] == 0.0),
                   edge("bias_correction=True given explicitly", holds=lambda a: a.get("bias_correction") is True),
                   waive("Raise ValueError", ERRORS_NOT_SCORED)])


# ---------------------------------------------------------------- optimizer rules: shared cases
def _rule_case(rng, shape, kind, hparams):
    """A case for a rule (w, dw, state, learning_rate, **hparams): a fresh state ("fresh"), a mid-training state
    ("mid"), or three steps that feed the returned w and state into the next call with new gradients ("steps")."""
    w = normal(rng, *shape)
    if kind == "mid":
        state = {"v": normal(rng, *shape, scale=0.1), "s": rng.random(shape) * 0.1, "t": int(rng.integers(2, 20))}
        return Case({"w": w, "dw": normal(rng, *shape), "state": state, **hparams})
    state = optim.init_state(w)
    steps = 3 if kind == "steps" else 1
    dws = [normal(rng, *shape) for _ in range(steps)]

    def feed(args, result, step, dws=dws):
        new_w, new_state = result
        return {**args, "w": np.asarray(new_w), "dw": dws[step], "state": new_state}

    return Case({"w": w, "dw": dws[0], "state": state, **hparams}, steps=steps, feed=feed)


def _rule_cases(visible, hidden):
    """(visible, hidden) generators from [(shape, kind, hparams)] specs; the hidden set adds a float32 case."""
    def make_visible(rng):
        return [_rule_case(rng, *spec) for spec in visible]

    def make_hidden(rng):
        cases = [_rule_case(rng, *spec) for spec in hidden]
        return cases + [float32_case(_rule_case(rng, *hidden[0]))]
    return make_visible, make_hidden


RULE_FORBIDDEN = ["dlcore.optim.Optimizer.update"]


def _rule_contract(keeps=None, quote=None):
    kept = [edge("the other state entries are kept", tell=keeps, quote=quote)] if keeps else []
    return kept + [shape("a 1-D w", lambda a: a["w"].ndim == 1),
            shape("a column w (n, 1)", lambda a: a["w"].shape[1:] == (1,)),
            shape("a row w (1, n)", lambda a: a["w"].ndim == 2 and a["w"].shape[0] == 1),
            edge("a fresh state (t = 0, zeros)", holds=lambda a: a["state"]["t"] == 0),
            edge("a mid-training state", holds=lambda a: a["state"]["t"] > 0),
            edge("the returned state fed into the next step", holds=lambda case: case.steps > 1, on_case=True)]


# ---------------------------------------------------------------- momentum
@mistake("no_one_minus_beta", "momentum without (1 - beta)",
         "v = beta * v + (1 - beta) * dw: the new gradient gets weight (1 - beta)")
def _mom_no_one_minus(w, dw, state, learning_rate, beta=0.9):
    v = beta * state["v"] + dw
    return w - learning_rate * v, {**state, "v": v}


@mistake("velocity_with_learning_rate", "the other convention: {form}",
         "use the course's form: v = beta * v + (1 - beta) * dw, then w = w - learning_rate * v",
         form=["v = beta * v - learning_rate * dw; w = w + v", "v = beta * v + learning_rate * dw; w = w - v"])
def _mom_lr_in_v(w, dw, state, learning_rate, beta=0.9, *, form):
    if form.startswith("v = beta * v -"):
        v = beta * state["v"] - learning_rate * dw
        return w + v, {**state, "v": v}
    v = beta * state["v"] + learning_rate * dw
    return w - v, {**state, "v": v}


@mistake("update_with_dw", "the update uses dw instead of the velocity v",
         "w = w - learning_rate * v (the averaged gradient), not dw")
def _mom_uses_dw(w, dw, state, learning_rate, beta=0.9):
    v = beta * state["v"] + (1 - beta) * dw
    return w - learning_rate * dw, {**state, "v": v}


@mistake("weights_swapped", "beta and (1 - beta) swapped",
         "v = beta * v + (1 - beta) * dw: the old velocity gets the large weight beta")
def _mom_swapped(w, dw, state, learning_rate, beta=0.9):
    v = (1 - beta) * state["v"] + beta * dw
    return w - learning_rate * v, {**state, "v": v}


@mistake("state_keys_dropped", "the returned state lost its other entries",
         "return {{**state, 'v': v}}: keep 's' and 't' so every rule shares one state format",
         keep=[(), ("t",), ("s",)])
def _mom_drops(w, dw, state, learning_rate, beta=0.9, *, keep):
    v = beta * state["v"] + (1 - beta) * dw
    return w - learning_rate * v, {"v": v, **{k: state[k] for k in keep}}


_MOMENTUM_CASES = _rule_cases(
    [((3, 4), "fresh", {"learning_rate": 0.1}), ((2, 5), "mid", {"learning_rate": 0.05, "beta": 0.8}),
     ((4, 1), "steps", {"learning_rate": 0.01, "beta": 0.7})],
    [((5,), "fresh", {"learning_rate": 0.2, "beta": 0.95}), ((1, 6), "mid", {"learning_rate": 1.0, "beta": 0.5}),
     ((3, 3), "steps", {"learning_rate": 0.3, "beta": 0.0})])

exercise("momentum", optim.momentum, NB, 2, cases=_MOMENTUM_CASES[0], hidden=_MOMENTUM_CASES[1],
         forbidden=["dlcore.optim.momentum", *RULE_FORBIDDEN],
         mistakes=[_mom_no_one_minus, _mom_lr_in_v, _mom_uses_dw, _mom_swapped, _mom_drops],
         contract=_rule_contract(_mom_drops.fn, 'only "v" is used'))


# ---------------------------------------------------------------- rmsprop
@mistake("no_sqrt", "RMSProp without the square root",
         "divide by np.sqrt(s) + epsilon (one version of the notes drops the sqrt: a typo)")
def _rms_no_sqrt(w, dw, state, learning_rate, beta=0.999, epsilon=1e-8):
    s = beta * state["s"] + (1 - beta) * dw**2
    return w - learning_rate * dw / (s + epsilon), {**state, "s": s}


@mistake("epsilon_inside_sqrt", "epsilon {where}", "add epsilon after the root: dw / (np.sqrt(s) + epsilon)",
         where=["inside the square root", "left out (or squared inside the root, where it vanishes)"])
def _rms_eps(w, dw, state, learning_rate, beta=0.999, epsilon=1e-8, *, where):
    s = beta * state["s"] + (1 - beta) * dw**2
    denominator = np.sqrt(s + epsilon) if where.startswith("inside") else np.sqrt(s)
    return w - learning_rate * dw / denominator, {**state, "s": s}


@mistake("no_one_minus_beta", "s averaged without (1 - beta)",
         "s = beta * s + (1 - beta) * dw**2")
def _rms_no_one_minus(w, dw, state, learning_rate, beta=0.999, epsilon=1e-8):
    s = beta * state["s"] + dw**2
    return w - learning_rate * dw / (np.sqrt(s) + epsilon), {**state, "s": s}


@mistake("not_squared", "the gradient is not squared in s",
         "s averages the SQUARED gradient: s = beta * s + (1 - beta) * dw**2")
def _rms_not_squared(w, dw, state, learning_rate, beta=0.999, epsilon=1e-8):
    s = beta * state["s"] + (1 - beta) * dw
    return w - learning_rate * dw / (np.sqrt(s) + epsilon), {**state, "s": s}


@mistake("stored_in_v", "the squared-gradient average is stored under 'v'",
         "RMSProp's average lives in state['s'] (v is momentum's); return {**state, 's': s}")
def _rms_in_v(w, dw, state, learning_rate, beta=0.999, epsilon=1e-8):
    s = beta * state["v"] + (1 - beta) * dw**2
    return w - learning_rate * dw / (np.sqrt(s) + epsilon), {**state, "v": s}


_RMSPROP_CASES = _rule_cases(
    [((3, 4), "fresh", {"learning_rate": 0.01}), ((2, 5), "mid", {"learning_rate": 0.02, "beta": 0.9}),
     ((4, 1), "steps", {"learning_rate": 0.01, "beta": 0.8, "epsilon": 1e-4})],
    [((5,), "fresh", {"learning_rate": 0.001, "beta": 0.99}), ((1, 6), "mid", {"learning_rate": 0.05, "epsilon": 1e-2}),
     ((3, 3), "steps", {"learning_rate": 0.1, "beta": 0.5})])

exercise("rmsprop", optim.rmsprop, NB, 2, cases=_RMSPROP_CASES[0], hidden=_RMSPROP_CASES[1],
         forbidden=["dlcore.optim.rmsprop", *RULE_FORBIDDEN], rtol=1e-6, atol=1e-8,
         mistakes=[_rms_no_sqrt, _rms_eps, _rms_no_one_minus, _rms_not_squared, _rms_in_v],
         contract=_rule_contract(_rms_in_v.fn, 'only "s" is used'))


# ---------------------------------------------------------------- adam
def _adam_parts(state, dw, beta1, beta2):
    v = beta1 * state["v"] + (1 - beta1) * dw
    s = beta2 * state["s"] + (1 - beta2) * dw**2
    return v, s


@mistake("no_bias_correction", "Adam with the bias correction {missing}",
         "use v_corrected = v / (1 - beta1**t) and s_corrected = s / (1 - beta2**t) in the update",
         missing=["left out", "left out of v", "left out of s"])
def _adam_no_correction(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8, *, missing):
    t = state["t"] + 1
    v, s = _adam_parts(state, dw, beta1, beta2)
    vc = v if missing in ("left out", "left out of v") else v / (1 - beta1**t)
    sc = s if missing in ("left out", "left out of s") else s / (1 - beta2**t)
    return w - learning_rate * vc / (np.sqrt(sc) + epsilon), {"v": v, "s": s, "t": t}


@mistake("epsilon_inside_sqrt", "epsilon inside the square root",
         "add epsilon after the root: v_corrected / (np.sqrt(s_corrected) + epsilon)",
         corrected_inside=[True, False])
def _adam_eps_inside(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8, *, corrected_inside):
    t = state["t"] + 1
    v, s = _adam_parts(state, dw, beta1, beta2)
    root = np.sqrt(s / (1 - beta2**t) + epsilon) if corrected_inside else np.sqrt((s + epsilon) / (1 - beta2**t))
    return w - learning_rate * (v / (1 - beta1**t)) / root, {"v": v, "s": s, "t": t}


@mistake("epsilon_forgotten", "epsilon {where}",
         "divide by (np.sqrt(s_corrected) + epsilon): epsilon keeps the step finite where s is tiny",
         where=["left out of the denominator", "squared inside the square root (where it all but vanishes)"])
def _adam_no_eps(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8, *, where):
    t = state["t"] + 1
    v, s = _adam_parts(state, dw, beta1, beta2)
    tiny = 0.0 if where.startswith("left out") else epsilon**2
    return w - learning_rate * (v / (1 - beta1**t)) / np.sqrt(s / (1 - beta2**t) + tiny), {"v": v, "s": s, "t": t}


@mistake("correction_step_off_by_one", "bias correction with the step count off by one ({which})",
         "increment first: t = state['t'] + 1, then correct with 1 - beta1**t and 1 - beta2**t (t = 1 on the "
         "first step)", which=["t not incremented before use", "beta**(t + 1)"])
def _adam_t_shift(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8, *, which):
    t = state["t"] + 1
    v, s = _adam_parts(state, dw, beta1, beta2)
    tc = t - 1 if which.startswith("t not") else t + 1
    return (w - learning_rate * (v / (1 - beta1**tc)) / (np.sqrt(s / (1 - beta2**tc)) + epsilon),
            {"v": v, "s": s, "t": t})


@mistake("t_not_stored", "the step count t is not saved in the returned state",
         "return the incremented t in the new state, so the next call continues from it", focus=lambda r: r[1]["t"])
def _adam_t_lost(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
    t = state["t"] + 1
    v, s = _adam_parts(state, dw, beta1, beta2)
    return (w - learning_rate * (v / (1 - beta1**t)) / (np.sqrt(s / (1 - beta2**t)) + epsilon),
            {"v": v, "s": s, "t": state["t"]})


@mistake("stores_corrected", "the bias-corrected averages are stored in the state",
         "store the raw v and s; the corrected ones are only used for this step's update")
def _adam_stores_corrected(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
    t = state["t"] + 1
    v, s = _adam_parts(state, dw, beta1, beta2)
    vc, sc = v / (1 - beta1**t), s / (1 - beta2**t)
    return w - learning_rate * vc / (np.sqrt(sc) + epsilon), {"v": vc, "s": sc, "t": t}


_ADAM_CASES = _rule_cases(
    [((3, 4), "fresh", {"learning_rate": 0.01}), ((2, 5), "mid", {"learning_rate": 0.02, "beta1": 0.8, "beta2": 0.99}),
     ((4, 1), "steps", {"learning_rate": 0.05, "beta1": 0.8, "beta2": 0.95, "epsilon": 1e-4})],
    [((5,), "fresh", {"learning_rate": 0.001, "beta1": 0.95}), ((1, 6), "mid", {"learning_rate": 0.1, "beta2": 0.9}),
     ((3, 3), "steps", {"learning_rate": 0.01, "beta1": 0.5, "beta2": 0.9, "epsilon": 1e-2})])

exercise("adam", optim.adam, NB, (1, 2), cases=_ADAM_CASES[0], hidden=_ADAM_CASES[1],
         forbidden=["dlcore.optim.adam", *RULE_FORBIDDEN], rtol=1e-6, atol=1e-8,
         mistakes=[_adam_no_correction, _adam_eps_inside, _adam_no_eps, _adam_t_shift, _adam_t_lost,
                   _adam_stores_corrected],
         contract=_rule_contract())


# ---------------------------------------------------------------- learning-rate schedules
def _schedule_cases(epochs, hparams):
    def cases(rng):
        out = []
        for i, epoch in enumerate(epochs):
            hp = hparams[i % len(hparams)]
            out.append(Case({"learning_rate0": round(float(rng.uniform(0.05, 0.5)), 3), "epoch_num": epoch, **hp}))
        return out
    return cases


def _schedule_contract():
    return [accepts("epoch_num", "int", "numpy int", "array", quote="a number or an array"),
            edge("epoch_num = 0 uses learning_rate0", holds=lambda a: np.all(np.asarray(a["epoch_num"]) == 0))]


@mistake("epoch_plus_one", "decay counted from epoch_num + 1",
         "epoch_num starts at 0 and the first epoch uses learning_rate0: lr0 / (1 + decay_rate * epoch_num)")
def _inv_plus_one(learning_rate0, epoch_num, decay_rate=1.0):
    return learning_rate0 / (1 + decay_rate * (epoch_num + 1))


@mistake("plus_epoch_typo", "1 + decay_rate + epoch_num (the notes' typo)",
         "multiply, don't add: learning_rate0 / (1 + decay_rate * epoch_num)")
def _inv_typo(learning_rate0, epoch_num, decay_rate=1.0):
    return learning_rate0 / (1 + decay_rate + epoch_num)


@mistake("decay_rate_ignored", "decay_rate ignored (always 1)",
         "use the decay_rate argument: learning_rate0 / (1 + decay_rate * epoch_num)")
def _inv_no_rate(learning_rate0, epoch_num, decay_rate=1.0):
    return learning_rate0 / (1 + epoch_num)


_EPOCHS = [0, 1, 3, 10]
_EPOCHS_HIDDEN = [2, 7, 25, 999, np.int64(1000), 1500, np.arange(0, 12), np.array([0, 5, 50, 2999])]

exercise("inverse_time_decay", schedules.inverse_time_decay, NB, 1,
         cases=_schedule_cases(_EPOCHS, [{"decay_rate": 0.5}, {"decay_rate": 2.0}, {}]),
         hidden=_schedule_cases(_EPOCHS_HIDDEN, [{"decay_rate": 0.3}, {}, {"decay_rate": 1.5}]),
         mistakes=[_inv_plus_one, _inv_typo, _inv_no_rate], contract=_schedule_contract())


@mistake("epoch_plus_one", "decay counted from epoch_num + 1",
         "epoch_num starts at 0 and the first epoch uses learning_rate0: base**epoch_num * learning_rate0")
def _exp_plus_one(learning_rate0, epoch_num, base=0.95):
    return base ** (epoch_num + 1) * learning_rate0


@mistake("power_swapped", "epoch_num**base instead of base**epoch_num",
         "the epoch is the exponent: base**epoch_num * learning_rate0")
def _exp_swapped(learning_rate0, epoch_num, base=0.95):
    return epoch_num**base * learning_rate0


@mistake("base_hard_coded", "base hard-coded to 0.95",
         "use the base argument: base**epoch_num * learning_rate0")
def _exp_fixed(learning_rate0, epoch_num, base=0.95):
    return 0.95**epoch_num * learning_rate0


exercise("exponential_decay", schedules.exponential_decay, NB, 1,
         cases=_schedule_cases(_EPOCHS, [{"base": 0.9}, {"base": 0.5}, {}]),
         hidden=_schedule_cases(_EPOCHS_HIDDEN[:3] + [40, np.int64(60), np.arange(0, 12), np.array([0, 5, 50])],
                                [{"base": 0.8}, {}, {"base": 0.99}]),
         mistakes=[_exp_plus_one, _exp_swapped, _exp_fixed], contract=_schedule_contract())


@mistake("no_floor", "staircase without the floor (a smooth decay)",
         "count whole intervals: np.floor(epoch_num / time_interval)")
def _stair_no_floor(learning_rate0, epoch_num, decay_rate=1.0, time_interval=1000):
    return learning_rate0 / (1 + decay_rate * epoch_num / time_interval)


@mistake("round_not_floor", "{how} epoch_num / time_interval instead of flooring",
         "the step happens when a whole interval has passed: np.floor(epoch_num / time_interval)",
         how=["rounds", "takes the ceiling of"])
def _stair_round(learning_rate0, epoch_num, decay_rate=1.0, time_interval=1000, *, how):
    steps = np.round(epoch_num / time_interval) if how == "rounds" else np.ceil(epoch_num / time_interval)
    return learning_rate0 / (1 + decay_rate * steps)


@mistake("time_interval_ignored", "time_interval ignored (a step every epoch)",
         "count intervals, not epochs: np.floor(epoch_num / time_interval)")
def _stair_no_interval(learning_rate0, epoch_num, decay_rate=1.0, time_interval=1000):
    return learning_rate0 / (1 + decay_rate * np.floor(epoch_num))


exercise("staircase_decay", schedules.staircase_decay, NB, 1,
         cases=_schedule_cases(_EPOCHS + [5], [{"decay_rate": 0.5, "time_interval": 4}, {"time_interval": 3},
                                               {"decay_rate": 2.0, "time_interval": 6}, {"decay_rate": 1.5}]),
         hidden=_schedule_cases(_EPOCHS_HIDDEN + [8, 9],
                                [{"decay_rate": 0.5, "time_interval": 5}, {}, {"time_interval": 7},
                                 {"decay_rate": 0.25, "time_interval": 2}]),
         mistakes=[_stair_no_floor, _stair_round, _stair_no_interval],
         contract=_schedule_contract() + [
             edge("an epoch exactly on a step boundary", quote="constant steps", holds=lambda a: np.any(
                 np.asarray(a["epoch_num"]) % a.get("time_interval", 1000) == 0) and np.any(
                 np.asarray(a["epoch_num"]) > 0)),
             edge("an epoch just past half an interval (round and floor differ)", tell=_stair_round.fn)])
