"""activation_function_explorer (g and g' of each activation) and activation_explorer (the deep-net
experiment of the notes: per-layer activation histograms, mean/std and gradient norms for an init scheme)."""

import textwrap
from functools import lru_cache

import numpy as np

from .. import mlp
from ..model import cost_and_gradients
from ..viz import activations as V
from .explorer import Background, Explorer, dropdown, log_slider, new_figure, nice_ceil, slider

NOTES = {
    "sigmoid": "range (0, 1), NOT zero-centred; saturates on both sides: g'(z) <= 0.25 and ~0 for |z| > 5, "
               "so saturated units kill the gradient. Use it for a binary output, not in hidden layers.",
    "tanh": "range (-1, 1), zero-centred (better than sigmoid for hidden layers), but still saturates: "
            "g'(z) -> 0 for |z| > 3.",
    "relu": "max(0, z): no saturation for z > 0 (g' = 1), cheap, trains fast. Not zero-centred. Dying ReLU: "
            "a unit whose z stays negative has g' = 0 and may never recover.",
    "leaky_relu": "max(alpha z, z): like ReLU, but the small slope alpha for z < 0 keeps a gradient, so units "
                  "do not die. PReLU learns alpha.",
    "elu": "z for z > 0, alpha (e^z - 1) below: outputs closer to zero mean, smooth, saturates gently at "
           "-alpha for very negative z (robust to noise); needs exp().",
    "softmax": "softmax over (z, 0), first output = e^z / (e^z + 1) = sigmoid(z): a two-class softmax is a "
               "sigmoid, with the same saturation.",
}


class ActivationFunctionExplorer(Explorer):
    """Pick an activation (and alpha for leaky ReLU / ELU): g(z) left, g'(z) right, and what to notice."""

    def __init__(self, activation="tanh", alpha=0.1, z_max=6.0, n_points=401):
        if activation not in V.ACTIVATION_NAMES:
            raise ValueError(f"activation: expected one of {V.ACTIVATION_NAMES}; got {activation!r}")
        self.z = np.linspace(-z_max, z_max, n_points)
        self.fig = new_figure(figsize=(11.5, 4.8))
        ax_g, ax_dg = self.fig.subplots(1, 2)
        self.fig.subplots_adjust(left=0.07, right=0.98, top=0.88, bottom=0.3, wspace=0.25)
        g, dg = V.activation_and_derivative(activation, self.z, alpha)
        self.lines = V.activation_plot(ax_g, ax_dg, self.z, g, dg)
        self.axes = (ax_g, ax_dg)
        self.note = self.fig.text(0.07, 0.04, "", fontsize=9.5, va="bottom")  # wrapped by textwrap (wrap=True
        # would measure every word on every draw)
        # axes, ticks and grids are drawn once; a change redraws the curves, the two titles and the note
        self.background = Background(self.fig, [*self.lines.values(), ax_g.title, ax_dg.title, self.note])
        self.controls = {
            "activation": dropdown("activation", list(V.ACTIVATION_NAMES), activation),
            "alpha": slider("alpha (leaky ReLU, ELU)", float(alpha), 0.0, 1.0, 0.01),
        }
        self._finish()

    def update(self, *, activation, alpha):
        g, dg = V.activation_and_derivative(activation, self.z, alpha)
        V.update_activation_plot(self.lines, g, dg)
        uses_alpha = activation in ("leaky_relu", "elu")
        self.controls["alpha"].disabled = not uses_alpha
        label = f"{activation}(z, alpha={alpha:g})" if uses_alpha else (
            "softmax([z, 0])[0]" if activation == "softmax" else f"{activation}(z)")
        self.axes[0].set_title(label)
        self.axes[1].set_title(f"derivative  (max {np.max(dg):.3g})")
        self.note.set_text(textwrap.fill("Notice: " + NOTES[activation], width=105))

    def code(self, *, activation, alpha):
        if activation == "softmax":
            return ("import numpy as np\nfrom dlcore.activations import softmax, softmax_backward\n\n"
                    "z = np.linspace(-6, 6, 401)\nZ = np.vstack([z, np.zeros_like(z)])\n"
                    "g = softmax(Z)[0]\n"
                    "dg = softmax_backward(np.vstack([np.ones_like(z), np.zeros_like(z)]), Z)[0]\n")
        kw = f", alpha={alpha!r}" if activation in ("leaky_relu", "elu") else ""
        return ("import numpy as np\n"
                f"from dlcore.activations import {activation}, {activation}_backward\n\n"
                "z = np.linspace(-6, 6, 401)\n"
                f"g = {activation}(z{kw})\n"
                f"dg = {activation}_backward(np.ones_like(z), z{kw})  # g'(z): the backward pass with dA = 1\n")


