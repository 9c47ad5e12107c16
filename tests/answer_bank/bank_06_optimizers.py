"""Answers for 06_optimizers."""

import numpy as np

from . import valid, wrong


# ---------------------------------------------------------------- random_mini_batches
@valid("random_mini_batches")
def random_mini_batches__ok_1(X, Y, mini_batch_size=64, *, rng=None):
    perm = np.random.default_rng(rng).permutation(X.shape[1])
    Xs, Ys = X[:, perm], Y[:, perm]
    n_full = X.shape[1] // mini_batch_size
    batches = [(Xs[:, k * mini_batch_size:(k + 1) * mini_batch_size], Ys[:, k * mini_batch_size:(k + 1) *
                mini_batch_size]) for k in range(n_full)]
    if X.shape[1] % mini_batch_size:
        batches.append((Xs[:, n_full * mini_batch_size:], Ys[:, n_full * mini_batch_size:]))
    return batches


@valid("random_mini_batches")
def random_mini_batches__ok_2(X, Y, mini_batch_size=64, *, rng=None):
    m = X.shape[1]
    perm = np.random.default_rng(rng).permutation(m)
    chunks = np.array_split(perm, range(mini_batch_size, m, mini_batch_size))
    return [tuple((X[:, c], Y[:, c])) for c in chunks]


@wrong("random_mini_batches", "no_shuffle")
def random_mini_batches__no_shuffle_1(X, Y, mini_batch_size=64, *, rng=None):
    return [(X[:, s:s + mini_batch_size], Y[:, s:s + mini_batch_size]) for s in range(0, X.shape[1], mini_batch_size)]


@wrong("random_mini_batches", "no_shuffle")
def random_mini_batches__no_shuffle_2(X, Y, mini_batch_size=64, *, rng=None):
    m = X.shape[1]
    perm = np.random.default_rng(rng).permutation(m)
    perm.sort()  # "tidied up": the shuffle is undone
    return [(X[:, perm[s:s + mini_batch_size]], Y[:, perm[s:s + mini_batch_size]])
            for s in range(0, m, mini_batch_size)]


@wrong("random_mini_batches", "no_shuffle")
def random_mini_batches__no_shuffle_3(X, Y, mini_batch_size=64, *, rng=None):
    cuts = list(range(mini_batch_size, X.shape[1], mini_batch_size))
    return list(zip(np.split(X, cuts, axis=1), np.split(Y, cuts, axis=1)))


