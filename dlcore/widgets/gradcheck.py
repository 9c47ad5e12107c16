"""gradcheck_explorer: the relative difference between backprop and finite differences as epsilon varies."""

import numpy as np

from ..gradcheck import numerical_gradient, params_to_vector, relative_difference, vector_to_params
from ..model import compute_cost, cost_and_gradients, mlp
from ..viz import gradcheck as vg
from .explorer import Background, Explorer, log_slider, new_figure, toggle

EPS_MIN, EPS_MAX, EPS_STEP = -13, -1, 0.25
_CURVES = {}  # rng -> the precomputed curves (the same for every explorer built with that problem)


def tiny_problem(rng=0):
    """A 3-4-1 sigmoid net on 5 examples: returns (J, theta, grad) where J(theta) is the cost as a function of
    the parameter vector and grad is backprop's gradient at theta (what gradient_check compares)."""
    gen = np.random.default_rng(rng)
    X = gen.standard_normal((3, 5))
    Y = (gen.random((1, 5)) < 0.5).astype(float)
    model = mlp([3, 4, 1], hidden="tanh", output="sigmoid", init="xavier", rng=gen)
    _, grads = cost_and_gradients(model, X, Y)
    template = {k: model.parameters()[k].copy() for k in grads}

    def J(theta):
        model.set_parameters(vector_to_params(theta, template))
        return compute_cost(model, X, Y, training=True)

    return J, params_to_vector(template), params_to_vector(grads)


def one_sided_gradient(f, theta, epsilon):
    """g_i = (f(theta + eps e_i) - f(theta)) / eps: error O(eps), for comparison with the two-sided O(eps^2)."""
    f0 = f(theta)
    grad = np.zeros_like(theta)
    for i in range(theta.size):
        plus = theta.copy()
        plus[i] += epsilon
        grad[i] = (f(plus) - f0) / epsilon
    return grad