def activation_function_explorer(**kwargs):
    """Each activation and its derivative; alpha for leaky ReLU / ELU; notes on saturation and dying units."""
    return ActivationFunctionExplorer(**kwargs).widget


# ---------------------------------------------------------------- the deep-net experiment
INIT_SCALE = {"zeros": lambda n_in: 0.0, "small_random": lambda n_in: 0.01,
              "xavier": lambda n_in: np.sqrt(1.0 / n_in), "he": lambda n_in: np.sqrt(2.0 / n_in)}


def experiment_model(depth, width, hidden, init, gain, *, rng=1, max_depth=10, dtype=np.float32):
    """The same net as mlp([width] * (depth + 1) + [1], hidden=hidden, init=init, gain=gain, rng=rng,
    dtype=dtype), built from cached random draws (drawing 2.5 M normals each time would dominate the latency)."""
    model = mlp([width] * (depth + 1) + [1], hidden=hidden, init="zeros", dtype=dtype)
    if init == "zeros":
        return model
    N = np.random.default_rng(rng).standard_normal(depth * width * width + width)
    factor = gain * INIT_SCALE[init](width) if init == "small_random" else None
    params = {}
    for l in range(1, depth + 2):
        rows = width if l <= depth else 1
        block = N[(l - 1) * width * width:(l - 1) * width * width + rows * width].reshape(rows, width)
        # same order of operations as dlcore.initializers (gain * 0.01 * N; gain * N * sqrt(k / n_in))
        W_l = factor * block if factor is not None else gain * block * INIT_SCALE[init](width)
        params[f"W{l}"] = W_l.astype(dtype)
    model.set_parameters(params)
    return model


@lru_cache(maxsize=4)
def experiment_data(width, m, rng=0, dtype=np.float32):
    """Unit-Gaussian inputs X (width, m) and random binary labels Y (1, m), as in the notes' experiment."""
    gen = np.random.default_rng(rng)
    X = gen.standard_normal((width, m))
    Y = (gen.random((1, m)) < 0.5).astype(float)
    return X.astype(dtype), Y.astype(dtype)


def run_experiment(model, X, Y):
    """One forward and backward pass. Returns (hidden activations [A1..AL], {"W1": ||dW1||, ...}).
    The hidden activations are read from the Dense caches (each Dense keeps its input A_prev), which equals
    dlcore.diagnostics.hidden_activations(model, X) without a second forward pass."""
    from ..diagnostics import gradient_norms
    from ..layers import Dense

    with np.errstate(all="ignore"):  # an exploding net overflows: show it, do not warn
        cost_and_gradients(model, X, Y)
    dense = [la for la in model.layers if isinstance(la, Dense)]
    return [la.cache for la in dense[1:]], gradient_norms(model)


MEAN_LIMITS, STD_LIMITS, GRAD_LIMITS = (-1.0, 1.5), (1e-8, 1e3), (1e-10, 1e4)  # the smallest ranges shown


def log_limits(values, smallest):
    """Whole decades holding `smallest` and every positive finite value (an exploding or vanishing net shows)."""
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v) & (v > 0)]
    low, high = smallest
    if v.size:
        low = min(low, 10.0 ** np.floor(np.log10(v.min()) - 0.5))
        high = max(high, 10.0 ** np.ceil(np.log10(v.max()) + 0.5))
    return low, high


