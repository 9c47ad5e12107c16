"""06_optimizers: mini-batches, moving averages, momentum, RMSProp, Adam, learning-rate decay."""

import numpy as np

from dlcore import data, ewma, optim, schedules

from ._core import Case, exercise, mistake, normal, seeded

NB = "06_optimizers"


# ---------------------------------------------------------------- random_mini_batches
def _mini_batch_cases(rng, hidden):
    shapes = [(3, 10, 1, 4), (2, 12, 1, 4)] + ([(4, 23, 3, 5), (2, 7, 1, 16), (5, 9, 2, 1)] if hidden else [])
    cases = []
    for n_x, m, k, size in shapes:
        Y = (rng.random((k, m)) < 0.5).astype(float)
        cases.append(Case({"X": normal(rng, n_x, m), "Y": Y, "mini_batch_size": size, "rng": seeded(rng)}))
    return cases


def _batches(X, Y, perm, size, drop_last=False):
    m = X.shape[1]
    stop = m - m % size if drop_last else m
    return [(X[:, perm[s:s + size]], Y[:, perm[s:s + size]]) for s in range(0, stop, size)]


@mistake("no_shuffle", "mini-batches without shuffling",
         "draw perm = rng.permutation(m) and slice X[:, perm] and Y[:, perm] (the same perm for both)")
def _mb_no_shuffle(X, Y, mini_batch_size=64, *, rng=None):
    return _batches(X, Y, np.arange(X.shape[1]), mini_batch_size)


@mistake("drops_last", "the last, smaller mini-batch is dropped",
         "keep the m % mini_batch_size leftover columns as a final, smaller mini-batch")
def _mb_drops_last(X, Y, mini_batch_size=64, *, rng=None):
    perm = np.random.default_rng(rng).permutation(X.shape[1])
    return _batches(X, Y, perm, mini_batch_size, drop_last=True)


@mistake("separate_permutations", "X and Y shuffled with different permutations",
         "draw ONE permutation and use it for both X and Y, or labels no longer match their examples")
def _mb_two_perms(X, Y, mini_batch_size=64, *, rng=None):
    rng = np.random.default_rng(rng)
    px, py = rng.permutation(X.shape[1]), rng.permutation(X.shape[1])
    return [(a, b) for (a, _), (_, b) in zip(_batches(X, Y, px, mini_batch_size), _batches(X, Y, py, mini_batch_size))]


@mistake("rows_not_columns", "shuffled and sliced the rows (features) instead of the columns (examples)",
         "examples are columns: use X[:, perm] and slice X[:, start:start + mini_batch_size]")
def _mb_rows(X, Y, mini_batch_size=64, *, rng=None):
    perm = np.random.default_rng(rng).permutation(X.shape[1])
    Xs, Ys = X.T[perm], Y.T[perm]
    return [(Xs[s:s + mini_batch_size], Ys[s:s + mini_batch_size]) for s in range(0, X.shape[1], mini_batch_size)]


exercise("random_mini_batches", data.random_mini_batches, NB, 2, cases=_mini_batch_cases,
         forbidden=["dlcore.data.random_mini_batches", "dlcore.data.minibatches"],
         mistakes=[_mb_no_shuffle, _mb_drops_last, _mb_two_perms, _mb_rows])


# ---------------------------------------------------------------- ewma
def _ewma_cases(rng, hidden):
    cases = [Case({"theta": 20 + normal(rng, 12, scale=3), "beta": 0.9}),
             Case({"theta": normal(rng, 8), "beta": 0.5, "bias_correction": False}),
             Case({"theta": 10 + normal(rng, 6), "beta": 0.98, "bias_correction": True})]
    if hidden:
        cases += [Case({"theta": normal(rng, 30, scale=5), "beta": 0.95}),
                  Case({"theta": normal(rng, 5), "beta": 0.0}),
                  Case({"theta": 1 + normal(rng, 15), "beta": 0.8, "bias_correction": False})]
    return cases


def _ewma_raw(theta, beta, weight_new=None):
    weight_new = 1 - beta if weight_new is None else weight_new
    v, prev = np.empty(len(theta)), 0.0
    for i, x in enumerate(theta):
        prev = (1 - weight_new) * prev + weight_new * x
        v[i] = prev
    return v


