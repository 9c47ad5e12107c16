"""Answers for 06_optimizers, the rules beyond Adam: nesterov, adagrad, adamw, linear_warmup."""

import numpy as np

from dlcore import schedules

from . import valid, wrong


# ---------------------------------------------------------------- nesterov
@valid("nesterov")
def nesterov__ok_1(w, dw, state, learning_rate, beta=0.9):
    v_prev = state["v"]
    v = beta * v_prev + (1 - beta) * dw
    # the same step written as Polyak's look-ahead: (1 + beta) * v - beta * v_prev would need (1 - beta) weights
    step = beta * beta * v_prev + (1 - beta) * (1 + beta) * dw
    return w - learning_rate * step, {**state, "v": v}


@valid("nesterov")
def nesterov__ok_2(w, dw, state, learning_rate, beta=0.9):
    new_state = {key: value for key, value in state.items()}
    new_state["v"] = np.add(np.multiply(beta, state["v"]), np.multiply(1 - beta, dw))
    return np.subtract(w, learning_rate * (beta * new_state["v"] + (1 - beta) * dw)), new_state


@wrong("nesterov", "lookahead_stored")
def nesterov__lookahead_stored_1(w, dw, state, learning_rate, beta=0.9):
    v = beta * state["v"] + (1 - beta) * dw
    v = beta * v + (1 - beta) * dw
    return w - learning_rate * v, {**state, "v": v}


@wrong("nesterov", "lookahead_stored")
def nesterov__lookahead_stored_2(w, dw, state, learning_rate, beta=0.9):
    new = dict(state)
    new["v"] = beta * (beta * state["v"] + (1 - beta) * dw) + (1 - beta) * dw
    return w - learning_rate * new["v"], new


@wrong("nesterov", "lookahead_stored")
def nesterov__lookahead_stored_3(w, dw, state, learning_rate, beta=0.9):
    ahead = beta**2 * state["v"] + (1 - beta**2) * dw
    return np.subtract(w, learning_rate * ahead), {"v": ahead, "s": state["s"], "t": state["t"]}


@wrong("nesterov", "no_lookahead")
def nesterov__no_lookahead_1(w, dw, state, learning_rate, beta=0.9):
    v = beta * state["v"] + (1 - beta) * dw
    return w - learning_rate * v, {**state, "v": v}


@wrong("nesterov", "no_lookahead")
def nesterov__no_lookahead_2(w, dw, state, learning_rate, beta=0.9):
    v_old = state["v"]
    step = beta * v_old + (1 - beta) * dw  # "look ahead" with the old velocity: that is v_new itself
    return w - learning_rate * step, {**state, "v": step}


@wrong("nesterov", "no_lookahead")
def nesterov__no_lookahead_3(w, dw, state, learning_rate, beta=0.9):
    new_state = dict(state)
    new_state["v"] = state["v"] + (1 - beta) * (dw - state["v"])
    return w - learning_rate * new_state["v"], new_state


@wrong("nesterov", "lookahead_gradient_unweighted")
def nesterov__lookahead_gradient_unweighted_1(w, dw, state, learning_rate, beta=0.9):
    v = beta * state["v"] + (1 - beta) * dw
    return w - learning_rate * (beta * v + dw), {**state, "v": v}


@wrong("nesterov", "lookahead_gradient_unweighted")
def nesterov__lookahead_gradient_unweighted_2(w, dw, state, learning_rate, beta=0.9):
    new = dict(state)
    new["v"] = beta * state["v"] + (1 - beta) * dw
    return w - learning_rate * new["v"] - learning_rate * dw, new


@wrong("nesterov", "lookahead_gradient_unweighted")
def nesterov__lookahead_gradient_unweighted_3(w, dw, state, learning_rate, beta=0.9):
    v = np.multiply(beta, state["v"]) + np.multiply(1 - beta, dw)
    step = np.add(beta * v, dw)
    return np.subtract(w, learning_rate * step), {"v": v, "s": state["s"], "t": state["t"]}


@wrong("nesterov", "no_one_minus_beta")
def nesterov__no_one_minus_beta_1(w, dw, state, learning_rate, beta=0.9):
    v = beta * state["v"] + dw  # PyTorch's buffer, without the course's (1 - beta)
    return w - learning_rate * (dw + beta * v), {**state, "v": v}


