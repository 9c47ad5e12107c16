"""normalization_explorer: elongated cost contours with raw features vs round ones after standardising, and
gradient descent at the SAME learning rate on each."""

import numpy as np

from .. import data, mlp
from ..model import compute_cost, cost_and_gradients
from ..viz import normalization as Nv
from .explorer import Background, Explorer, log_slider, new_figure, slider

W_TRUE = np.array([[2.0, 0.3]])


def features(m, rng):
    """Two features on very different scales (std 1 and 8, means 1 and 5) and y = W_TRUE @ x + noise, centred
    (the linear unit's bias stays 0, so each panel shows a cost over (w1, w2) only)."""
    rng = np.random.default_rng(rng)
    X = np.vstack([1 + rng.standard_normal(m), 5 + 8 * rng.standard_normal(m)])
    Y = W_TRUE @ X + 0.5 * rng.standard_normal((1, m))
    return X, Y - Y.mean()


def gd_path(X, Y, w0, learning_rate, steps):
    """Batch gradient descent on the weights of a linear unit (the bias stays 0) with dlcore's cost and
    gradients. Returns the (k + 1, 2) weights visited; stops early if the cost becomes non-finite or huge."""
    model = mlp([2, 1], output="linear", init="zeros")
    W = np.array(w0, dtype=float).reshape(1, 2)
    path = [W.ravel().copy()]
    with np.errstate(all="ignore"):
        for _ in range(steps):
            model.set_parameters({"W1": W})
            J, grads = cost_and_gradients(model, X, Y)
            W = W - learning_rate * grads["W1"]
            path.append(W.ravel().copy())
            if not np.isfinite(J) or np.abs(W).max() > 1e6:
                break
    return np.array(path)


def cost_grid(X, Y, w1, w2):
    """J(w1, w2) = mean(0.5 (w @ x - y)^2) on the grid, from dlcore.model.compute_cost's definition (vectorised)."""
    G = np.stack(np.meshgrid(w1, w2), axis=-1)          # (n2, n1, 2)
    residual = G @ X - Y.ravel()                         # (n2, n1, m)
    return 0.5 * np.mean(residual ** 2, axis=-1)