@mistake("correction_ignored", "bias_correction is ignored",
         "divide v_t by (1 - beta**t) only when bias_correction is True")
def _ewma_flag_ignored(theta, beta, *, bias_correction=True):
    return _ewma_raw(theta, beta) / (1 - beta ** np.arange(1, len(theta) + 1))


@mistake("correction_t_plus_one", "bias correction off by one: 1 - beta**(t+1)",
         "t counts from 1 for the first value: correct v_t by 1 - beta**t with t = 1, 2, ...")
def _ewma_t_plus_one(theta, beta, *, bias_correction=True):
    v = _ewma_raw(theta, beta)
    return v / (1 - beta ** np.arange(2, len(theta) + 2)) if bias_correction else v


@mistake("correction_t_from_zero", "bias correction with t starting at 0 (divides by 1 - beta**0 = 0)",
         "t counts from 1 for the first value: correct v_t by 1 - beta**t with t = 1, 2, ...")
def _ewma_t_zero(theta, beta, *, bias_correction=True):
    v = _ewma_raw(theta, beta)
    return v / (1 - beta ** np.arange(len(theta))) if bias_correction else v


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


exercise("ewma", ewma.ewma, NB, 2, cases=_ewma_cases,
         mistakes=[_ewma_flag_ignored, _ewma_t_plus_one, _ewma_t_zero, _ewma_swapped, _ewma_v0])


# ---------------------------------------------------------------- optimizer rules: shared cases
def _rule_cases(hparams_visible, hparams_hidden):
    """Cases for a rule (w, dw, state, learning_rate, **hparams): a fresh state, a mid-training state, and
    three steps that feed the returned w and state into the next call with new gradients."""
    def cases(rng, hidden):
        out = []
        for i, hp in enumerate(hparams_hidden if hidden else hparams_visible):
            shape = [(3, 4), (2, 5), (4, 1), (5,), (1, 6), (3, 3)][(i + 3 * hidden) % 6]
            w = normal(rng, *shape)
            if i % 3 == 1:  # mid-training state
                state = {"v": normal(rng, *shape, scale=0.1), "s": rng.random(shape) * 0.1,
                         "t": int(rng.integers(2, 20))}
                out.append(Case({"w": w, "dw": normal(rng, *shape), "state": state, **hp}))
                continue
            state = optim.init_state(w)
            steps = 3 if i % 3 == 2 else 1
            dws = [normal(rng, *shape) for _ in range(steps)]

            def feed(args, result, step, dws=dws):
                new_w, new_state = result
                return {**args, "w": np.asarray(new_w), "dw": dws[step], "state": new_state}

            out.append(Case({"w": w, "dw": dws[0], "state": state, **hp}, steps=steps, feed=feed))
        return out
    return cases


RULE_FORBIDDEN = ["dlcore.optim.Optimizer.update"]


# ---------------------------------------------------------------- momentum
@mistake("no_one_minus_beta", "momentum without (1 - beta)",
         "v = beta * v + (1 - beta) * dw: the new gradient gets weight (1 - beta)")
def _mom_no_one_minus(w, dw, state, learning_rate, beta=0.9):
    v = beta * state["v"] + dw
    return w - learning_rate * v, {**state, "v": v}


@mistake("velocity_with_learning_rate", "the other convention: v = beta * v - learning_rate * dw; w = w + v",
         "use the course's form: v = beta * v + (1 - beta) * dw, then w = w - learning_rate * v")
def _mom_lr_in_v(w, dw, state, learning_rate, beta=0.9):
    v = beta * state["v"] - learning_rate * dw
    return w + v, {**state, "v": v}


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
         "return {**state, 'v': v}: keep 's' and 't' so every rule shares one state format")
def _mom_drops(w, dw, state, learning_rate, beta=0.9):
    v = beta * state["v"] + (1 - beta) * dw
    return w - learning_rate * v, {"v": v}