@wrong("nesterov", "no_one_minus_beta")
def nesterov__no_one_minus_beta_2(w, dw, state, learning_rate, beta=0.9):
    new = dict(state)
    new["v"] = state["v"] * beta + dw
    return w - learning_rate * (beta * new["v"] + dw), new


@wrong("nesterov", "no_one_minus_beta")
def nesterov__no_one_minus_beta_3(w, dw, state, learning_rate, beta=0.9):
    v = np.add(beta * state["v"], dw)
    return np.subtract(w, learning_rate * np.add(beta * v, dw)), {"v": v, "s": state["s"], "t": state["t"]}


@wrong("nesterov", "state_keys_dropped")
def nesterov__state_keys_dropped_1(w, dw, state, learning_rate, beta=0.9):
    v = beta * state["v"] + (1 - beta) * dw
    return w - learning_rate * (beta * v + (1 - beta) * dw), {"v": v}


@wrong("nesterov", "state_keys_dropped")
def nesterov__state_keys_dropped_2(w, dw, state, learning_rate, beta=0.9):
    v = beta * state["v"] + (1 - beta) * dw
    return w - learning_rate * (beta * v + (1 - beta) * dw), {"v": v, "t": state["t"]}


@wrong("nesterov", "state_keys_dropped")
def nesterov__state_keys_dropped_3(w, dw, state, learning_rate, beta=0.9):
    new = {"v": beta * state["v"] + (1 - beta) * dw}
    step = beta * new["v"] + (1 - beta) * dw
    new["s"] = state["s"]
    return w - learning_rate * step, new


# ---------------------------------------------------------------- adagrad
@valid("adagrad")
def adagrad__ok_1(w, dw, state, learning_rate, epsilon=1e-8):
    s = state["s"] + np.square(dw)
    new_state = dict(state)
    new_state["s"] = s
    return w - learning_rate * dw / (s**0.5 + epsilon), new_state


@valid("adagrad")
def adagrad__ok_2(w, dw, state, learning_rate, epsilon=1e-8):
    s = np.add(state["s"], dw * dw)
    return np.subtract(w, np.divide(learning_rate * dw, np.add(np.sqrt(s), epsilon))), {**state, "s": s}


@wrong("adagrad", "epsilon_misplaced")
def adagrad__epsilon_misplaced_1(w, dw, state, learning_rate, epsilon=1e-8):
    s = state["s"] + dw**2
    return w - learning_rate * dw / np.sqrt(s + epsilon), {**state, "s": s}


@wrong("adagrad", "epsilon_misplaced")
def adagrad__epsilon_misplaced_2(w, dw, state, learning_rate, epsilon=1e-8):
    s = state["s"] + dw**2
    return w - learning_rate * dw / np.sqrt(s), {**state, "s": s}


@wrong("adagrad", "epsilon_misplaced")
def adagrad__epsilon_misplaced_3(w, dw, state, learning_rate, epsilon=1e-8):
    new = dict(state)
    new["s"] = state["s"] + dw * dw
    return w - learning_rate * dw / (new["s"] + epsilon) ** 0.5, new


@wrong("adagrad", "not_squared")
def adagrad__not_squared_1(w, dw, state, learning_rate, epsilon=1e-8):
    s = state["s"] + dw
    return w - learning_rate * dw / (np.sqrt(np.abs(s)) + epsilon), {**state, "s": s}


@wrong("adagrad", "not_squared")
def adagrad__not_squared_2(w, dw, state, learning_rate, epsilon=1e-8):
    new = dict(state)
    new["s"] = np.add(state["s"], dw)
    return w - learning_rate * dw / (np.abs(new["s"]) ** 0.5 + epsilon), new


@wrong("adagrad", "not_squared")
def adagrad__not_squared_3(w, dw, state, learning_rate, epsilon=1e-8):
    s = state["s"] + dw
    root = np.sqrt(np.maximum(s, 0)) + np.sqrt(np.maximum(-s, 0))  # |s| ** 0.5 in two halves
    return w - learning_rate * dw / (root + epsilon), {**state, "s": s}