class NormalizationExplorer(Explorer):
    """Raw vs standardised features: the cost surface over (w1, w2) and the same gradient descent on each."""

    def __init__(self, learning_rate=0.1, steps=30, *, m=200, rng=0, max_steps=100, resolution=120):
        self.m, self.seed, self.max_steps = m, rng, max_steps
        self.X, self.Y = features(m, rng)
        self.mu, self.sigma = data.standardize_fit(self.X)
        self.X_norm = data.standardize_apply(self.X, self.mu, self.sigma)
        self.fig = new_figure(figsize=(11.5, 5.6))
        axes = self.fig.subplots(1, 2)
        self.fig.subplots_adjust(left=0.06, right=0.98, top=0.8, bottom=0.095, wspace=0.2)
        self.axes, self.paths, self.starts = axes, [], []
        self.artists, self._cache = [], {}
        for ax, X, name in ((axes[0], self.X, "raw features"), (axes[1], self.X_norm, "standardised features")):
            w_opt = np.linalg.lstsq(X.T, self.Y.ravel(), rcond=None)[0]
            half = max(abs(w_opt).max() * 1.8, 1.0)
            w1 = np.linspace(w_opt[0] - half, w_opt[0] + half, resolution)
            w2 = np.linspace(w_opt[1] - half, w_opt[1] + half, resolution)
            J = cost_grid(X, self.Y, w1, w2)
            j_min = J.min()
            levels = np.concatenate([[j_min], j_min + (J.max() - j_min) * np.logspace(-3, 0, 14)])
            self.artists.append(Nv.cost_contours(ax, w1, w2, J, levels=levels, optimum=w_opt, title=name))
            self.starts.append((float(w_opt[0] - 0.9 * half), float(w_opt[1] + 0.9 * half)))
        self.suptitle = self.fig.suptitle("", fontsize=11, y=0.985)  # short: it is redrawn on every change
        self.fig.text(0.5, 0.94, "Raw: the steep direction caps the rate, so the path crawls along the flat valley "
                      "(or diverges).\nStandardised: a round bowl - rates up to ~1 head straight for the minimum.",
                      ha="center", va="top", fontsize=10)
        # the contours, frames and ticks are drawn once; a change redraws the paths, the titles, and the minimum
        # marker and legend that sit above the paths
        dynamic = [self.suptitle]
        for ax, a in zip(axes, self.artists):
            dynamic += [a["path"], a["start"], ax.title]
        self.background = Background(self.fig, dynamic)
        self.controls = {"learning_rate": log_slider("learning rate", learning_rate, -3, 0, step=0.05),
                         "steps": slider("steps", steps, 1, max_steps, 1)}
        self._finish()

    def path(self, which, learning_rate):
        key = (which, float(learning_rate))
        if key not in self._cache:
            X = self.X if which == 0 else self.X_norm
            self._cache[key] = gd_path(X, self.Y, self.starts[which], learning_rate, self.max_steps)
        return self._cache[key]

    def update(self, *, learning_rate, steps):
        for which, (ax, artists) in enumerate(zip(self.axes, self.artists)):
            full = self.path(which, learning_rate)
            shown = full[:steps + 1]
            Nv.update_path(artists, shown)
            X = self.X if which == 0 else self.X_norm
            model = mlp([2, 1], output="linear", init="zeros")
            diverged = len(full) < self.max_steps + 1 or not np.isfinite(shown[-1]).all()
            if np.isfinite(shown[-1]).all() and np.abs(shown[-1]).max() < 1e6:
                model.set_parameters({"W1": shown[-1].reshape(1, 2)})
                J = compute_cost(model, X, self.Y)
            else:
                J = np.inf
            status = "DIVERGES" if diverged else f"cost {J:.3g}"
            ax.set_title(("raw features" if which == 0 else "standardised features")
                         + f": after {len(shown) - 1} steps, {status}")
        self.suptitle.set_text(f"The same learning rate ({learning_rate:.3g}) on both")

    def code(self, *, learning_rate, steps):
        return (
            "import numpy as np\nfrom dlcore import data, mlp\nfrom dlcore.model import cost_and_gradients\n\n"
            f"rng = np.random.default_rng({self.seed})\n"
            f"X = np.vstack([1 + rng.standard_normal({self.m}), 5 + 8 * rng.standard_normal({self.m})])\n"
            f"Y = np.array([[2.0, 0.3]]) @ X + 0.5 * rng.standard_normal((1, {self.m}))\nY = Y - Y.mean()\n"
            "mu, sigma = data.standardize_fit(X)\nX_norm = data.standardize_apply(X, mu, sigma)\n\n"
            "def gradient_descent(X, Y, W, learning_rate, steps):\n"
            "    model = mlp([2, 1], output='linear', init='zeros')   # bias stays 0\n"
            "    for _ in range(steps):\n"
            "        model.set_parameters({'W1': W})\n"
            "        J, grads = cost_and_gradients(model, X, Y)\n"
            "        W = W - learning_rate * grads['W1']\n"
            "    return W, J\n\n"
            f"print('raw', gradient_descent(X, Y, np.array([[{self.starts[0][0]!r}, {self.starts[0][1]!r}]]), "
            f"{learning_rate!r}, {steps}))\n"
            f"print('standardised', gradient_descent(X_norm, Y, np.array([[{self.starts[1][0]!r}, "
            f"{self.starts[1][1]!r}]]), {learning_rate!r}, {steps}))\n")


def normalization_explorer(**kwargs):
    """Elongated vs normalised cost contours and a gradient-descent path on each at the same learning rate."""
    return NormalizationExplorer(**kwargs).widget