exercise("momentum", optim.momentum, NB, 2,
         cases=_rule_cases([{"learning_rate": 0.1}, {"learning_rate": 0.05, "beta": 0.8},
                            {"learning_rate": 0.01, "beta": 0.7}],
                           [{"learning_rate": 0.2, "beta": 0.95}, {"learning_rate": 0.03, "beta": 0.5},
                            {"learning_rate": 0.3}, {"learning_rate": 0.07, "beta": 0.99},
                            {"learning_rate": 1.0, "beta": 0.6}, {"learning_rate": 0.01, "beta": 0.9}]),
         forbidden=["dlcore.optim.momentum", *RULE_FORBIDDEN],
         mistakes=[_mom_no_one_minus, _mom_lr_in_v, _mom_uses_dw, _mom_swapped, _mom_drops])


# ---------------------------------------------------------------- rmsprop
@mistake("no_sqrt", "RMSProp without the square root",
         "divide by np.sqrt(s) + epsilon (one version of the notes drops the sqrt: a typo)")
def _rms_no_sqrt(w, dw, state, learning_rate, beta=0.999, epsilon=1e-8):
    s = beta * state["s"] + (1 - beta) * dw**2
    return w - learning_rate * dw / (s + epsilon), {**state, "s": s}


@mistake("epsilon_inside_sqrt", "epsilon inside the square root",
         "add epsilon after the root: dw / (np.sqrt(s) + epsilon)")
def _rms_eps_inside(w, dw, state, learning_rate, beta=0.999, epsilon=1e-8):
    s = beta * state["s"] + (1 - beta) * dw**2
    return w - learning_rate * dw / np.sqrt(s + epsilon), {**state, "s": s}


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


exercise("rmsprop", optim.rmsprop, NB, 2,
         cases=_rule_cases([{"learning_rate": 0.01}, {"learning_rate": 0.02, "beta": 0.9},
                            {"learning_rate": 0.01, "beta": 0.8, "epsilon": 1e-4}],
                           [{"learning_rate": 0.001, "beta": 0.99}, {"learning_rate": 0.05, "epsilon": 1e-3},
                            {"learning_rate": 0.1, "beta": 0.5}, {"learning_rate": 0.003, "beta": 0.95},
                            {"learning_rate": 0.01, "beta": 0.9, "epsilon": 1e-6}, {"learning_rate": 0.2}]),
         forbidden=["dlcore.optim.rmsprop", *RULE_FORBIDDEN], rtol=1e-6, atol=1e-8,
         mistakes=[_rms_no_sqrt, _rms_eps_inside, _rms_no_one_minus, _rms_not_squared, _rms_in_v])


# ---------------------------------------------------------------- adam
def _adam_parts(state, dw, beta1, beta2):
    v = beta1 * state["v"] + (1 - beta1) * dw
    s = beta2 * state["s"] + (1 - beta2) * dw**2
    return v, s


@mistake("no_bias_correction", "Adam without bias correction",
         "use v_corrected = v / (1 - beta1**t) and s_corrected = s / (1 - beta2**t) in the update")
