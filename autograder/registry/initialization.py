"""03_initialization: activation derivatives, weight initialisation, gradient clipping, activation statistics."""

import numpy as np

from dlcore import activations, diagnostics, initializers, optim
from dlcore.layers import Activation
from dlcore.model import mlp

from ._contract import edge, options, shape, waive
from ._core import Case, exercise, explorer, float32_case, mistake, normal, notebook, seeded

NB = notebook(
    "03_initialization", "initialization",
    "activations (sigmoid … maxout, softmax); symmetry; vanishing/exploding with depth; Xavier and He; clipping",
    [explorer("activation_function_explorer", "activation functions and their derivatives", goal_ms=100),
     explorer("init_explorer", "zeros, random and He decision boundaries side by side"),
     explorer("activation_explorer", "per-layer activations of the 10-layer experiment", goal_ms=100)])

ERRORS_NOT_SCORED = "raising ValueError on invalid input is not scored (the notebook headers say so)"


# ---------------------------------------------------------------- activation backward passes
def _backward(rng, shape, extra):
    Z = normal(rng, *shape, scale=2)
    Z.flat[:: max(1, Z.size // 3)] = 0.0  # exact zeros: g'(0) is a convention worth testing
    return Case({"dA": normal(rng, *shape), "Z": Z, **extra})


def _backward_cases(visible_extra=({},), hidden_extra=({},)):
    """(visible, hidden) generators: rectangular, a column (m = 1) and a row (one unit); float32 in hidden."""
    def visible(rng):
        return [_backward(rng, shape, visible_extra[i % len(visible_extra)])
                for i, shape in enumerate([(3, 4), (2, 5)])]

    def hidden(rng):
        cases = [_backward(rng, shape, hidden_extra[i % len(hidden_extra)])
                 for i, shape in enumerate([(4, 1), (1, 6), (5, 3), (2, 2)])]
        large = Case({"dA": normal(rng, 3, 3), "Z": normal(rng, 3, 3, scale=8)})  # saturated units
        return cases + [large, float32_case(_backward(rng, (3, 5), hidden_extra[0]))]
    return visible, hidden


def _backward_contract(at_zero=None, quote=None):
    out = [shape("m = 1", lambda a: a["Z"].shape[1] == 1), shape("one unit", lambda a: a["Z"].shape[0] == 1),
           edge("Z exactly 0", holds=lambda a: bool(np.any(a["Z"] == 0)))]
    if at_zero is not None:
        out.append(edge("g'(0) by the Z > 0 convention", tell=at_zero, quote=quote))
    return out


def _sig(Z):
    return 1 / (1 + np.exp(-Z))


@mistake("no_dA", "forgot to multiply by dA",
         "the chain rule: dZ = dA * g'(Z); g'(Z) alone is only the local derivative")
def _sig_no_dA(dA, Z):
    s = _sig(Z)
    return s * (1 - s)


@mistake("used_Z", "used Z instead of sigma(Z) in s * (1 - s)",
         "compute s = sigmoid(Z) first, then dZ = dA * s * (1 - s)", where=["both factors", "the second factor"])
def _sig_used_Z(dA, Z, *, where):
    return dA * Z * (1 - Z) if where == "both factors" else dA * _sig(Z) * (1 - Z)


@mistake("tanh_form", "used 1 - s**2 (the tanh form)",
         "the sigmoid's derivative is s * (1 - s) with s = sigmoid(Z)")
def _sig_tanh_form(dA, Z):
    return dA * (1 - _sig(Z) ** 2)


exercise("sigmoid_backward", activations.sigmoid_backward, NB, 1, cases=_backward_cases()[0],
         hidden=_backward_cases()[1], mistakes=[_sig_no_dA, _sig_used_Z, _sig_tanh_form],
         contract=_backward_contract())


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


exercise("tanh_backward", activations.tanh_backward, NB, 1, cases=_backward_cases()[0], hidden=_backward_cases()[1],
         mistakes=[_tanh_no_dA, _tanh_used_Z, _tanh_not_squared], contract=_backward_contract())


@mistake("no_dA", "returned the 0/1 mask without multiplying by dA", "dZ = dA * (Z > 0)")
def _relu_no_dA(dA, Z):
    return (Z > 0).astype(float)


@mistake("gradient_at_zero", "g'(0) = 1 (Z >= 0)", "the course takes g'(0) = 0: use Z > 0, not Z >= 0")
def _relu_ge(dA, Z):
    return dA * (Z >= 0)


@mistake("times_Z", "multiplied dA by Z (or by relu(Z))",
         "ReLU's derivative is 1 where Z > 0 and 0 elsewhere: dZ = dA * (Z > 0)", by=["relu(Z)", "Z"])
def _relu_times_Z(dA, Z, *, by):
    return dA * np.maximum(Z, 0) if by == "relu(Z)" else dA * Z


@mistake("mask_from_dA", "masked on dA > 0 instead of Z > 0",
         "the gate is decided by the forward input: dZ = dA * (Z > 0)")
def _relu_mask_dA(dA, Z):
    return dA * (dA > 0)


exercise("relu_backward", activations.relu_backward, NB, 1, cases=_backward_cases()[0], hidden=_backward_cases()[1],
         mistakes=[_relu_no_dA, _relu_ge, _relu_times_Z, _relu_mask_dA],
         contract=_backward_contract(_relu_ge.fn, ("else 0 (g'(0) = 0)", "we take g'(0) = 0")))


@mistake("alpha_ignored", "the negative side gets {what}",
         "leaky ReLU passes alpha * dA where Z <= 0: dA * np.where(Z > 0, 1, alpha)", what=["0 (plain ReLU)", "0.01"])
def _leaky_relu(dA, Z, alpha=0.01, *, what):
    return dA * (Z > 0) if what.startswith("0 ") else dA * np.where(Z > 0, 1.0, 0.01)


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


_LEAKY = _backward_cases(({"alpha": 0.2}, {}), ({"alpha": 0.1}, {"alpha": 0.3}, {}))
exercise("leaky_relu_backward", activations.leaky_relu_backward, NB, 1, cases=_LEAKY[0], hidden=_LEAKY[1],
         mistakes=[_leaky_relu, _leaky_swapped, _leaky_times_Z, _leaky_ge],
         contract=_backward_contract(_leaky_ge.fn, "else alpha * dA"))


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


@mistake("gradient_at_zero", "slope 1 at Z = 0 (Z >= 0)", "use Z > 0: at Z = 0 the slope is alpha * exp(0) = alpha")
def _elu_ge(dA, Z, alpha=1.0):
    return dA * np.where(Z >= 0, 1.0, alpha * np.exp(np.minimum(Z, 0)))


_ELU = _backward_cases(({"alpha": 0.5}, {}), ({"alpha": 2.0}, {"alpha": 0.3}, {}))
exercise("elu_backward", activations.elu_backward, NB, 1, cases=_ELU[0], hidden=_ELU[1],
         mistakes=[_elu_no_alpha, _elu_forward, _elu_no_dA, _elu_ge],
         contract=_backward_contract(_elu_ge.fn, "else dA * alpha * exp(Z)"))


# ---------------------------------------------------------------- initialize_parameters
INITS = ["zeros", "small_random", "xavier", "glorot_uniform", "he"]


def _init_case(rng, dims, init, kw, rng_kind="int"):
    args = {"layer_dims": dims, **({"init": init} if init else {}), **kw}
    args["rng"] = int(rng.integers(1, 10_000)) if rng_kind == "int" else seeded(rng)
    return Case(args)


def _init_cases(rng):
    specs = [([3, 5, 2], "he", {}), ([4, 3, 3, 1], "xavier", {}, "generator"), ([2, 6, 1], "small_random", {}),
             ([3, 2, 2], "zeros", {}), ([5, 4, 3], "glorot_uniform", {})]
    return [_init_case(rng, *spec) for spec in specs]


def _init_hidden(rng):
    specs = [([5, 4, 3, 2, 1], "he", {"gain": 2.0}), ([6, 2], "xavier", {}), ([2, 7, 3], "small_random", {"gain": 3.0}),
             ([4, 8, 1], None, {}, "generator"), ([3, 6, 2], "glorot_uniform", {"gain": 0.5}, "generator"),
             ([7, 3], "glorot_uniform", {}), ([2, 3], "zeros", {"gain": 5.0}), ([1, 4, 1], "xavier", {"gain": 1.5})]
    return [_init_case(rng, *spec) for spec in specs]


def _init(layer_dims, init, rng, gain, *, fan_out=False, xavier_two=False, random_b=False, unscaled=False,
          transposed=False, no_sqrt=(), rng_per_layer=False):
    rng = np.random.default_rng(rng)
    params = {}
    for l in range(1, len(layer_dims)):
        n_out, n_in = layer_dims[l], layer_dims[l - 1]
        fan = n_out if fan_out else n_in
        shape = (n_in, n_out) if transposed else (n_out, n_in)

        def root(x, rule):
            return x if rule in no_sqrt else np.sqrt(x)

        if init == "zeros":
            W = np.zeros(shape)
        elif init == "glorot_uniform":
            limit = root(6.0 / (n_in + n_out), "glorot_uniform")
            W = gain * rng.uniform(-limit, limit, size=shape)
        else:
            scale = {"small_random": 1.0 if unscaled else 0.01,
                     "xavier": root((2.0 if xavier_two else 1.0) / fan, "xavier"),
                     "he": root(2.0 / fan, "he")}[init]
            W = gain * scale * rng.standard_normal(shape)
        params[f"W{l}"] = W
        params[f"b{l}"] = 0.01 * rng.standard_normal((n_out, 1)) if random_b else np.zeros((n_out, 1))
    return params


@mistake("fan_out", "scaled with fan_out (n[l]) instead of fan_in (n[l-1])",
         "Xavier and He use the number of INPUTS of the layer: np.sqrt(2 / layer_dims[l - 1]) for He")
def _init_fan_out(layer_dims, init="he", *, rng=None, gain=1.0):
    return _init(layer_dims, init, rng, gain, fan_out=True)


@mistake("xavier_two", "Xavier with 2/n (that is He)",
         "Xavier is np.sqrt(1 / n_in); He's factor 2 is for ReLU")
def _init_xavier_two(layer_dims, init="he", *, rng=None, gain=1.0):
    return _init(layer_dims, init, rng, gain, xavier_two=True)


def _random_biases(args, expected, got):
    """Every bias came back non-zero, with its right shape (however it was drawn)."""
    biases = [k for k in expected if k.startswith("b")]
    return all(np.shape(got.get(k)) == expected[k].shape and np.all(np.asarray(got[k]) != 0) for k in biases)


@mistake("biases_random", "biases initialised randomly",
         "biases start at zero: np.zeros((layer_dims[l], 1)) (the random W already breaks symmetry)",
         explains=_random_biases)
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


@mistake("missing_sqrt", "the variance used where its square root belongs ({rule})",
         "a scale is a standard deviation: np.sqrt(1 / n_in) for Xavier, np.sqrt(2 / n_in) for He, "
         "np.sqrt(6 / (n_in + n_out)) for Glorot's limit", rule=["xavier", "he", "glorot_uniform", "every rule"])
def _init_no_sqrt(layer_dims, init="he", *, rng=None, gain=1.0, rule):
    rules = ("xavier", "he", "glorot_uniform") if rule == "every rule" else (rule,)
    return _init(layer_dims, init, rng, gain, no_sqrt=rules)


@mistake("generator_per_layer", "a new generator for each layer (every layer repeats the first draws)",
         "make the generator once, rng = np.random.default_rng(rng), and draw every layer from it in order")
def _init_rng_per_layer(layer_dims, init="he", *, rng=None, gain=1.0):
    params = {}
    for l in range(1, len(layer_dims)):
        W = _init([layer_dims[l - 1], layer_dims[l]], init, rng, gain)
        params[f"W{l}"], params[f"b{l}"] = W["W1"], W["b1"]
    return params


exercise("initialize_parameters", initializers.initialize_parameters, NB, 3, cases=_init_cases, hidden=_init_hidden,
         forbidden=["dlcore.initializers.initialize_parameters", "dlcore.initializers.small_random",
                    "dlcore.initializers.xavier", "dlcore.initializers.glorot_uniform", "dlcore.initializers.he"],
         mistakes=[_init_fan_out, _init_xavier_two, _init_random_b, _init_unscaled, _init_transposed,
                   _init_no_gain, _init_no_sqrt, _init_rng_per_layer],
         contract=[options("init", *INITS, quote='"zeros", "small_random", "xavier", "glorot_uniform" or "he"'),
                   shape("a single layer", lambda a: len(a["layer_dims"]) == 2),
                   shape("a deep net (4 layers)", lambda a: len(a["layer_dims"]) >= 5),
                   edge("non-default gain with each random rule", holds=lambda a: a.get("gain", 1.0) != 1.0 and a.get(
                       "init", "he") in ("small_random", "he", "glorot_uniform")),
                   edge("one generator for all layers, drawn in order", tell=_init_rng_per_layer.fn)])


# ---------------------------------------------------------------- clip_by_norm
def _clip(rng, scale, max_norm, keys=("dW1", "db1", "dW2", "db2")):
    shapes = {"dW1": (3, 2), "db1": (3, 1), "dW2": (1, 3), "db2": (1, 1), "W1": (4, 2), "b1": (4, 1)}
    return Case({"grads": {k: normal(rng, *shapes[k], scale=scale) for k in keys}, "max_norm": max_norm})


def _clip_cases(rng):
    return [_clip(rng, 5.0, 1.0), _clip(rng, 0.5, 10.0)]


def _clip_hidden(rng):
    cases = [_clip(rng, *spec) for spec in [(3.0, 0.2), (1.0, 5.0), (2.0, 2.5), (4.0, 1.5, ("W1", "b1")),
                                            (2.0, 0.5, ("dW1",))]]
    exact = {"dW1": np.array([[3.0, 0.0], [0.0, 4.0]])}  # norm exactly 5
    return cases + [Case({"grads": exact, "max_norm": 5.0}), float32_case(_clip(rng, 3.0, 1.0))]


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


@mistake("ratio_inverted", "multiplied by norm / max_norm instead of max_norm / norm",
         "shrink the gradients: multiply every array by max_norm / norm (a factor below 1)")
def _clip_inverted(grads, max_norm):
    norm = np.sqrt(sum(np.sum(g**2) for g in grads.values()))
    return {k: g * (norm / max_norm) if norm > max_norm else g.copy() for k, g in grads.items()}


exercise("clip_by_norm", optim.clip_by_norm, NB, 2, cases=_clip_cases, hidden=_clip_hidden,
         mistakes=[_clip_per_array, _clip_always, _clip_no_sqrt, _clip_values, _clip_inverted],
         contract=[shape("a single array", lambda a: len(a["grads"]) == 1),
                   edge('keys named like parameters ("W1")', holds=lambda a: "W1" in a["grads"], quote='"dW1"/"W1"'),
                   edge("norm below max_norm (unchanged)", tell=_clip_always.fn),
                   edge("the result's global norm is at most max_norm", tell=_clip_no_sqrt.fn,
                        quote="norm is at most max_norm"),
                   edge("norm exactly max_norm", holds=lambda a: np.isclose(np.sqrt(sum(
                       np.sum(g**2) for g in a["grads"].values())), a["max_norm"])),
                   waive("Returns a new dict", "the mutation stage checks the inputs are unchanged; which object "
                                               "comes back cannot be seen across the sandbox")])


# ---------------------------------------------------------------- activation_stats
def _stats_case(rng, dims, hidden_act, output, gain, kw, m=7):
    model = mlp(dims, hidden=hidden_act, output=output, rng=int(rng.integers(1, 10_000)), gain=gain)
    if hidden_act == "relu":  # a few units that never fire
        b1 = model.layers[0].params["b"]
        b1[:2] = -100.0
    return Case({"model": model, "X": normal(rng, dims[0], m), **kw})


def _stats_cases(rng):
    specs = [([3, 6, 5, 1], "tanh", "sigmoid", 3.0, {}), ([4, 8, 6, 3], "relu", "softmax", 1.0, {}),
             ([2, 5, 4, 1], "sigmoid", "sigmoid", 4.0, {"threshold": 0.9})]
    return [_stats_case(rng, *spec) for spec in specs]


def _stats_hidden(rng):
    specs = [([5, 7, 7, 7, 1], "tanh", "sigmoid", 0.5, {}), ([3, 9, 2], "relu", "sigmoid", 1.0, {}),
             ([4, 6, 6, 4], "sigmoid", "softmax", 6.0, {"threshold": 0.95}),
             ([3, 5, 1], "tanh", "sigmoid", 8.0, {"threshold": 0.5}),
             ([3, 6, 4, 1], "tanh", "sigmoid", 30.0, {"threshold": 1.0}),  # units at exactly 1.0: not above it
             ([3, 6, 4, 2], "sigmoid", "softmax", 30.0, {"threshold": 1.0})]
    return [_stats_case(rng, *spec) for spec in specs] + [_stats_case(rng, [2, 4, 3], "tanh", "softmax", 2.0, {}, m=1)]


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
         "a unit is dead when it is 0 for EVERY example: np.all(A == 0, axis=1), then the mean over units",
         focus=lambda r: r["dead"])
def _stats_dead_axis(model, X, *, threshold=0.99):
    return _stats(model, X, threshold, dead_axis=0)


@mistake("std_ddof_one", "std with ddof=1", "use A.std() (ddof=0), the spread of all activations of the layer",
         focus=lambda r: r["std"])
def _stats_ddof(model, X, *, threshold=0.99):
    return _stats(model, X, threshold, ddof=1)


@mistake("sigmoid_unshifted", "sigmoid saturation measured as |A| > threshold",
         "a sigmoid saturates near 0 AND near 1: use |2 * A - 1| > threshold", focus=lambda r: r["saturated"])
def _stats_sigmoid(model, X, *, threshold=0.99):
    return _stats(model, X, threshold, shifted=False)


@mistake("includes_output", "the output layer's sigmoid counted as a hidden layer",
         "report hidden layers only: leave out the final sigmoid of a sigmoid-output model")
def _stats_output(model, X, *, threshold=0.99):
    return _stats(model, X, threshold, with_output=True)


exercise("activation_stats", diagnostics.activation_stats, NB, 3, cases=_stats_cases, hidden=_stats_hidden,
         mistakes=[_stats_dead_axis, _stats_ddof, _stats_sigmoid, _stats_output],
         contract=[options("model", "sigmoid", "softmax", get=lambda a: {a["model"].output}),
                   options("model", "tanh", "sigmoid", "relu",
                           get=lambda a: {la.name for la in a["model"].layers if isinstance(la, Activation)}),
                   shape("a single hidden layer", lambda a: sum(
                       isinstance(la, Activation) for la in a["model"].layers) == 2),
                   shape("m = 1", lambda a: a["X"].shape[1] == 1),
                   edge("dead units (zero for every example)", holds=lambda a: any(
                       la.name == "relu" for la in a["model"].layers if isinstance(la, Activation)))])