@wrong("adagrad", "no_sqrt")
def adagrad__no_sqrt_1(w, dw, state, learning_rate, epsilon=1e-8):
    s = state["s"] + dw**2
    return w - learning_rate * dw / (s + epsilon), {**state, "s": s}


@wrong("adagrad", "no_sqrt")
def adagrad__no_sqrt_2(w, dw, state, learning_rate, epsilon=1e-8):
    new = dict(state)
    new["s"] = state["s"] + np.square(dw)
    return np.subtract(w, learning_rate * np.divide(dw, new["s"] + epsilon)), new


@wrong("adagrad", "no_sqrt")
def adagrad__no_sqrt_3(w, dw, state, learning_rate, epsilon=1e-8):
    s = np.add(state["s"], dw * dw)
    scale = learning_rate / (s + epsilon)
    return w - scale * dw, {"v": state["v"], "s": s, "t": state["t"]}


@wrong("adagrad", "sum_not_kept")
def adagrad__sum_not_kept_1(w, dw, state, learning_rate, epsilon=1e-8):
    s = dw**2
    return w - learning_rate * dw / (np.sqrt(s) + epsilon), {**state, "s": s}


@wrong("adagrad", "sum_not_kept")
def adagrad__sum_not_kept_2(w, dw, state, learning_rate, epsilon=1e-8):
    new = dict(state)
    new["s"] = 0.9 * state["s"] + 0.1 * dw**2
    return w - learning_rate * dw / (np.sqrt(new["s"]) + epsilon), new


@wrong("adagrad", "sum_not_kept")
def adagrad__sum_not_kept_3(w, dw, state, learning_rate, epsilon=1e-8):
    s = np.square(dw)
    return w - learning_rate * dw / (np.abs(dw) + epsilon), {**state, "s": s}


@wrong("adagrad", "stored_in_v")
def adagrad__stored_in_v_1(w, dw, state, learning_rate, epsilon=1e-8):
    v = state["v"] + dw**2
    return w - learning_rate * dw / (np.sqrt(v) + epsilon), {**state, "v": v}


@wrong("adagrad", "stored_in_v")
def adagrad__stored_in_v_2(w, dw, state, learning_rate, epsilon=1e-8):
    new = dict(state)
    new["v"] = new["v"] + np.square(dw)
    return w - learning_rate * dw / (new["v"] ** 0.5 + epsilon), new


@wrong("adagrad", "stored_in_v")
def adagrad__stored_in_v_3(w, dw, state, learning_rate, epsilon=1e-8):
    total = np.add(state["v"], dw * dw)
    return np.subtract(w, learning_rate * dw / (np.sqrt(total) + epsilon)), {"v": total, "s": state["s"],
                                                                              "t": state["t"]}


# ---------------------------------------------------------------- adamw
def _moments(state, dw, beta1, beta2, g_v=None, g_s=None):
    g_v = dw if g_v is None else g_v
    g_s = dw if g_s is None else g_s
    t = state["t"] + 1
    v = beta1 * state["v"] + (1 - beta1) * g_v
    s = beta2 * state["s"] + (1 - beta2) * g_s**2
    return t, v, s


def _adam_w(w, t, v, s, learning_rate, beta1, beta2, epsilon):
    return w - learning_rate * (v / (1 - beta1**t)) / (np.sqrt(s / (1 - beta2**t)) + epsilon)


@valid("adamw")
def adamw__ok_1(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8, weight_decay=0.01):
    decayed = w * (1 - learning_rate * weight_decay)  # PyTorch's order: decay first, then the Adam step
    t, v, s = _moments(state, dw, beta1, beta2)
    return _adam_w(decayed, t, v, s, learning_rate, beta1, beta2, epsilon), {"v": v, "s": s, "t": t}


@valid("adamw")
def adamw__ok_2(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8, weight_decay=0.01):
    t = state["t"] + 1
    v = beta1 * state["v"] + (1 - beta1) * dw
    s = beta2 * state["s"] + (1 - beta2) * np.square(dw)
    step = learning_rate * np.sqrt(1 - beta2**t) / (1 - beta1**t) * v / (np.sqrt(s) + epsilon * np.sqrt(1 - beta2**t))
    return w - (step + learning_rate * weight_decay * w), {"v": v, "s": s, "t": t}