def _adam_no_correction(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
    t = state["t"] + 1
    v, s = _adam_parts(state, dw, beta1, beta2)
    return w - learning_rate * v / (np.sqrt(s) + epsilon), {"v": v, "s": s, "t": t}


@mistake("epsilon_inside_sqrt", "epsilon inside the square root",
         "add epsilon after the root: v_corrected / (np.sqrt(s_corrected) + epsilon)")
def _adam_eps_inside(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
    t = state["t"] + 1
    v, s = _adam_parts(state, dw, beta1, beta2)
    return (w - learning_rate * (v / (1 - beta1**t)) / np.sqrt(s / (1 - beta2**t) + epsilon),
            {"v": v, "s": s, "t": t})


@mistake("t_not_incremented_first", "t not incremented before use",
         "increment first: t = state['t'] + 1, then correct with 1 - beta1**t (t = 1 on the first step)")
def _adam_t_late(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
    t = state["t"]
    v, s = _adam_parts(state, dw, beta1, beta2)
    return (w - learning_rate * (v / (1 - beta1**t)) / (np.sqrt(s / (1 - beta2**t)) + epsilon),
            {"v": v, "s": s, "t": t + 1})


@mistake("t_not_stored", "the step count t is not saved in the returned state",
         "return the incremented t in the new state, so the next call continues from it")
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


@mistake("correction_t_plus_one", "bias correction with beta**(t+1)",
         "correct with 1 - beta1**t and 1 - beta2**t, where t is the incremented step count (1 on the first step)")
def _adam_t_plus_one(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
    t = state["t"] + 1
    v, s = _adam_parts(state, dw, beta1, beta2)
    return (w - learning_rate * (v / (1 - beta1 ** (t + 1))) / (np.sqrt(s / (1 - beta2 ** (t + 1))) + epsilon),
            {"v": v, "s": s, "t": t})


exercise("adam", optim.adam, NB, 3,
         cases=_rule_cases([{"learning_rate": 0.01}, {"learning_rate": 0.02, "beta1": 0.8, "beta2": 0.99},
                            {"learning_rate": 0.05, "beta1": 0.8, "beta2": 0.95, "epsilon": 1e-4}],
                           [{"learning_rate": 0.001, "beta1": 0.95}, {"learning_rate": 0.1, "beta2": 0.9},
                            {"learning_rate": 0.01, "beta1": 0.5, "beta2": 0.9, "epsilon": 1e-3},
                            {"learning_rate": 0.3, "beta1": 0.7, "beta2": 0.99}, {"learning_rate": 0.003},
                            {"learning_rate": 0.02, "beta1": 0.85, "beta2": 0.9, "epsilon": 1e-6}]),
         forbidden=["dlcore.optim.adam", *RULE_FORBIDDEN], rtol=1e-6, atol=1e-8,
         mistakes=[_adam_no_correction, _adam_eps_inside, _adam_t_late, _adam_t_lost, _adam_stores_corrected,
                   _adam_t_plus_one])


# ---------------------------------------------------------------- learning-rate schedules
def _schedule_cases(hparams):
    def cases(rng, hidden):
        epochs = [0, 1, 3, 10] + ([2, 7, 25, 999, 1000, 1500] if hidden else [])
        out = []
        for i, epoch in enumerate(epochs):
            hp = hparams[i % len(hparams)]
            out.append(Case({"learning_rate0": round(float(rng.uniform(0.05, 0.5)), 3), "epoch_num": epoch, **hp}))
        return out
    return cases


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


exercise("inverse_time_decay", schedules.inverse_time_decay, NB, 1,
         cases=_schedule_cases([{"decay_rate": 0.5}, {"decay_rate": 2.0}, {}]),
         mistakes=[_inv_plus_one, _inv_typo, _inv_no_rate])


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
         cases=_schedule_cases([{"base": 0.9}, {"base": 0.5}, {}]),
         mistakes=[_exp_plus_one, _exp_swapped, _exp_fixed])


@mistake("no_floor", "staircase without the floor (a smooth decay)",
         "count whole intervals: np.floor(epoch_num / time_interval)")
def _stair_no_floor(learning_rate0, epoch_num, decay_rate=1.0, time_interval=1000):
    return learning_rate0 / (1 + decay_rate * epoch_num / time_interval)


@mistake("round_not_floor", "rounds epoch_num / time_interval instead of flooring",
         "the step happens when a whole interval has passed: np.floor(epoch_num / time_interval)")
def _stair_round(learning_rate0, epoch_num, decay_rate=1.0, time_interval=1000):
    return learning_rate0 / (1 + decay_rate * np.round(epoch_num / time_interval))


@mistake("ceil_not_floor", "ceil instead of floor (decays from the first epoch)",
         "the first interval uses learning_rate0: np.floor(epoch_num / time_interval)")
def _stair_ceil(learning_rate0, epoch_num, decay_rate=1.0, time_interval=1000):
    return learning_rate0 / (1 + decay_rate * np.ceil(epoch_num / time_interval))


exercise("staircase_decay", schedules.staircase_decay, NB, 1,
         cases=_schedule_cases([{"decay_rate": 0.5, "time_interval": 4}, {"time_interval": 3},
                                {"decay_rate": 2.0, "time_interval": 6}, {"decay_rate": 1.5}]),
         mistakes=[_stair_no_floor, _stair_round, _stair_ceil])