def linear_limits(values, smallest):
    """`smallest`, widened to a nice bound when a finite value lies outside it."""
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    low, high = smallest
    if v.size and v.max() > high:
        high = nice_ceil(1.1 * v.max())
    if v.size and v.min() < low:
        low = -nice_ceil(-1.1 * v.min())
    return low, high


class ActivationExplorer(Explorer):
    """Depth, width, activation, init scheme and scale -> per-layer histograms, mean/std and gradient norms."""

    def __init__(self, depth=10, width=500, activation="tanh", init="small_random", gain=1.0, *, m=100,
                 max_depth=10, widths=(50, 100, 250, 500), bins=40):
        if width not in widths:
            widths = tuple(sorted(set(widths) | {width}))
        self.m, self.max_depth, self.bins = m, max_depth, bins
        self.fig = new_figure(figsize=(11.5, 7))
        grid = self.fig.add_gridspec(3, 2, width_ratios=(1.25, 1), hspace=0.55, wspace=0.22, left=0.08,
                                     right=0.98, top=0.88, bottom=0.09)
        self.ax_hist = self.fig.add_subplot(grid[:, 0])
        self.patches = V.layer_ridge(self.ax_hist, max_depth, V.histogram_edges(activation, bins))
        self.ax_hist.set_title("histogram of each hidden layer's activations", fontsize=10)
        ax_mean, ax_std, ax_grad = (self.fig.add_subplot(grid[i, 1]) for i in range(3))
        self.mean_lines = V.layer_lines(ax_mean, max_depth, labels=["mean"], ylabel="mean of $A^{[l]}$",
                                        ylim=MEAN_LIMITS, title="mean per layer")
        self.std_lines = V.layer_lines(ax_std, max_depth, labels=["std"], ylabel="std of $A^{[l]}$", log=True,
                                       ylim=STD_LIMITS, title="std per layer (log; limits follow the data)")
        self.grad_lines = V.layer_lines(ax_grad, max_depth + 1, labels=["grad"], ylabel=r"$\|dW^{[l]}\|_F$",
                                        log=True, ylim=GRAD_LIMITS,
                                        title="gradient norm per layer (log; limits follow the data)")
        self.mean_ax, self.std_ax, self.grad_ax = ax_mean, ax_std, ax_grad
        for lines in (self.std_lines, self.grad_lines):
            next(iter(lines.values())).set_color("C1" if lines is self.std_lines else "C2")
        self.suptitle = self.fig.suptitle("", fontsize=11)
        self._stats = {}
        dynamic = [*self.patches, *self.mean_lines.values(), *self.std_lines.values(), *self.grad_lines.values()]
        self.background = Background(self.fig, [*dynamic, self.suptitle])
        self.controls = {
            "depth": slider("depth (hidden layers)", depth, 1, max_depth, 1),
            "width": dropdown("width", list(widths), width),
            "activation": dropdown("activation", ["tanh", "sigmoid", "relu", "leaky_relu", "elu"], activation),
            "init": dropdown("init", list(INIT_SCALE), init),
            "gain": log_slider("init scale (gain)", gain, -2, 2, step=0.1, readout_format=".3g"),
        }
        self._finish()

    def compute(self, *, depth, width, activation, init, gain):
        model = experiment_model(depth, width, activation, init, gain, max_depth=self.max_depth)
        X, Y = experiment_data(width, self.m)
        acts, norms = run_experiment(model, X, Y)
        return model, acts, norms

    def statistics(self, *, depth, width, activation, init, gain):
        """What the panels show for a setting (memoised: sliders revisit settings): {"heights", "mean", "std",
        "grad_norms", "verdict"}."""
        key = (depth, width, activation, init, float(gain))
        if key not in self._stats:
            if len(self._stats) > 500:
                self._stats.clear()
            _, acts, norms = self.compute(depth=depth, width=width, activation=activation, init=init, gain=gain)
            edges = V.histogram_edges(activation, self.bins)
            std = np.array([A.std(dtype=np.float64) for A in acts])
            self._stats[key] = {
                "heights": [V.layer_histogram(A, edges) for A in acts],
                "mean": np.array([A.mean(dtype=np.float64) for A in acts]), "std": std,
                "grad_norms": np.array([norms[f"W{l}"] for l in range(1, depth + 2)]),
                "verdict": self.verdict(activation, init, acts, std)}
        return self._stats[key]

    def update(self, *, depth, width, activation, init, gain):
        stats = self.statistics(depth=depth, width=width, activation=activation, init=init, gain=gain)
        self.heights, self.mean, self.std = stats["heights"], stats["mean"], stats["std"]
        self.grad_norms = stats["grad_norms"]
        V.update_layer_ridge(self.ax_hist, self.patches, self.heights, V.histogram_edges(activation, self.bins))
        V.update_layer_lines(self.mean_lines, {"mean": self.mean})
        V.update_layer_lines(self.std_lines, {"std": self.std})
        V.update_layer_lines(self.grad_lines, {"grad": self.grad_norms})
        self.mean_ax.set_ylim(*linear_limits(self.mean, MEAN_LIMITS))
        self.std_ax.set_ylim(*log_limits(self.std, STD_LIMITS))
        self.grad_ax.set_ylim(*log_limits(self.grad_norms, GRAD_LIMITS))
        self.suptitle.set_text(f"{activation}, init={init}, gain={gain:.3g}, {depth} x {width} units:  "
                               + stats["verdict"])

    def verdict(self, activation, init, acts, std):
        first, last = std[0], std[-1]
        if init == "zeros" or last == 0:
            return "every unit is identical (all zero): symmetry is never broken, nothing learns"
        if activation in ("tanh", "sigmoid"):
            centre = 0.0 if activation == "tanh" else 0.5
            sat = np.mean(np.abs(acts[-1] - centre) > 0.49 if activation == "sigmoid" else np.abs(acts[-1]) > 0.99)
            if sat > 0.3:
                return f"{sat:.0%} of last-layer units saturated: gradients vanish through g'(z) ~ 0"
        if last < 1e-3 * max(first, 1e-30) or last < 1e-4:
            return f"std shrinks {first:.2g} -> {last:.2g}: activations and gradients vanish"
        if last > 1e2:
            return f"std grows to {last:.2g}: activations explode"
        return f"std {first:.2g} -> {last:.2g}: the signal keeps its spread through the layers"

    def code(self, *, depth, width, activation, init, gain):
        return (
            "import numpy as np\nfrom dlcore import mlp\n"
            "from dlcore.diagnostics import activation_stats, hidden_activations, gradient_norms\n"
            "from dlcore.model import cost_and_gradients\n\n"
            f"rng = np.random.default_rng(0)\nX = rng.standard_normal(({width}, {self.m}))\n"
            f"Y = (rng.random((1, {self.m})) < 0.5).astype(float)\n"
            f"X, Y = X.astype(np.float32), Y.astype(np.float32)\n"
            f"model = mlp([{width}] * {depth + 1} + [1], hidden={activation!r}, init={init!r}, gain={gain!r}, "
            "rng=1, dtype=np.float32)\n"
            "stats = activation_stats(model, X)        # per hidden layer: mean, std, saturated, dead\n"
            f"edges = np.linspace({V.histogram_edges(activation, self.bins)[0]:g}, "
            f"{V.histogram_edges(activation, self.bins)[-1]:g}, {self.bins + 1})\n"
            "heights = [np.histogram(np.clip(A, edges[0], edges[-1]), edges)[0] / A.size\n"
            "           for _, A in hidden_activations(model, X)]\n"
            "cost_and_gradients(model, X, Y)          # one backward pass fills the gradients\n"
            "print(stats['std'])\nprint(gradient_norms(model))\n")


def activation_explorer(**kwargs):
    """The notes' deep-net experiment: histograms of each layer's activations for an init scheme and scale."""
    return ActivationExplorer(**kwargs).widget
