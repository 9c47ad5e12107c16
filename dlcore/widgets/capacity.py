"""capacity_explorer: polynomial degree vs train/dev error on noisy 1-D data (bias vs variance)."""

import numpy as np
from numpy.polynomial import Polynomial

from ..diagnostics import diagnose
from ..viz import capacity as C
from .explorer import Background, Explorer, choice_slider, new_figure, slider


def truth(x):
    """The function behind the data."""
    return np.sin(2.5 * x) + 0.3 * x


def noisy_data(m, noise, rng):
    """m points x ~ U(-1.5, 1.5), y = truth(x) + noise * N(0, 1)."""
    rng = np.random.default_rng(rng)
    x = rng.uniform(-1.5, 1.5, m)
    return x, truth(x) + noise * rng.standard_normal(m)


def fit_errors(degree, x_train, y_train, x_dev, y_dev):
    """Least-squares polynomial of `degree` on the training set; returns (poly, train MSE, dev MSE)."""
    poly = Polynomial.fit(x_train, y_train, degree)
    return poly, float(np.mean((poly(x_train) - y_train) ** 2)), float(np.mean((poly(x_dev) - y_dev) ** 2))


def verdict(train_error, dev_error, bayes_error, tolerance):
    """dlcore.diagnostics.diagnose on squared errors, which may exceed 1: all of them and the tolerance are divided
    by the largest (at least 1), which keeps every comparison diagnose makes (a clipped error would hide a gap)."""
    scale = max(1.0, train_error, dev_error, bayes_error)
    return diagnose(train_error / scale, dev_error / scale, bayes_error / scale, tolerance=tolerance / scale)


class CapacityExplorer(Explorer):
    """Degree of a polynomial model (its capacity) and the training-set size -> fitted curve, train/dev error,
    and dlcore.diagnostics.diagnose's verdict with the noise variance as Bayes error."""

    def __init__(self, degree=3, m_train=20, *, sizes=(10, 20, 50, 200), max_degree=15, noise=0.3, m_dev=200,
                 rng=0, tolerance=0.02):
        self.noise, self.seed, self.tolerance, self.m_dev = noise, rng, tolerance, m_dev
        self.degrees = np.arange(0, max_degree + 1)
        self.x_dev, self.y_dev = noisy_data(m_dev, noise, rng + 1)
        self.x_curve = np.linspace(-1.5, 1.5, 300)
        self.sets, self.table = {}, {}
        for m in sizes:  # precompute every (size, degree): least squares is cheap
            x, y = noisy_data(m, noise, rng)
            self.sets[m] = (x, y)
            fits = [fit_errors(min(d, m - 1), x, y, self.x_dev, self.y_dev) for d in self.degrees]
            self.table[m] = {"curve": [p(self.x_curve) for p, _, _ in fits],
                             "train": np.array([t for _, t, _ in fits]), "dev": np.array([d for _, _, d in fits])}
        self.fig = new_figure(figsize=(11.5, 4.6))
        ax_fit, ax_cap = self.fig.subplots(1, 2)
        self.fig.subplots_adjust(left=0.06, right=0.98, top=0.83, bottom=0.13, wspace=0.22)
        self.ax_fit, self.ax_cap = ax_fit, ax_cap
        x0, y0 = self.sets[m_train]
        self.points = ax_fit.scatter(x0, y0, s=24, color="C0", edgecolors="k", linewidths=0.5, zorder=4)
        self.fit = C.fit_plot(ax_fit, x0[:0], y0[:0], self.x_dev, self.y_dev, self.x_curve,
                              truth=truth(self.x_curve), ylim=(-2.5, 2.5))
        self.cap = C.capacity_plot(ax_cap, self.degrees, self.table[m_train]["train"], self.table[m_train]["dev"],
                                   bayes_error=noise ** 2, xlabel="polynomial degree (model capacity)",
                                   ylim=(1e-3, 1e2))
        self.suptitle = self.fig.suptitle("", fontsize=11)
        # frames, ticks and the true function are drawn once; a change redraws the moving artists and whatever
        # is drawn above them (the dev points, the legends)
        self.background = Background(self.fig, [
            self.points, self.fit["fit"], ax_fit.title, self.cap["train"], self.cap["dev"], self.cap["vline"],
            self.cap["dots"], ax_cap.title, self.suptitle])
        self.controls = {
            "degree": slider("degree (capacity)", degree, 0, max_degree, 1),
            "m_train": choice_slider("train examples", list(sizes), m_train),
        }
        self._finish()

    def update(self, *, degree, m_train):
        t = self.table[m_train]
        self.points.set_offsets(np.column_stack(self.sets[m_train]))
        self.fit["fit"].set_ydata(t["curve"][degree])
        train_err, dev_err = t["train"][degree], t["dev"][degree]
        C.update_capacity_plot(self.cap, t["train"], t["dev"], degree, (train_err, dev_err))
        bayes = self.noise ** 2
        self.verdict = verdict(train_err, dev_err, bayes, self.tolerance)
        advice = {"high bias": "bigger model (raise the degree), train longer",
                  "high variance": "more data (more train examples), regularisation, or a smaller model",
                  "high bias and high variance": "fix the bias first (bigger model), then the variance",
                  "good fit": "done: train and dev errors are both near the noise floor"}[self.verdict]
        self.ax_fit.set_title(f"degree {degree} fitted to {m_train} train points")
        self.ax_cap.set_title(f"train {train_err:.3f}   dev {dev_err:.3g}   Bayes (noise$^2$) {bayes:.3f}   "
                              f"gap counted above {self.tolerance:g}",
                              fontsize=10)
        self.suptitle.set_text(f"{self.verdict}  ->  basic recipe: {advice}")

    def code(self, *, degree, m_train):
        return (
            "import numpy as np\nfrom numpy.polynomial import Polynomial\nfrom dlcore.diagnostics import diagnose\n\n"
            f"def truth(x):\n    return np.sin(2.5 * x) + 0.3 * x\n\n"
            f"rng = np.random.default_rng({self.seed})\nx_train = rng.uniform(-1.5, 1.5, {m_train})\n"
            f"y_train = truth(x_train) + {self.noise} * rng.standard_normal({m_train})\n"
            f"rng = np.random.default_rng({self.seed + 1})\nx_dev = rng.uniform(-1.5, 1.5, {self.m_dev})\n"
            f"y_dev = truth(x_dev) + {self.noise} * rng.standard_normal({self.m_dev})\n"
            f"poly = Polynomial.fit(x_train, y_train, {min(degree, m_train - 1)})\n"
            "train_error = np.mean((poly(x_train) - y_train) ** 2)\n"
            "dev_error = np.mean((poly(x_dev) - y_dev) ** 2)\n"
            f"scale = max(1.0, train_error, dev_error, {self.noise ** 2!r})  # diagnose takes values in [0, 1]\n"
            f"print(train_error, dev_error, diagnose(train_error / scale, dev_error / scale, "
            f"{self.noise ** 2!r} / scale, tolerance={self.tolerance} / scale))\n")


def capacity_explorer(**kwargs):
    """Model capacity (polynomial degree) and training-set size vs train/dev error, with the fitted curve."""
    return CapacityExplorer(**kwargs).widget