@wrong("adamw", "decay_in_gradient")
def adamw__decay_in_gradient_1(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8,
                               weight_decay=0.01):
    g = dw + weight_decay * w
    t, v, s = _moments(state, g, beta1, beta2)
    return _adam_w(w, t, v, s, learning_rate, beta1, beta2, epsilon), {"v": v, "s": s, "t": t}


@wrong("adamw", "decay_in_gradient")
def adamw__decay_in_gradient_2(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8,
                               weight_decay=0.01):
    t, v, s = _moments(state, dw, beta1, beta2, g_v=dw + weight_decay * w)
    return _adam_w(w, t, v, s, learning_rate, beta1, beta2, epsilon), {"v": v, "s": s, "t": t}


@wrong("adamw", "decay_in_gradient")
def adamw__decay_in_gradient_3(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8,
                               weight_decay=0.01):
    dw = np.add(dw, np.multiply(weight_decay, w))  # "weight decay" as an L2 gradient
    t = state["t"] + 1
    v = beta1 * state["v"] + (1 - beta1) * dw
    s = beta2 * state["s"] + (1 - beta2) * dw * dw
    new_w = w - learning_rate * v / (1 - beta1**t) / (np.sqrt(s / (1 - beta2**t)) + epsilon)
    return new_w, {"v": v, "s": s, "t": t}


@wrong("adamw", "decays_updated_w")
def adamw__decays_updated_w_1(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8,
                              weight_decay=0.01):
    t, v, s = _moments(state, dw, beta1, beta2)
    w = _adam_w(w, t, v, s, learning_rate, beta1, beta2, epsilon)
    return w - learning_rate * weight_decay * w, {"v": v, "s": s, "t": t}


@wrong("adamw", "decays_updated_w")
def adamw__decays_updated_w_2(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8,
                              weight_decay=0.01):
    t, v, s = _moments(state, dw, beta1, beta2)
    return (1 - learning_rate * weight_decay) * _adam_w(w, t, v, s, learning_rate, beta1, beta2, epsilon), {
        "v": v, "s": s, "t": t}


@wrong("adamw", "decays_updated_w")
def adamw__decays_updated_w_3(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8,
                              weight_decay=0.01):
    t = state["t"] + 1
    v = beta1 * state["v"] + (1 - beta1) * dw
    s = beta2 * state["s"] + (1 - beta2) * dw**2
    new_w = w - learning_rate * (v / (1 - beta1**t)) / (np.sqrt(s / (1 - beta2**t)) + epsilon)
    new_w = new_w * (1 - weight_decay * learning_rate)
    return new_w, {"v": v, "s": s, "t": t}


@wrong("adamw", "decay_not_scaled")
def adamw__decay_not_scaled_1(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8,
                              weight_decay=0.01):
    t, v, s = _moments(state, dw, beta1, beta2)
    return _adam_w(w, t, v, s, learning_rate, beta1, beta2, epsilon) - weight_decay * w, {"v": v, "s": s, "t": t}


@wrong("adamw", "decay_not_scaled")
def adamw__decay_not_scaled_2(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8,
                              weight_decay=0.01):
    t, v, s = _moments(state, dw, beta1, beta2)
    return _adam_w(w * (1 - weight_decay), t, v, s, learning_rate, beta1, beta2, epsilon), {"v": v, "s": s, "t": t}


@wrong("adamw", "decay_not_scaled")
def adamw__decay_not_scaled_3(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8,
                              weight_decay=0.01):
    t, v, s = _moments(state, dw, beta1, beta2)
    lr_decay = learning_rate * weight_decay
    return _adam_w(w, t, v, s, learning_rate, beta1, beta2, epsilon) - learning_rate * lr_decay * w, {
        "v": v, "s": s, "t": t}


@wrong("adamw", "no_bias_correction")
def adamw__no_bias_correction_1(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8,
                                weight_decay=0.01):
    t, v, s = _moments(state, dw, beta1, beta2)
    return w - learning_rate * v / (np.sqrt(s) + epsilon) - learning_rate * weight_decay * w, {"v": v, "s": s, "t": t}