@wrong("random_mini_batches", "drops_last")
def random_mini_batches__drops_last_1(X, Y, mini_batch_size=64, *, rng=None):
    m = X.shape[1]
    perm = np.random.default_rng(rng).permutation(m)
    return [(X[:, perm[k * mini_batch_size:(k + 1) * mini_batch_size]],
             Y[:, perm[k * mini_batch_size:(k + 1) * mini_batch_size]]) for k in range(m // mini_batch_size)]


@wrong("random_mini_batches", "drops_last")
def random_mini_batches__drops_last_2(X, Y, mini_batch_size=64, *, rng=None):
    m = X.shape[1]
    perm = np.random.default_rng(rng).permutation(m)
    out = []
    for s in range(0, m, mini_batch_size):
        idx = perm[s:s + mini_batch_size]
        if len(idx) == mini_batch_size:
            out.append((X[:, idx], Y[:, idx]))
    return out


@wrong("random_mini_batches", "drops_last")
def random_mini_batches__drops_last_3(X, Y, mini_batch_size=64, *, rng=None):
    m = X.shape[1]
    perm = np.random.default_rng(rng).permutation(m)
    usable = perm[:m - m % mini_batch_size]
    return [(X[:, c], Y[:, c]) for c in np.split(usable, len(usable) // mini_batch_size)] if len(usable) else []


@wrong("random_mini_batches", "separate_permutations")
def random_mini_batches__separate_permutations_1(X, Y, mini_batch_size=64, *, rng=None):
    rng = np.random.default_rng(rng)
    m = X.shape[1]
    Xs, Ys = X[:, rng.permutation(m)], Y[:, rng.permutation(m)]
    return [(Xs[:, s:s + mini_batch_size], Ys[:, s:s + mini_batch_size]) for s in range(0, m, mini_batch_size)]


@wrong("random_mini_batches", "separate_permutations")
def random_mini_batches__separate_permutations_2(X, Y, mini_batch_size=64, *, rng=None):
    rng = np.random.default_rng(rng)
    m = X.shape[1]
    perm = rng.permutation(m)
    Ys = Y.T.copy()
    rng.shuffle(Ys)  # Y shuffled on its own
    Xs = X[:, perm]
    return [(Xs[:, s:s + mini_batch_size], Ys[s:s + mini_batch_size].T) for s in range(0, m, mini_batch_size)]


@wrong("random_mini_batches", "separate_permutations")
def random_mini_batches__separate_permutations_3(X, Y, mini_batch_size=64, *, rng=None):
    rng = np.random.default_rng(rng)
    m = X.shape[1]
    perm = rng.permutation(m)
    Xs = X[:, perm]
    Ys = Y[:, np.roll(perm, 1)]  # off by one between the two
    return [(Xs[:, s:s + mini_batch_size], Ys[:, s:s + mini_batch_size]) for s in range(0, m, mini_batch_size)]


@wrong("random_mini_batches", "rows_not_columns")
def random_mini_batches__rows_not_columns_1(X, Y, mini_batch_size=64, *, rng=None):
    perm = np.random.default_rng(rng).permutation(X.shape[1])
    Xs, Ys = X.T[perm], Y.T[perm]
    return [(Xs[s:s + mini_batch_size], Ys[s:s + mini_batch_size]) for s in range(0, X.shape[1], mini_batch_size)]


@wrong("random_mini_batches", "rows_not_columns")
def random_mini_batches__rows_not_columns_2(X, Y, mini_batch_size=64, *, rng=None):
    batches = random_mini_batches__ok_2(X, Y, mini_batch_size, rng=rng)
    return [(x.T, y.T) for x, y in batches]


@wrong("random_mini_batches", "rows_not_columns")
def random_mini_batches__rows_not_columns_3(X, Y, mini_batch_size=64, *, rng=None):
    data_x, data_y = X.T, Y.T  # examples as rows, and left that way
    perm = np.random.default_rng(rng).permutation(len(data_x))
    return [(data_x[perm[s:s + mini_batch_size]], data_y[perm[s:s + mini_batch_size]])
            for s in range(0, len(data_x), mini_batch_size)]


# ---------------------------------------------------------------- ewma
@valid("ewma")
def ewma__ok_1(theta, beta, *, bias_correction=True):
    v, out = 0.0, []
    for t, x in enumerate(theta, start=1):
        v = beta * v + (1 - beta) * x
        out.append(v / (1 - beta**t) if bias_correction else v)
    return np.array(out, dtype=float)


@valid("ewma")
def ewma__ok_2(theta, beta, *, bias_correction=True):
    theta = np.asarray(theta, dtype=float)
    T = theta.size
    powers = beta ** np.arange(T)
    v = np.array([(1 - beta) * np.dot(powers[:t][::-1], theta[:t]) for t in range(1, T + 1)])
    return v / (1 - beta ** np.arange(1, T + 1)) if bias_correction else v


def _raw(theta, beta, new=None):
    new = 1 - beta if new is None else new
    v, out = 0.0, np.empty(len(theta))
    for i, x in enumerate(theta):
        v = (1 - new) * v + new * x
        out[i] = v
    return out


@wrong("ewma", "correction_ignored")
def ewma__correction_ignored_1(theta, beta, *, bias_correction=True):
    return _raw(theta, beta) / (1 - beta ** np.arange(1, len(theta) + 1))


@wrong("ewma", "correction_ignored")
def ewma__correction_ignored_2(theta, beta, *, bias_correction=True):
    return _raw(theta, beta)


@wrong("ewma", "correction_ignored")
def ewma__correction_ignored_3(theta, beta, *, bias_correction=True):
    v, out = 0.0, []
    for t, x in enumerate(theta, 1):
        v = beta * v + (1 - beta) * x
        out.append(v / (1 - beta**t) if bias_correction is not None else v)
    return np.array(out)


@wrong("ewma", "correction_t_off_by_one")
def ewma__correction_t_off_by_one_1(theta, beta, *, bias_correction=True):
    v = _raw(theta, beta)
    return v / (1 - beta ** np.arange(2, len(theta) + 2)) if bias_correction else v


@wrong("ewma", "correction_t_off_by_one")
def ewma__correction_t_off_by_one_2(theta, beta, *, bias_correction=True):
    v, out = 0.0, []
    for t, x in enumerate(theta):  # t from 0
        v = beta * v + (1 - beta) * x
        out.append(v / (1 - beta**t) if bias_correction else v)
    return np.array(out)


@wrong("ewma", "correction_t_off_by_one")
def ewma__correction_t_off_by_one_3(theta, beta, *, bias_correction=True):
    v = _raw(theta, beta)
    if not bias_correction:
        return v
    return np.array([v[i] / (1 - beta ** (i + 2)) for i in range(len(v))])


@wrong("ewma", "weights_swapped")
def ewma__weights_swapped_1(theta, beta, *, bias_correction=True):
    v = _raw(theta, beta, new=beta)
    return v / (1 - (1 - beta) ** np.arange(1, len(theta) + 1)) if bias_correction else v


@wrong("ewma", "weights_swapped")
def ewma__weights_swapped_2(theta, beta, *, bias_correction=True):
    v, out = 0.0, []
    for t, x in enumerate(theta, 1):
        v = (1 - beta) * v + beta * x
        out.append(v / (1 - (1 - beta) ** t) if bias_correction else v)
    return np.array(out)


@wrong("ewma", "weights_swapped")
def ewma__weights_swapped_3(theta, beta, *, bias_correction=True):
    keep = 1 - beta
    v, out = 0.0, np.zeros(len(theta))
    for i in range(len(theta)):
        v = keep * v + (1 - keep) * theta[i]
        out[i] = v / (1 - keep ** (i + 1)) if bias_correction else v
    return out


@wrong("ewma", "v0_first_value")
def ewma__v0_first_value_1(theta, beta, *, bias_correction=True):
    v, out = theta[0], np.empty(len(theta))
    for i, x in enumerate(theta):
        v = beta * v + (1 - beta) * x
        out[i] = v
    return out / (1 - beta ** np.arange(1, len(theta) + 1)) if bias_correction else out


@wrong("ewma", "v0_first_value")
def ewma__v0_first_value_2(theta, beta, *, bias_correction=True):
    out = [float(theta[0])]
    for x in theta[1:]:
        out.append(beta * out[-1] + (1 - beta) * x)
    out = np.array(out)
    return out / (1 - beta ** np.arange(1, len(out) + 1)) if bias_correction else out


@wrong("ewma", "v0_first_value")
def ewma__v0_first_value_3(theta, beta, *, bias_correction=True):
    theta = np.asarray(theta, dtype=float)
    v = np.empty_like(theta)
    v[0] = theta[0]
    for t in range(1, theta.size):
        v[t] = beta * v[t - 1] + (1 - beta) * theta[t]
    if bias_correction:
        v = v / (1 - beta ** np.arange(1, theta.size + 1))
    return v


@wrong("ewma", "corrected_fed_back")
def ewma__corrected_fed_back_1(theta, beta, *, bias_correction=True):
    v, out = 0.0, np.empty(len(theta))
    for i, x in enumerate(theta):
        v = beta * v + (1 - beta) * x
        if bias_correction:
            v = v / (1 - beta ** (i + 1))
        out[i] = v
    return out


@wrong("ewma", "corrected_fed_back")
def ewma__corrected_fed_back_2(theta, beta, *, bias_correction=True):
    out = []
    prev = 0.0
    for t, x in enumerate(theta, 1):
        v = beta * prev + (1 - beta) * x
        prev = v / (1 - beta**t) if bias_correction else v
        out.append(prev)
    return np.array(out)


@wrong("ewma", "corrected_fed_back")
def ewma__corrected_fed_back_3(theta, beta, *, bias_correction=True):
    v = np.zeros(len(theta) + 1)
    for t in range(1, len(theta) + 1):
        v[t] = beta * v[t - 1] + (1 - beta) * theta[t - 1]
        v[t] /= (1 - beta**t) if bias_correction else 1.0
    return v[1:]


# ---------------------------------------------------------------- momentum
@valid("momentum")
def momentum__ok_1(w, dw, state, learning_rate, beta=0.9):
    v = state["v"] + (1 - beta) * (dw - state["v"])
    new_state = dict(state)
    new_state["v"] = v
    return w - learning_rate * v, new_state


@valid("momentum")
def momentum__ok_2(w, dw, state, learning_rate, beta=0.9):
    v = np.add(np.multiply(beta, state["v"]), np.multiply(1 - beta, dw))
    return [np.subtract(w, learning_rate * v), {"v": v, "s": state["s"], "t": state["t"]}]


@wrong("momentum", "no_one_minus_beta")
def momentum__no_one_minus_beta_1(w, dw, state, learning_rate, beta=0.9):
    v = beta * state["v"] + dw
    return w - learning_rate * v, {**state, "v": v}


@wrong("momentum", "no_one_minus_beta")
def momentum__no_one_minus_beta_2(w, dw, state, learning_rate, beta=0.9):
    new = dict(state)
    new["v"] = state["v"] * beta + dw
    return w - learning_rate * new["v"], new


@wrong("momentum", "no_one_minus_beta")
def momentum__no_one_minus_beta_3(w, dw, state, learning_rate, beta=0.9):
    v = np.add(beta * state["v"], dw)
    return np.subtract(w, np.multiply(learning_rate, v)), {"v": v, "s": state["s"], "t": state["t"]}


@wrong("momentum", "velocity_with_learning_rate")
def momentum__velocity_with_learning_rate_1(w, dw, state, learning_rate, beta=0.9):
    v = beta * state["v"] - learning_rate * dw
    return w + v, {**state, "v": v}


@wrong("momentum", "velocity_with_learning_rate")
def momentum__velocity_with_learning_rate_2(w, dw, state, learning_rate, beta=0.9):
    step = beta * state["v"] + learning_rate * dw  # the velocity holds the (positive) step
    return w - step, {**state, "v": step}


@wrong("momentum", "velocity_with_learning_rate")
def momentum__velocity_with_learning_rate_3(w, dw, state, learning_rate, beta=0.9):
    new_state = dict(state)
    new_state["v"] = state["v"] * beta - dw * learning_rate
    return w + new_state["v"], new_state


@wrong("momentum", "update_with_dw")
def momentum__update_with_dw_1(w, dw, state, learning_rate, beta=0.9):
    v = beta * state["v"] + (1 - beta) * dw
    return w - learning_rate * dw, {**state, "v": v}


@wrong("momentum", "update_with_dw")
def momentum__update_with_dw_2(w, dw, state, learning_rate, beta=0.9):
    new_w = w - learning_rate * dw
    return new_w, {**state, "v": beta * state["v"] + (1 - beta) * dw}


@wrong("momentum", "update_with_dw")
def momentum__update_with_dw_3(w, dw, state, learning_rate, beta=0.9):
    v = state["v"] + (1 - beta) * (dw - state["v"])
    return np.subtract(w, learning_rate * dw), dict(state, v=v)


@wrong("momentum", "weights_swapped")
def momentum__weights_swapped_1(w, dw, state, learning_rate, beta=0.9):
    v = (1 - beta) * state["v"] + beta * dw
    return w - learning_rate * v, {**state, "v": v}


@wrong("momentum", "weights_swapped")
def momentum__weights_swapped_2(w, dw, state, learning_rate, beta=0.9):
    v = beta * dw + (1 - beta) * state["v"]
    return w - learning_rate * v, dict(state, v=v)


@wrong("momentum", "weights_swapped")
def momentum__weights_swapped_3(w, dw, state, learning_rate, beta=0.9):
    keep = 1 - beta
    v = keep * state["v"] + (1 - keep) * dw
    return w - learning_rate * v, {**state, "v": v}


@wrong("momentum", "state_keys_dropped")
def momentum__state_keys_dropped_1(w, dw, state, learning_rate, beta=0.9):
    v = beta * state["v"] + (1 - beta) * dw
    return w - learning_rate * v, {"v": v}


@wrong("momentum", "state_keys_dropped")
def momentum__state_keys_dropped_2(w, dw, state, learning_rate, beta=0.9):
    v = beta * state["v"] + (1 - beta) * dw
    return w - learning_rate * v, {"v": v, "t": state["t"]}


@wrong("momentum", "state_keys_dropped")
def momentum__state_keys_dropped_3(w, dw, state, learning_rate, beta=0.9):
    v = beta * state["v"] + (1 - beta) * dw
    return w - learning_rate * v, dict(v=v, s=state["s"])


# ---------------------------------------------------------------- rmsprop
@valid("rmsprop")
def rmsprop__ok_1(w, dw, state, learning_rate, beta=0.999, epsilon=1e-8):
    s = state["s"] + (1 - beta) * (dw * dw - state["s"])
    return w - learning_rate * dw / (s**0.5 + epsilon), {**state, "s": s}


@valid("rmsprop")
def rmsprop__ok_2(w, dw, state, learning_rate, beta=0.999, epsilon=1e-8):
    s = beta * state["s"] + (1 - beta) * np.square(dw)
    step = np.divide(learning_rate * dw, np.add(np.sqrt(s), epsilon))
    new_state = {k: v for k, v in state.items()}
    new_state["s"] = s
    return w - step, new_state


@wrong("rmsprop", "no_sqrt")
def rmsprop__no_sqrt_1(w, dw, state, learning_rate, beta=0.999, epsilon=1e-8):
    s = beta * state["s"] + (1 - beta) * dw**2
    return w - learning_rate * dw / (s + epsilon), {**state, "s": s}


@wrong("rmsprop", "no_sqrt")
def rmsprop__no_sqrt_2(w, dw, state, learning_rate, beta=0.999, epsilon=1e-8):
    s = beta * state["s"] + (1 - beta) * np.square(dw)
    return w - learning_rate * np.divide(dw, s + epsilon), dict(state, s=s)


@wrong("rmsprop", "no_sqrt")
def rmsprop__no_sqrt_3(w, dw, state, learning_rate, beta=0.999, epsilon=1e-8):
    s = state["s"] + (1 - beta) * (dw * dw - state["s"])
    return w - (learning_rate / (s + epsilon)) * dw, {**state, "s": s}


@wrong("rmsprop", "epsilon_inside_sqrt")
def rmsprop__epsilon_inside_sqrt_1(w, dw, state, learning_rate, beta=0.999, epsilon=1e-8):
    s = beta * state["s"] + (1 - beta) * dw**2
    return w - learning_rate * dw / np.sqrt(s + epsilon), {**state, "s": s}


@wrong("rmsprop", "epsilon_inside_sqrt")
def rmsprop__epsilon_inside_sqrt_2(w, dw, state, learning_rate, beta=0.999, epsilon=1e-8):
    s = beta * state["s"] + (1 - beta) * dw**2
    return w - learning_rate * dw / np.sqrt(s + epsilon**2), {**state, "s": s}


@wrong("rmsprop", "epsilon_inside_sqrt")
def rmsprop__epsilon_inside_sqrt_3(w, dw, state, learning_rate, beta=0.999, epsilon=1e-8):
    s = beta * state["s"] + (1 - beta) * dw**2
    return w - learning_rate * dw / np.sqrt(s), {**state, "s": s}


@wrong("rmsprop", "no_one_minus_beta")
def rmsprop__no_one_minus_beta_1(w, dw, state, learning_rate, beta=0.999, epsilon=1e-8):
    s = beta * state["s"] + dw**2
    return w - learning_rate * dw / (np.sqrt(s) + epsilon), {**state, "s": s}


@wrong("rmsprop", "no_one_minus_beta")
def rmsprop__no_one_minus_beta_2(w, dw, state, learning_rate, beta=0.999, epsilon=1e-8):
    s = state["s"] * beta + dw * dw
    return w - learning_rate * dw / (s**0.5 + epsilon), dict(state, s=s)


@wrong("rmsprop", "no_one_minus_beta")
def rmsprop__no_one_minus_beta_3(w, dw, state, learning_rate, beta=0.999, epsilon=1e-8):
    new = dict(state)
    new["s"] = np.add(beta * state["s"], np.square(dw))
    return w - learning_rate * dw / (np.sqrt(new["s"]) + epsilon), new


@wrong("rmsprop", "not_squared")
def rmsprop__not_squared_1(w, dw, state, learning_rate, beta=0.999, epsilon=1e-8):
    s = beta * state["s"] + (1 - beta) * dw
    return w - learning_rate * dw / (np.sqrt(s) + epsilon), {**state, "s": s}


@wrong("rmsprop", "not_squared")
def rmsprop__not_squared_2(w, dw, state, learning_rate, beta=0.999, epsilon=1e-8):
    s = state["s"] + (1 - beta) * (dw - state["s"])
    with np.errstate(invalid="ignore"):
        return w - learning_rate * dw / (s**0.5 + epsilon), {**state, "s": s}


@wrong("rmsprop", "not_squared")
def rmsprop__not_squared_3(w, dw, state, learning_rate, beta=0.999, epsilon=1e-8):
    s = beta * state["s"] + (1 - beta) * dw
    return w - learning_rate * np.divide(dw, np.sqrt(s) + epsilon), dict(state, s=s)


@wrong("rmsprop", "stored_in_v")
def rmsprop__stored_in_v_1(w, dw, state, learning_rate, beta=0.999, epsilon=1e-8):
    s = beta * state["v"] + (1 - beta) * dw**2
    return w - learning_rate * dw / (np.sqrt(s) + epsilon), {**state, "v": s}


@wrong("rmsprop", "stored_in_v")
def rmsprop__stored_in_v_2(w, dw, state, learning_rate, beta=0.999, epsilon=1e-8):
    avg = state["v"] * beta + (1 - beta) * dw * dw
    return w - learning_rate * dw / (avg**0.5 + epsilon), dict(state, v=avg)


@wrong("rmsprop", "stored_in_v")
def rmsprop__stored_in_v_3(w, dw, state, learning_rate, beta=0.999, epsilon=1e-8):
    new = dict(state)
    new["v"] = beta * state["v"] + (1 - beta) * np.square(dw)
    return w - learning_rate * dw / (np.sqrt(new["v"]) + epsilon), new


# ---------------------------------------------------------------- adam
def _adam(w, dw, state, learning_rate, beta1, beta2, epsilon, *, correct_v=True, correct_s=True,
          root=lambda sc, eps: np.sqrt(sc) + eps, t_used=lambda t: t, t_stored=lambda t: t, store_corrected=False):
    t = state["t"] + 1
    v = beta1 * state["v"] + (1 - beta1) * dw
    s = beta2 * state["s"] + (1 - beta2) * dw**2
    tc = t_used(t)
    vc = v / (1 - beta1**tc) if correct_v else v
    sc = s / (1 - beta2**tc) if correct_s else s
    new_w = w - learning_rate * vc / root(sc, epsilon)
    if store_corrected:
        return new_w, {"v": vc, "s": sc, "t": t_stored(t)}
    return new_w, {"v": v, "s": s, "t": t_stored(t)}


@valid("adam")
def adam__ok_1(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
    t = state["t"] + 1
    v = beta1 * state["v"] + (1 - beta1) * dw
    s = beta2 * state["s"] + (1 - beta2) * np.square(dw)
    step_size = learning_rate * np.sqrt(1 - beta2**t) / (1 - beta1**t)
    eps_hat = epsilon * np.sqrt(1 - beta2**t)
    return w - step_size * v / (np.sqrt(s) + eps_hat), {"v": v, "s": s, "t": t}


@valid("adam")
def adam__ok_2(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
    return _adam(w, dw, state, learning_rate, beta1, beta2, epsilon)


@wrong("adam", "no_bias_correction")
def adam__no_bias_correction_1(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
    return _adam(w, dw, state, learning_rate, beta1, beta2, epsilon, correct_v=False, correct_s=False)


@wrong("adam", "no_bias_correction")
def adam__no_bias_correction_2(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
    t = state["t"] + 1
    v = beta1 * state["v"] + (1 - beta1) * dw
    s = beta2 * state["s"] + (1 - beta2) * dw * dw
    return w - learning_rate * (v / (1 - beta1**t)) / (np.sqrt(s) + epsilon), {"v": v, "s": s, "t": t}


@wrong("adam", "no_bias_correction")
def adam__no_bias_correction_3(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
    t = state["t"] + 1
    v = beta1 * state["v"] + (1 - beta1) * dw
    s = beta2 * state["s"] + (1 - beta2) * dw**2
    s_hat = s / (1 - beta2**t)
    return w - learning_rate * v / (s_hat**0.5 + epsilon), {"v": v, "s": s, "t": t}


@wrong("adam", "epsilon_inside_sqrt")
def adam__epsilon_inside_sqrt_1(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
    return _adam(w, dw, state, learning_rate, beta1, beta2, epsilon, root=lambda sc, eps: np.sqrt(sc + eps))


@wrong("adam", "epsilon_inside_sqrt")
def adam__epsilon_inside_sqrt_2(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
    t = state["t"] + 1
    v = beta1 * state["v"] + (1 - beta1) * dw
    s = beta2 * state["s"] + (1 - beta2) * dw**2
    denominator = np.sqrt((s + epsilon) / (1 - beta2**t))  # epsilon added before the correction
    return w - learning_rate * v / (1 - beta1**t) / denominator, {"v": v, "s": s, "t": t}


@wrong("adam", "epsilon_inside_sqrt")
def adam__epsilon_inside_sqrt_3(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
    t = state["t"] + 1
    v = beta1 * state["v"] + (1 - beta1) * dw
    s = beta2 * state["s"] + (1 - beta2) * dw**2
    s_corrected = s / (1 - beta2**t) + epsilon
    return w - learning_rate * (v / (1 - beta1**t)) * s_corrected**-0.5, {"v": v, "s": s, "t": t}


@wrong("adam", "epsilon_forgotten")
def adam__epsilon_forgotten_1(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
    return _adam(w, dw, state, learning_rate, beta1, beta2, epsilon, root=lambda sc, eps: np.sqrt(sc))


@wrong("adam", "epsilon_forgotten")
def adam__epsilon_forgotten_2(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
    return _adam(w, dw, state, learning_rate, beta1, beta2, epsilon, root=lambda sc, eps: np.sqrt(sc + eps**2))


@wrong("adam", "epsilon_forgotten")
def adam__epsilon_forgotten_3(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
    t = state["t"] + 1
    v = beta1 * state["v"] + (1 - beta1) * dw
    s = beta2 * state["s"] + (1 - beta2) * dw**2
    ratio = (v / (1 - beta1**t)) / np.sqrt(s / (1 - beta2**t))
    return w - learning_rate * ratio, {"v": v, "s": s, "t": t}


@wrong("adam", "correction_step_off_by_one")
def adam__correction_step_off_by_one_1(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
    return _adam(w, dw, state, learning_rate, beta1, beta2, epsilon, t_used=lambda t: t + 1)


@wrong("adam", "correction_step_off_by_one")
def adam__correction_step_off_by_one_2(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
    t = state["t"]  # used before it is incremented
    v = beta1 * state["v"] + (1 - beta1) * dw
    s = beta2 * state["s"] + (1 - beta2) * dw**2
    with np.errstate(divide="ignore", invalid="ignore"):
        new_w = w - learning_rate * (v / (1 - beta1**t)) / (np.sqrt(s / (1 - beta2**t)) + epsilon)
    return new_w, {"v": v, "s": s, "t": t + 1}


@wrong("adam", "correction_step_off_by_one")
def adam__correction_step_off_by_one_3(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
    t = state["t"] + 2
    v = beta1 * state["v"] + (1 - beta1) * dw
    s = beta2 * state["s"] + (1 - beta2) * dw**2
    return w - learning_rate * (v / (1 - beta1**t)) / (np.sqrt(s / (1 - beta2**t)) + epsilon), {
        "v": v, "s": s, "t": t - 1}


@wrong("adam", "t_not_stored")
def adam__t_not_stored_1(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
    return _adam(w, dw, state, learning_rate, beta1, beta2, epsilon, t_stored=lambda t: t - 1)


@wrong("adam", "t_not_stored")
def adam__t_not_stored_2(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
    new_w, new_state = _adam(w, dw, state, learning_rate, beta1, beta2, epsilon)
    return new_w, {**new_state, "t": state["t"]}


@wrong("adam", "t_not_stored")
def adam__t_not_stored_3(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
    t = state["t"]
    t += 1
    v = beta1 * state["v"] + (1 - beta1) * dw
    s = beta2 * state["s"] + (1 - beta2) * dw**2
    new_state = dict(state)
    new_state["v"], new_state["s"] = v, s  # t left as it was
    return w - learning_rate * (v / (1 - beta1**t)) / (np.sqrt(s / (1 - beta2**t)) + epsilon), new_state


@wrong("adam", "stores_corrected")
def adam__stores_corrected_1(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
    return _adam(w, dw, state, learning_rate, beta1, beta2, epsilon, store_corrected=True)


@wrong("adam", "stores_corrected")
def adam__stores_corrected_2(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
    t = state["t"] + 1
    v = (beta1 * state["v"] + (1 - beta1) * dw) / (1 - beta1**t)
    s = (beta2 * state["s"] + (1 - beta2) * dw**2) / (1 - beta2**t)
    return w - learning_rate * v / (np.sqrt(s) + epsilon), {"v": v, "s": s, "t": t}


@wrong("adam", "stores_corrected")
def adam__stores_corrected_3(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
    t = state["t"] + 1
    v = beta1 * state["v"] + (1 - beta1) * dw
    s = beta2 * state["s"] + (1 - beta2) * dw**2
    v /= 1 - beta1**t
    s /= 1 - beta2**t
    return w - learning_rate * v / (np.sqrt(s) + epsilon), {"v": v, "s": s, "t": t}


# ---------------------------------------------------------------- schedules
@valid("inverse_time_decay")
def inverse_time_decay__ok_1(learning_rate0, epoch_num, decay_rate=1.0):
    return learning_rate0 * (1 + decay_rate * np.asarray(epoch_num, dtype=float)) ** -1.0


@valid("inverse_time_decay")
def inverse_time_decay__ok_2(learning_rate0, epoch_num, decay_rate=1.0):
    return np.divide(learning_rate0, np.add(1.0, np.multiply(decay_rate, epoch_num)))


@wrong("inverse_time_decay", "epoch_plus_one")
def inverse_time_decay__epoch_plus_one_1(learning_rate0, epoch_num, decay_rate=1.0):
    return learning_rate0 / (1 + decay_rate * (epoch_num + 1))


@wrong("inverse_time_decay", "epoch_plus_one")
def inverse_time_decay__epoch_plus_one_2(learning_rate0, epoch_num, decay_rate=1.0):
    epoch = np.asarray(epoch_num) + 1  # epochs counted from 1
    return learning_rate0 / (1 + decay_rate * epoch)


@wrong("inverse_time_decay", "epoch_plus_one")
def inverse_time_decay__epoch_plus_one_3(learning_rate0, epoch_num, decay_rate=1.0):
    return learning_rate0 / (1 + decay_rate + decay_rate * epoch_num)


@wrong("inverse_time_decay", "plus_epoch_typo")
def inverse_time_decay__plus_epoch_typo_1(learning_rate0, epoch_num, decay_rate=1.0):
    return learning_rate0 / (1 + decay_rate + epoch_num)


@wrong("inverse_time_decay", "plus_epoch_typo")
def inverse_time_decay__plus_epoch_typo_2(learning_rate0, epoch_num, decay_rate=1.0):
    return learning_rate0 * 1.0 / (epoch_num + decay_rate + 1)


@wrong("inverse_time_decay", "plus_epoch_typo")
def inverse_time_decay__plus_epoch_typo_3(learning_rate0, epoch_num, decay_rate=1.0):
    return np.divide(learning_rate0, np.add(1 + decay_rate, epoch_num))


@wrong("inverse_time_decay", "decay_rate_ignored")
def inverse_time_decay__decay_rate_ignored_1(learning_rate0, epoch_num, decay_rate=1.0):
    return learning_rate0 / (1 + epoch_num)


@wrong("inverse_time_decay", "decay_rate_ignored")
def inverse_time_decay__decay_rate_ignored_2(learning_rate0, epoch_num, decay_rate=1.0):
    rate = 1.0
    return learning_rate0 / (1 + rate * epoch_num)


@wrong("inverse_time_decay", "decay_rate_ignored")
def inverse_time_decay__decay_rate_ignored_3(learning_rate0, epoch_num, decay_rate=1.0):
    return learning_rate0 * (1 + np.asarray(epoch_num, dtype=float)) ** -1


@valid("exponential_decay")
def exponential_decay__ok_1(learning_rate0, epoch_num, base=0.95):
    return learning_rate0 * np.exp(np.asarray(epoch_num) * np.log(base))


@valid("exponential_decay")
def exponential_decay__ok_2(learning_rate0, epoch_num, base=0.95):
    return learning_rate0 * np.power(base, epoch_num)


@wrong("exponential_decay", "epoch_plus_one")
def exponential_decay__epoch_plus_one_1(learning_rate0, epoch_num, base=0.95):
    return base ** (epoch_num + 1) * learning_rate0


@wrong("exponential_decay", "epoch_plus_one")
def exponential_decay__epoch_plus_one_2(learning_rate0, epoch_num, base=0.95):
    return base * base**epoch_num * learning_rate0


@wrong("exponential_decay", "epoch_plus_one")
def exponential_decay__epoch_plus_one_3(learning_rate0, epoch_num, base=0.95):
    return learning_rate0 * np.power(base, np.add(epoch_num, 1))


@wrong("exponential_decay", "power_swapped")
def exponential_decay__power_swapped_1(learning_rate0, epoch_num, base=0.95):
    return epoch_num**base * learning_rate0


@wrong("exponential_decay", "power_swapped")
def exponential_decay__power_swapped_2(learning_rate0, epoch_num, base=0.95):
    return learning_rate0 * np.power(epoch_num, base)


@wrong("exponential_decay", "power_swapped")
def exponential_decay__power_swapped_3(learning_rate0, epoch_num, base=0.95):
    return learning_rate0 * np.asarray(epoch_num, dtype=float) ** base


@wrong("exponential_decay", "base_hard_coded")
def exponential_decay__base_hard_coded_1(learning_rate0, epoch_num, base=0.95):
    return 0.95**epoch_num * learning_rate0


@wrong("exponential_decay", "base_hard_coded")
def exponential_decay__base_hard_coded_2(learning_rate0, epoch_num, base=0.95):
    return learning_rate0 * np.power(0.95, epoch_num)


@wrong("exponential_decay", "base_hard_coded")
def exponential_decay__base_hard_coded_3(learning_rate0, epoch_num, base=0.95):
    decay = 0.95
    return decay**epoch_num * learning_rate0


@valid("staircase_decay")
def staircase_decay__ok_1(learning_rate0, epoch_num, decay_rate=1.0, time_interval=1000):
    return learning_rate0 / (1 + decay_rate * (np.asarray(epoch_num) // time_interval))


@valid("staircase_decay")
def staircase_decay__ok_2(learning_rate0, epoch_num, decay_rate=1.0, time_interval=1000):
    steps = np.floor_divide(epoch_num, time_interval)
    return learning_rate0 / (1.0 + decay_rate * steps)


@wrong("staircase_decay", "no_floor")
def staircase_decay__no_floor_1(learning_rate0, epoch_num, decay_rate=1.0, time_interval=1000):
    return learning_rate0 / (1 + decay_rate * epoch_num / time_interval)


@wrong("staircase_decay", "no_floor")
def staircase_decay__no_floor_2(learning_rate0, epoch_num, decay_rate=1.0, time_interval=1000):
    return learning_rate0 / (1 + decay_rate * np.true_divide(epoch_num, time_interval))


@wrong("staircase_decay", "no_floor")
def staircase_decay__no_floor_3(learning_rate0, epoch_num, decay_rate=1.0, time_interval=1000):
    steps = np.asarray(epoch_num, dtype=float) / time_interval
    return learning_rate0 * (1 + decay_rate * steps) ** -1


@wrong("staircase_decay", "round_not_floor")
def staircase_decay__round_not_floor_1(learning_rate0, epoch_num, decay_rate=1.0, time_interval=1000):
    return learning_rate0 / (1 + decay_rate * np.round(epoch_num / time_interval))


@wrong("staircase_decay", "round_not_floor")
def staircase_decay__round_not_floor_2(learning_rate0, epoch_num, decay_rate=1.0, time_interval=1000):
    return learning_rate0 / (1 + decay_rate * np.ceil(np.asarray(epoch_num) / time_interval))


@wrong("staircase_decay", "round_not_floor")
def staircase_decay__round_not_floor_3(learning_rate0, epoch_num, decay_rate=1.0, time_interval=1000):
    return learning_rate0 / (1 + decay_rate * np.rint(np.divide(epoch_num, time_interval)))


@wrong("staircase_decay", "time_interval_ignored")
def staircase_decay__time_interval_ignored_1(learning_rate0, epoch_num, decay_rate=1.0, time_interval=1000):
    return learning_rate0 / (1 + decay_rate * np.floor(epoch_num))


@wrong("staircase_decay", "time_interval_ignored")
def staircase_decay__time_interval_ignored_2(learning_rate0, epoch_num, decay_rate=1.0, time_interval=1000):
    return learning_rate0 / (1 + decay_rate * epoch_num)


@wrong("staircase_decay", "time_interval_ignored")
def staircase_decay__time_interval_ignored_3(learning_rate0, epoch_num, decay_rate=1.0, time_interval=1000):
    return learning_rate0 / (1 + decay_rate * (np.asarray(epoch_num) // 1))