class GradcheckExplorer(Explorer):
    def __init__(self, *, epsilon=1e-7, method="both", rng=0):
        self.rng_seed = rng
        self.J, self.theta, self.grad = tiny_problem(rng)
        self.epsilons = np.logspace(EPS_MIN, EPS_MAX, int(round((EPS_MAX - EPS_MIN) / 0.5)) + 1)
        self._at = {}  # epsilon -> (two-sided, one-sided) at the slider's exact value
        if rng not in _CURVES:
            _CURVES[rng] = {
                "two-sided (J(θ+ε) − J(θ−ε)) / 2ε": [self.difference(e, True) for e in self.epsilons],
                "one-sided (J(θ+ε) − J(θ)) / ε": [self.difference(e, False) for e in self.epsilons],
            }
        self.curves = _CURVES[rng]
        self.controls = {
            "epsilon": log_slider("ε", epsilon, EPS_MIN, EPS_MAX, step=EPS_STEP),
            "method": toggle("difference", ["both", "two-sided", "one-sided"], method),
        }
        self.fig = new_figure(figsize=(11, 5.4))
        self.ax = self.fig.subplots()
        self.fig.subplots_adjust(left=0.12, right=0.9, bottom=0.12, top=0.9)
        self.artists = vg.relative_difference_plot(self.ax, self.epsilons, self.curves)
        self._guides()
        self.ax.legend(loc="lower left", fontsize=8, bbox_to_anchor=(0.0, 0.1))
        self.readout = self.ax.text(0.98, 0.04, "", transform=self.ax.transAxes, ha="right", va="bottom",
                                    fontsize=9, family="monospace", bbox=dict(fc="white", ec="0.8", alpha=0.9))
        a = self.artists
        self.background = Background(
            self.fig, [*a["lines"].values(), *a["markers"].values(), a["cursor"], self.readout])
        self._finish()

    def _guides(self):
        """Dotted slopes: truncation error ~ eps^2 (two-sided) and ~ eps (one-sided); round-off ~ 1/eps."""
        e = self.epsilons
        two, one = (np.asarray(v) for v in self.curves.values())
        big = e > 1e-3
        for values, power, text in ((two, 2, "∝ ε²"), (one, 1, "∝ ε")):
            c = np.median(values[big] / e[big] ** power)
            sel = e > 1e-6
            self.ax.loglog(e[sel], c * e[sel] ** power, ":", color="0.45", lw=1)
            self.ax.text(e[-8], c * e[-8] ** power * 2.5, f"truncation {text}", fontsize=8, color="0.3", ha="right")
        small = e < 1e-11
        c = np.median(two[small] * e[small])
        sel = e < 1e-6
        self.ax.loglog(e[sel], c / e[sel], ":", color="0.45", lw=1)
        self.ax.text(e[2], c / e[2] * 0.02, "round-off ∝ 1/ε", fontsize=8, color="0.3")
        self.ax.set_title("Gradient check on a tiny network: too large ε → truncation error, "
                          "too small ε → round-off", fontsize=10)

    def difference(self, epsilon, two_sided=True):
        approx = (numerical_gradient(self.J, self.theta, epsilon) if two_sided
                  else one_sided_gradient(self.J, self.theta, epsilon))
        return relative_difference(self.grad, approx)

    def update(self, *, epsilon, method):
        (two_label, one_label) = self.curves
        if epsilon not in self._at:
            self._at[epsilon] = (self.difference(epsilon, True), self.difference(epsilon, False))
        values = dict(zip((two_label, one_label), self._at[epsilon]))
        visible = {two_label: method != "one-sided", one_label: method != "two-sided"}
        vg.update_relative_difference(self.artists, epsilon, values, visible=visible)
        self.values_at_epsilon = values
        lines = [f"ε = {epsilon:.1e}"]
        if visible[two_label]:
            lines.append(f"two-sided: {values[two_label]:.1e}")
        if visible[one_label]:
            lines.append(f"one-sided: {values[one_label]:.1e}")
        self.readout.set_text("\n".join(lines))

    def code(self, *, epsilon, method):
        return (
            "import numpy as np\nfrom dlcore import mlp\nfrom dlcore.model import compute_cost, cost_and_gradients\n"
            "from dlcore.gradcheck import numerical_gradient, params_to_vector, relative_difference, "
            "vector_to_params\n\n"
            f"rng = np.random.default_rng({self.rng_seed!r})\n"
            "X = rng.standard_normal((3, 5))\nY = (rng.random((1, 5)) < 0.5).astype(float)\n"
            "model = mlp([3, 4, 1], hidden='tanh', output='sigmoid', init='xavier', rng=rng)\n"
            "_, grads = cost_and_gradients(model, X, Y)\n"
            "template = {k: model.parameters()[k].copy() for k in grads}\n"
            "theta, grad = params_to_vector(template), params_to_vector(grads)\n\n"
            "def J(theta):\n"
            "    model.set_parameters(vector_to_params(theta, template))\n"
            "    return compute_cost(model, X, Y, training=True)\n\n"
            f"epsilon = {epsilon!r}\n"
            "two_sided = relative_difference(grad, numerical_gradient(J, theta, epsilon))\n"
            "J0 = J(theta)\n"
            "one_sided_grad = np.array([(J(theta + epsilon * e) - J0) / epsilon for e in np.eye(theta.size)])\n"
            "one_sided = relative_difference(grad, one_sided_grad)\n"
            "print(f'epsilon={epsilon:.1e}: two-sided {two_sided:.2e}, one-sided {one_sided:.2e}')\n"
        )


def gradcheck_explorer(**kwargs):
    """Relative difference between backprop's gradient and finite differences against epsilon (log-log):
    truncation error (~eps^2 two-sided, ~eps one-sided) vs round-off (~1/eps). Returns one widget."""
    return GradcheckExplorer(**kwargs).widget