@wrong("adamw", "no_bias_correction")
def adamw__no_bias_correction_2(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8,
                                weight_decay=0.01):
    new = {"t": state["t"] + 1, "v": beta1 * state["v"] + (1 - beta1) * dw,
           "s": beta2 * state["s"] + (1 - beta2) * np.square(dw)}
    return w * (1 - learning_rate * weight_decay) - learning_rate * new["v"] / (new["s"] ** 0.5 + epsilon), new


@wrong("adamw", "no_bias_correction")
def adamw__no_bias_correction_3(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8,
                                weight_decay=0.01):
    t, v, s = _moments(state, dw, beta1, beta2)
    step = np.divide(v, np.add(np.sqrt(s), epsilon))
    return np.subtract(w, learning_rate * (step + weight_decay * w)), {"v": v, "s": s, "t": t}


@wrong("adamw", "decay_sign")
def adamw__decay_sign_1(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8, weight_decay=0.01):
    t, v, s = _moments(state, dw, beta1, beta2)
    return _adam_w(w, t, v, s, learning_rate, beta1, beta2, epsilon) + learning_rate * weight_decay * w, {
        "v": v, "s": s, "t": t}


@wrong("adamw", "decay_sign")
def adamw__decay_sign_2(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8, weight_decay=0.01):
    t, v, s = _moments(state, dw, beta1, beta2)
    return _adam_w(w * (1 + learning_rate * weight_decay), t, v, s, learning_rate, beta1, beta2, epsilon), {
        "v": v, "s": s, "t": t}


@wrong("adamw", "decay_sign")
def adamw__decay_sign_3(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8, weight_decay=0.01):
    t = state["t"] + 1
    v = beta1 * state["v"] + (1 - beta1) * dw
    s = beta2 * state["s"] + (1 - beta2) * dw**2
    update = learning_rate * (v / (1 - beta1**t)) / (np.sqrt(s / (1 - beta2**t)) + epsilon)
    return w - update - learning_rate * weight_decay * -w, {"v": v, "s": s, "t": t}


# ---------------------------------------------------------------- linear_warmup
def _scalar_or_array(rate, epoch_num):
    return float(rate) if np.ndim(epoch_num) == 0 else np.asarray(rate, dtype=float)


@valid("linear_warmup")
def linear_warmup__ok_1(learning_rate0, epoch_num, warmup_epochs=5, then=schedules.constant):
    epochs = np.atleast_1d(epoch_num)
    out = np.empty(epochs.shape)
    for i, e in enumerate(epochs):
        out[i] = learning_rate0 * (e + 1) / warmup_epochs if e < warmup_epochs else then(learning_rate0,
                                                                                          e - warmup_epochs)
    return float(out[0]) if np.ndim(epoch_num) == 0 else out


@valid("linear_warmup")
def linear_warmup__ok_2(learning_rate0, epoch_num, warmup_epochs=5, then=schedules.constant):
    e = np.asarray(epoch_num)
    warming = e < warmup_epochs
    rate = np.where(warming, learning_rate0 * np.minimum(e + 1, warmup_epochs) / warmup_epochs,
                    then(learning_rate0, np.where(warming, 0, e - warmup_epochs)))
    return _scalar_or_array(rate, epoch_num)


def _loop(epoch_num, one):
    return _scalar_or_array([one(e) for e in np.atleast_1d(epoch_num)] if np.ndim(epoch_num) else one(epoch_num),
                            epoch_num)


@wrong("linear_warmup", "ramp_from_zero")
def linear_warmup__ramp_from_zero_1(learning_rate0, epoch_num, warmup_epochs=5, then=schedules.constant):
    return _loop(epoch_num, lambda e: learning_rate0 * e / warmup_epochs if e < warmup_epochs
                 else then(learning_rate0, e - warmup_epochs))


@wrong("linear_warmup", "ramp_from_zero")
def linear_warmup__ramp_from_zero_2(learning_rate0, epoch_num, warmup_epochs=5, then=schedules.constant):
    e = np.asarray(epoch_num)
    fraction = np.clip(e / warmup_epochs, 0, 1)
    return _scalar_or_array(np.where(e < warmup_epochs, fraction * learning_rate0,
                                     then(learning_rate0, np.maximum(e - warmup_epochs, 0))), epoch_num)


