"""03_initialization: activation derivatives, weight initialisation, gradient clipping, activation statistics."""

import numpy as np

from dlcore import activations, diagnostics, initializers, optim
from dlcore.layers import Activation
from dlcore.model import mlp

from ._core import Case, exercise, mistake, normal

NB = "03_initialization"


# ---------------------------------------------------------------- activation backward passes
def _backward_cases(extra_visible=(), extra_hidden=()):
    def cases(rng, hidden):
        shapes = [(3, 4), (2, 5)] + ([(4, 1), (1, 6), (5, 3)] if hidden else [])
        out = []
        for i, shape in enumerate(shapes):
            Z = normal(rng, *shape, scale=2)
            Z.flat[:: max(1, Z.size // 3)] = 0.0  # exact zeros: g'(0) is a convention worth testing
            extra = (extra_hidden if hidden else extra_visible)
            out.append(Case({"dA": normal(rng, *shape), "Z": Z, **(extra[i % len(extra)] if extra else {})}))
        return out
    return cases


def _sig(Z):
    return 1 / (1 + np.exp(-Z))


@mistake("no_dA", "forgot to multiply by dA",
         "the chain rule: dZ = dA * g'(Z); g'(Z) alone is only the local derivative")
def _sig_no_dA(dA, Z):
    s = _sig(Z)
    return s * (1 - s)


@mistake("used_Z", "used Z instead of sigma(Z) in s * (1 - s)",
         "compute s = sigmoid(Z) first, then dZ = dA * s * (1 - s)")
def _sig_used_Z(dA, Z):
    return dA * Z * (1 - Z)


@mistake("tanh_form", "used 1 - s**2 (the tanh form)",
         "the sigmoid's derivative is s * (1 - s) with s = sigmoid(Z)")
def _sig_tanh_form(dA, Z):
    return dA * (1 - _sig(Z) ** 2)


exercise("sigmoid_backward", activations.sigmoid_backward, NB, 1, cases=_backward_cases(),
         mistakes=[_sig_no_dA, _sig_used_Z, _sig_tanh_form])


@mistake("no_dA", "forgot to multiply by dA", "the chain rule: dZ = dA * (1 - tanh(Z)**2)")
def _tanh_no_dA(dA, Z):
    return 1 - np.tanh(Z) ** 2


@mistake("used_Z", "used 1 - Z**2 instead of 1 - tanh(Z)**2",
         "the derivative is 1 - A**2 where A = tanh(Z) is the activation, not Z")
def _tanh_used_Z(dA, Z):
    return dA * (1 - Z**2)


@mistake("not_squared", "used 1 - tanh(Z) (not squared)", "dZ = dA * (1 - np.tanh(Z) ** 2)")
def _tanh_not_squared(dA, Z):
    return dA * (1 - np.tanh(Z))


exercise("tanh_backward", activations.tanh_backward, NB, 1, cases=_backward_cases(),
         mistakes=[_tanh_no_dA, _tanh_used_Z, _tanh_not_squared])


@mistake("no_dA", "returned the 0/1 mask without multiplying by dA", "dZ = dA * (Z > 0)")
def _relu_no_dA(dA, Z):
    return (Z > 0).astype(float)


@mistake("gradient_at_zero", "g'(0) = 1 (Z >= 0)", "the course takes g'(0) = 0: use Z > 0, not Z >= 0")
def _relu_ge(dA, Z):
    return dA * (Z >= 0)


@mistake("times_Z", "multiplied dA by Z (or by relu(Z))",
         "ReLU's derivative is 1 where Z > 0 and 0 elsewhere: dZ = dA * (Z > 0)")
def _relu_times_Z(dA, Z):
    return dA * np.maximum(Z, 0)


@mistake("mask_from_dA", "masked on dA > 0 instead of Z > 0",
         "the gate is decided by the forward input: dZ = dA * (Z > 0)")
def _relu_mask_dA(dA, Z):
    return dA * (dA > 0)


exercise("relu_backward", activations.relu_backward, NB, 1, cases=_backward_cases(),
         mistakes=[_relu_no_dA, _relu_ge, _relu_times_Z, _relu_mask_dA])


@mistake("alpha_ignored", "the negative side gets 0 (plain ReLU)",
         "leaky ReLU passes alpha * dA where Z <= 0: dA * np.where(Z > 0, 1, alpha)")
def _leaky_relu(dA, Z, alpha=0.01):
    return dA * (Z > 0)


@mistake("sides_swapped", "alpha applied to the positive side",
         "slope 1 where Z > 0, alpha elsewhere: dA * np.where(Z > 0, 1, alpha)")
def _leaky_swapped(dA, Z, alpha=0.01):
    return dA * np.where(Z > 0, alpha, 1.0)


@mistake("alpha_times_Z", "used alpha * Z (the forward value) as the slope",
         "the slope on the negative side is the constant alpha: dA * np.where(Z > 0, 1, alpha)")
def _leaky_times_Z(dA, Z, alpha=0.01):
    return dA * np.where(Z > 0, 1.0, alpha * Z)


@mistake("gradient_at_zero", "slope 1 at Z = 0 (Z >= 0)", "use Z > 0: at Z = 0 the course takes the slope alpha")
def _leaky_ge(dA, Z, alpha=0.01):
    return dA * np.where(Z >= 0, 1.0, alpha)


exercise("leaky_relu_backward", activations.leaky_relu_backward, NB, 1,
         cases=_backward_cases([{"alpha": 0.2}, {}], [{"alpha": 0.1}, {"alpha": 0.3}, {}]),
         mistakes=[_leaky_relu, _leaky_swapped, _leaky_times_Z, _leaky_ge])


@mistake("alpha_ignored", "alpha left out of the negative side (exp(Z) only)",
         "for Z <= 0 the derivative of alpha * (exp(Z) - 1) is alpha * exp(Z)")
def _elu_no_alpha(dA, Z, alpha=1.0):
    return dA * np.where(Z > 0, 1.0, np.exp(np.minimum(Z, 0)))


@mistake("forward_value", "used the forward value alpha * (exp(Z) - 1) as the slope",
         "differentiate: the slope for Z <= 0 is alpha * exp(Z)")
def _elu_forward(dA, Z, alpha=1.0):
    return dA * np.where(Z > 0, 1.0, alpha * np.expm1(np.minimum(Z, 0)))


@mistake("no_dA", "forgot to multiply by dA", "the chain rule: dZ = dA * g'(Z)")
def _elu_no_dA(dA, Z, alpha=1.0):
    return np.where(Z > 0, 1.0, alpha * np.exp(np.minimum(Z, 0)))


exercise("elu_backward", activations.elu_backward, NB, 1,
         cases=_backward_cases([{"alpha": 0.5}, {}], [{"alpha": 2.0}, {"alpha": 0.3}, {}]),
         mistakes=[_elu_no_alpha, _elu_forward, _elu_no_dA])


# ---------------------------------------------------------------- initialize_parameters
def _init_cases(rng, hidden):
    specs = [([3, 5, 2], "he", {}), ([4, 3, 3, 1], "xavier", {}), ([2, 6, 1], "small_random", {}),
             ([3, 2, 2], "zeros", {})]
    if hidden:
        specs += [([5, 4, 3, 2, 1], "he", {"gain": 2.0}), ([6, 2], "xavier", {}), ([2, 7, 3], "small_random", {}),
                  ([4, 8, 1], "he", {})]
    return [Case({"layer_dims": dims, "init": init, "rng": int(rng.integers(1, 10_000)), **kw})
            for dims, init, kw in specs]


def _init(layer_dims, init, rng, gain, *, fan_out=False, xavier_two=False, random_b=False, unscaled=False,
          transposed=False):
    rng = np.random.default_rng(rng)
    params = {}
    for l in range(1, len(layer_dims)):
        n_out, n_in = layer_dims[l], layer_dims[l - 1]
        fan = n_out if fan_out else n_in
        scale = {"zeros": 0.0, "small_random": 1.0 if unscaled else 0.01,
                 "xavier": np.sqrt((2.0 if xavier_two else 1.0) / fan), "he": np.sqrt(2.0 / fan)}[init]
        shape = (n_in, n_out) if transposed else (n_out, n_in)
        params[f"W{l}"] = np.zeros(shape) if init == "zeros" else gain * scale * rng.standard_normal(shape)
        params[f"b{l}"] = 0.01 * rng.standard_normal((n_out, 1)) if random_b else np.zeros((n_out, 1))
    return params


@mistake("he_fan_out", "He scaled with fan_out (n[l]) instead of fan_in (n[l-1])",
         "He uses the number of INPUTS of the layer: np.sqrt(2 / layer_dims[l - 1])")
def _init_fan_out(layer_dims, init="he", *, rng=None, gain=1.0):
    return _init(layer_dims, init, rng, gain, fan_out=True)


@mistake("xavier_two", "Xavier with 2/n (that is He)",
         "Xavier is np.sqrt(1 / n_in); He's factor 2 is for ReLU")
def _init_xavier_two(layer_dims, init="he", *, rng=None, gain=1.0):
    return _init(layer_dims, init, rng, gain, xavier_two=True)


@mistake("biases_random", "biases initialised randomly",
         "biases start at zero: np.zeros((layer_dims[l], 1)) (the random W already breaks symmetry)")
def _init_random_b(layer_dims, init="he", *, rng=None, gain=1.0):
    return _init(layer_dims, init, rng, gain, random_b=True)


@mistake("small_random_unscaled", "small_random without the factor 0.01",
         "small_random is 0.01 * rng.standard_normal(shape)")
def _init_unscaled(layer_dims, init="he", *, rng=None, gain=1.0):
    return _init(layer_dims, init, rng, gain, unscaled=True)


@mistake("W_transposed", "W of shape (n[l-1], n[l])",
         "W[l] maps layer l-1 to layer l: shape (layer_dims[l], layer_dims[l - 1])")
def _init_transposed(layer_dims, init="he", *, rng=None, gain=1.0):
    return _init(layer_dims, init, rng, gain, transposed=True)


@mistake("gain_ignored", "the gain argument is ignored", "multiply every weight matrix by gain")
def _init_no_gain(layer_dims, init="he", *, rng=None, gain=1.0):
    return _init(layer_dims, init, rng, 1.0)


exercise("initialize_parameters", initializers.initialize_parameters, NB, 3, cases=_init_cases,
         forbidden=["dlcore.initializers.initialize_parameters", "dlcore.initializers.small_random",
                    "dlcore.initializers.xavier", "dlcore.initializers.he"],
         mistakes=[_init_fan_out, _init_xavier_two, _init_random_b, _init_unscaled, _init_transposed,
                   _init_no_gain])


# ---------------------------------------------------------------- clip_by_norm
def _clip_cases(rng, hidden):
    specs = [(5.0, 1.0), (0.5, 10.0)] + ([(3.0, 0.2), (1.0, 5.0), (2.0, 2.5)] if hidden else [])
    cases = []
    for scale, max_norm in specs:
        grads = {"dW1": normal(rng, 3, 2, scale=scale), "db1": normal(rng, 3, 1, scale=scale),
                 "dW2": normal(rng, 1, 3, scale=scale), "db2": normal(rng, 1, 1, scale=scale)}
        cases.append(Case({"grads": grads, "max_norm": max_norm}))
    return cases


@mistake("per_array", "each array clipped by its own norm",
         "use ONE global norm over all arrays: np.sqrt(sum of np.sum(g**2) over the dict), then scale all alike")
def _clip_per_array(grads, max_norm):
    out = {}
    for k, g in grads.items():
        n = np.linalg.norm(g)
        out[k] = g * (max_norm / n) if n > max_norm else g.copy()
    return out


@mistake("always_scales", "scaled even when the norm was already below max_norm",
         "only rescale when norm > max_norm; otherwise return the gradients unchanged")
def _clip_always(grads, max_norm):
    norm = np.sqrt(sum(np.sum(g**2) for g in grads.values()))
    return {k: g * (max_norm / norm) for k, g in grads.items()}


@mistake("no_sqrt", "the norm without the square root (sum of squares)",
         "norm = np.sqrt(sum of all squared entries)")
def _clip_no_sqrt(grads, max_norm):
    norm = sum(np.sum(g**2) for g in grads.values())
    return {k: g * (max_norm / norm) if norm > max_norm else g.copy() for k, g in grads.items()}


@mistake("elementwise", "clipped each entry with np.clip (value clipping)",
         "clip by norm keeps the gradient's direction: multiply every array by max_norm / norm")
def _clip_values(grads, max_norm):
    return {k: np.clip(g, -max_norm, max_norm) for k, g in grads.items()}


exercise("clip_by_norm", optim.clip_by_norm, NB, 2, cases=_clip_cases,
         mistakes=[_clip_per_array, _clip_always, _clip_no_sqrt, _clip_values])


# ---------------------------------------------------------------- activation_stats
def _stats_cases(rng, hidden):
    specs = [([3, 6, 5, 1], "tanh", "sigmoid", 3.0, {}), ([4, 8, 6, 3], "relu", "softmax", 1.0, {}),
             ([2, 5, 4, 1], "sigmoid", "sigmoid", 4.0, {"threshold": 0.9})]
    if hidden:
        specs += [([5, 7, 7, 7, 1], "tanh", "sigmoid", 0.5, {}), ([3, 9, 2], "relu", "sigmoid", 1.0, {}),
                  ([4, 6, 6, 4], "sigmoid", "softmax", 6.0, {"threshold": 0.95})]
    cases = []
    for dims, hidden_act, output, gain, kw in specs:
        model = mlp(dims, hidden=hidden_act, output=output, rng=int(rng.integers(1, 10_000)), gain=gain)
        if hidden_act == "relu":  # a few units that never fire
            b1 = model.layers[0].params["b"]
            b1[:2] = -100.0
        cases.append(Case({"model": model, "X": normal(rng, dims[0], 7), **kw}))
    return cases


def _stats(model, X, threshold, *, dead_axis=1, ddof=0, shifted=True, with_output=False):
    if with_output:
        A, outs = X, []
        for layer in model.layers:
            A = layer.forward(A)
            if isinstance(layer, Activation):
                outs.append((layer.name, A))
    else:
        outs = diagnostics.hidden_activations(model, X)
    stats = {"mean": [], "std": [], "saturated": [], "dead": []}
    for name, A in outs:
        stats["mean"].append(A.mean())
        stats["std"].append(A.std(ddof=ddof))
        if name == "tanh" or (name == "sigmoid" and not shifted):
            sat = np.abs(A) > threshold
        elif name == "sigmoid":
            sat = np.abs(2 * A - 1) > threshold
        else:
            sat = np.zeros(A.shape, dtype=bool)
        stats["saturated"].append(sat.mean())
        stats["dead"].append(np.mean(np.all(A == 0, axis=dead_axis)))
    return {k: np.asarray(v, dtype=float) for k, v in stats.items()}


@mistake("dead_over_examples", "dead fraction taken over examples (axis=0) instead of over units",
         "a unit is dead when it is 0 for EVERY example: np.all(A == 0, axis=1), then the mean over units")
def _stats_dead_axis(model, X, *, threshold=0.99):
    return _stats(model, X, threshold, dead_axis=0)


@mistake("std_ddof_one", "std with ddof=1", "use A.std() (ddof=0), the spread of all activations of the layer")
def _stats_ddof(model, X, *, threshold=0.99):
    return _stats(model, X, threshold, ddof=1)


@mistake("sigmoid_unshifted", "sigmoid saturation measured as |A| > threshold",
         "a sigmoid saturates near 0 AND near 1: use |2 * A - 1| > threshold")
def _stats_sigmoid(model, X, *, threshold=0.99):
    return _stats(model, X, threshold, shifted=False)


@mistake("includes_output", "the output layer's sigmoid counted as a hidden layer",
         "report hidden layers only: leave out the final sigmoid of a sigmoid-output model")
def _stats_output(model, X, *, threshold=0.99):
    return _stats(model, X, threshold, with_output=True)


exercise("activation_stats", diagnostics.activation_stats, NB, 3, cases=_stats_cases,
         mistakes=[_stats_dead_axis, _stats_ddof, _stats_sigmoid, _stats_output])