@wrong("linear_warmup", "ramp_from_zero")
def linear_warmup__ramp_from_zero_3(learning_rate0, epoch_num, warmup_epochs=5, then=schedules.constant):
    e = np.asarray(epoch_num)
    ramp = learning_rate0 * (e + 1) / (warmup_epochs + 1)
    return _scalar_or_array(np.where(e < warmup_epochs, ramp, then(learning_rate0, np.maximum(e - warmup_epochs, 0))),
                            epoch_num)


@wrong("linear_warmup", "boundary_inclusive")
def linear_warmup__boundary_inclusive_1(learning_rate0, epoch_num, warmup_epochs=5, then=schedules.constant):
    return _loop(epoch_num, lambda e: learning_rate0 * (e + 1) / warmup_epochs if e <= warmup_epochs
                 else then(learning_rate0, e - warmup_epochs))


@wrong("linear_warmup", "boundary_inclusive")
def linear_warmup__boundary_inclusive_2(learning_rate0, epoch_num, warmup_epochs=5, then=schedules.constant):
    e = np.asarray(epoch_num)
    after = then(learning_rate0, np.maximum(e - warmup_epochs, 0))
    return _scalar_or_array(np.where(e > warmup_epochs, after, learning_rate0 * (e + 1) / warmup_epochs), epoch_num)


@wrong("linear_warmup", "boundary_inclusive")
def linear_warmup__boundary_inclusive_3(learning_rate0, epoch_num, warmup_epochs=5, then=schedules.constant):
    e = np.asarray(epoch_num, dtype=float)
    ramp = (e + 1) * (learning_rate0 / warmup_epochs)
    return _scalar_or_array(np.where(e - warmup_epochs < 1, ramp,
                                     then(learning_rate0, np.maximum(e - warmup_epochs, 0))), epoch_num)


@wrong("linear_warmup", "schedule_not_restarted")
def linear_warmup__schedule_not_restarted_1(learning_rate0, epoch_num, warmup_epochs=5, then=schedules.constant):
    return _loop(epoch_num, lambda e: learning_rate0 * (e + 1) / warmup_epochs if e < warmup_epochs
                 else then(learning_rate0, e))


@wrong("linear_warmup", "schedule_not_restarted")
def linear_warmup__schedule_not_restarted_2(learning_rate0, epoch_num, warmup_epochs=5, then=schedules.constant):
    e = np.asarray(epoch_num)
    return _scalar_or_array(np.where(e < warmup_epochs, learning_rate0 * (e + 1) / warmup_epochs,
                                     then(learning_rate0, e)), epoch_num)


@wrong("linear_warmup", "schedule_not_restarted")
def linear_warmup__schedule_not_restarted_3(learning_rate0, epoch_num, warmup_epochs=5, then=schedules.constant):
    e = np.asarray(epoch_num)
    since = np.maximum(e - (warmup_epochs - 1), 0)  # counted from the last warm-up epoch
    return _scalar_or_array(np.where(e < warmup_epochs, learning_rate0 * (e + 1) / warmup_epochs,
                                     then(learning_rate0, since)), epoch_num)


@wrong("linear_warmup", "then_ignored")
def linear_warmup__then_ignored_1(learning_rate0, epoch_num, warmup_epochs=5, then=schedules.constant):
    return _loop(epoch_num, lambda e: learning_rate0 * min(e + 1, warmup_epochs) / warmup_epochs)


@wrong("linear_warmup", "then_ignored")
def linear_warmup__then_ignored_2(learning_rate0, epoch_num, warmup_epochs=5, then=schedules.constant):
    e = np.asarray(epoch_num)
    return _scalar_or_array(np.minimum(learning_rate0 * (e + 1) / warmup_epochs, learning_rate0), epoch_num)


@wrong("linear_warmup", "then_ignored")
def linear_warmup__then_ignored_3(learning_rate0, epoch_num, warmup_epochs=5, then=schedules.constant):
    e = np.asarray(epoch_num)
    after = schedules.constant(learning_rate0, np.maximum(e - warmup_epochs, 0))  # the default, whatever was given
    return _scalar_or_array(np.where(e < warmup_epochs, learning_rate0 * (e + 1) / warmup_epochs, after), epoch_num)
