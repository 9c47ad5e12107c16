"""tuning_explorer: grid vs random search coverage, log vs linear sampling scales, coarse-to-fine zoom."""

import numpy as np

from .. import tuning as T
from ..viz import tuning as vt
from .explorer import Background, Explorer, new_figure, slider

IMPORTANT = ("log", 1e-4, 1.0)  # learning rate: matters a lot
UNIMPORTANT = ("log", 1e-10, 1e-6)  # Adam's epsilon: hardly matters
COVERAGE_SPACE = {"learning_rate": IMPORTANT, "epsilon": UNIMPORTANT}
ZOOM_SPACE = {"learning_rate": ("log", 1e-4, 1.0), "beta": ("beta", 0.9, 0.999)}


def toy_dev_error(learning_rate, beta=0.9, epsilon=1e-8):
    """A made-up dev error to MINIMISE, smooth in log scale: best near learning_rate = 3e-3 and
    1 - beta = 0.02; epsilon barely matters. Stands in for "train a network and measure dev error"."""
    a = np.log10(learning_rate) - np.log10(3e-3)
    b = np.log10(1 - beta) - np.log10(0.02)
    e = np.log10(epsilon) + 8
    return 0.05 + 0.04 * a**2 + 0.03 * b**2 + 0.02 * a * b + 1e-4 * e**2


class TuningExplorer(Explorer):
    """Top: grid and random search with the same number of trials, per_axis² (every step of the slider changes
    both); bottom: sampling scales and a coarse-to-fine zoom."""

    def __init__(self, *, per_axis=3, rng=0, n_samples=60, top_k=5):
        self.controls = {
            "per_axis": slider("grid points per axis", per_axis, 2, 6, 1),
            "rng": slider("rng seed", rng, 0, 20, 1),
            "n_samples": slider("samples per scale", n_samples, 10, 200, 10),
            "top_k": slider("coarse_to_fine top_k", top_k, 2, 15, 1),
        }
        self.fig = new_figure(figsize=(11, 7.6))
        (self.ax_grid, self.ax_rand), (self.ax_scale, self.ax_zoom) = self.fig.subplots(2, 2)
        self.fig.subplots_adjust(left=0.08, right=0.98, bottom=0.08, top=0.93, wspace=0.25, hspace=0.42)
        # background: the toy dev error over (learning_rate, epsilon); only learning_rate matters
        lr = np.logspace(-4, 0, 80)
        eps = np.logspace(-10, -6, 40)
        err = toy_dev_error(lr[None, :], 0.98, eps[:, None])
        lim = dict(xlog=True, ylog=True, xlim=(5e-5, 2), ylim=(5e-11, 2e-6))
        for ax in (self.ax_grid, self.ax_rand):
            ax.pcolormesh(lr, eps, err, cmap="Blues_r", shading="auto", alpha=0.6, zorder=0)
            ax.set_xlabel("learning_rate α  (important)")
            ax.set_ylabel("Adam ε  (unimportant)")
            ax.text(0.02, 0.97, "shading: dev error (darker = better)", transform=ax.transAxes, fontsize=7,
                    va="top", color="0.2")
        self.grid = vt.search_scatter(self.ax_grid, [], [], color="C3", marker="s", **lim)
        self.rand = vt.search_scatter(self.ax_rand, [], [], color="C2", **lim)
        # sampling scales: four rows on one log axis
        self.ax_scale.set_xscale("log")
        self.ax_scale.set_xlim(1e-4, 1)
        self.ax_scale.set_ylim(-0.6, 3.6)
        self.rows = {}
        for row, (name, color) in enumerate((("α ~ uniform(1e-4, 1)", "C7"), ("α = 10**uniform(-4, 0)", "C0"),
                                              ("1−β, β ~ uniform(0.9, 0.999)", "C7"),
                                              ("1−β, β = 1 − 10**uniform(-3, -1)", "C1"))):
            self.rows[name] = vt.strip(self.ax_scale, [], row, color=color)
            self.ax_scale.text(1.3e-4, row - 0.32, name, fontsize=8, va="center", color=color)
        self.ax_scale.set_yticks([])
        self.ax_scale.invert_yaxis()
        self.ax_scale.set_xlabel("value (α, or 1 − β), log axis: every decade the same width")
        self.scale_text = self.ax_scale.text(0.99, 0.5, "", transform=self.ax_scale.transAxes, ha="right",
                                             va="center", fontsize=8, bbox=dict(fc="white", ec="0.8", alpha=0.9))
        # coarse to fine
        lr2 = np.logspace(-4, 0, 80)
        omb = np.logspace(-3, -1, 60)
        self.ax_zoom.pcolormesh(lr2, omb, toy_dev_error(lr2[None, :], 1 - omb[:, None]), cmap="Blues_r",
                                shading="auto", alpha=0.6, zorder=0)
        zlim = dict(xlog=True, ylog=True, xlim=(1e-4, 1), ylim=(1e-3, 1e-1), rug=False)
        self.coarse = vt.search_scatter(self.ax_zoom, [], [], color="0.35", label="coarse trials", **zlim)
        self.best = vt.search_scatter(self.ax_zoom, [], [], color="C3", marker="*", label="top_k best", **zlim)
        self.fine = vt.search_scatter(self.ax_zoom, [], [], color="C1", marker="^", label="fine trials", **zlim)
        self.best["points"].set_sizes([120])
        self.box = vt.zoom_box(self.ax_zoom, (1e-3, 1e-2, 1e-2, 3e-2), label="coarse_to_fine space")
        self.ax_zoom.set_xlabel("learning_rate α")
        self.ax_zoom.set_ylabel("1 − β  (β = 0.9 … 0.999)")
        self.ax_zoom.legend(loc="lower left", fontsize=7, framealpha=0.9)
        self.ax_zoom.set_title("coarse to fine: sample, keep the best, zoom in, sample again", fontsize=10)
        self.ax_scale.set_title("sampling scale: linear crowds the top decade", fontsize=10)
        dynamic = [self.grid["points"], self.grid["rug"], self.rand["points"], self.rand["rug"], *self.rows.values(),
                   self.scale_text, self.coarse["points"], self.best["points"], self.fine["points"], self.box,
                   self.ax_grid.title, self.ax_rand.title]
        self.background = Background(self.fig, dynamic)
        self._finish()

    def compute(self, *, per_axis, rng, n_samples, top_k):
        """Everything the four panels show, from dlcore.tuning (see code() for the same calls)."""
        seed = rng
        grid = T.grid_points(COVERAGE_SPACE, per_axis)
        rng = np.random.default_rng(seed)
        rand = [T.sample(COVERAGE_SPACE, rng) for _ in range(per_axis**2)]
        rng = np.random.default_rng(seed)
        scales = {
            "α ~ uniform(1e-4, 1)": rng.uniform(1e-4, 1, n_samples),
            "α = 10**uniform(-4, 0)": T.log_uniform(1e-4, 1, n_samples, rng=rng),
            "1−β, β ~ uniform(0.9, 0.999)": 1 - rng.uniform(0.9, 0.999, n_samples),
            "1−β, β = 1 − 10**uniform(-3, -1)": 1 - T.sample_beta(0.9, 0.999, n_samples, rng=rng),
        }
        coarse = T.random_search(toy_dev_error, ZOOM_SPACE, 25, rng=seed)
        fine_space = T.coarse_to_fine(coarse, ZOOM_SPACE, top_k=top_k)
        fine = T.random_search(toy_dev_error, fine_space, 25, rng=seed + 1)
        return dict(grid=grid, random=rand, scales=scales, coarse=coarse, fine_space=fine_space, fine=fine,
                    best=sorted(coarse, key=lambda t: t["score"])[:top_k])

    def update(self, *, per_axis, rng, n_samples, top_k):
        r = self.result = self.compute(per_axis=per_axis, rng=rng, n_samples=n_samples, top_k=top_k)
        for artists, trials, ax, name in ((self.grid, r["grid"], self.ax_grid, "grid search"),
                                          (self.rand, r["random"], self.ax_rand, "random search")):
            x = [p["learning_rate"] for p in trials]
            vt.update_search_scatter(artists, x, [p["epsilon"] for p in trials])
            ax.set_title(f"{name}: {len(trials)} trials ({per_axis}×{per_axis}) → {len(np.unique(x))} distinct α",
                         fontsize=10)
        for name, line in self.rows.items():
            vt.update_strip(line, r["scales"][name], list(self.rows).index(name))
        lin, log = r["scales"]["α ~ uniform(1e-4, 1)"], r["scales"]["α = 10**uniform(-4, 0)"]
        self.scale_text.set_text(f"α < 0.1:\nlinear {np.mean(lin < 0.1):.0%}\nlog {np.mean(log < 0.1):.0%}")
        for artists, trials in ((self.coarse, r["coarse"]), (self.best, r["best"]), (self.fine, r["fine"])):
            vt.update_search_scatter(artists, [t["params"]["learning_rate"] for t in trials],
                                     [1 - t["params"]["beta"] for t in trials])
        _, lr_lo, lr_hi = r["fine_space"]["learning_rate"]
        _, b_lo, b_hi = r["fine_space"]["beta"]
        vt.update_zoom_box(self.box, (lr_lo, lr_hi, 1 - b_hi, 1 - b_lo))

    def code(self, *, per_axis, rng, n_samples, top_k):
        seed = rng
        return (
            "import numpy as np\nfrom dlcore import tuning\nfrom dlcore.widgets.tuning import toy_dev_error\n\n"
            "# 1. grid vs random: how many distinct learning rates does each try?\n"
            "space = {'learning_rate': ('log', 1e-4, 1.0), 'epsilon': ('log', 1e-10, 1e-6)}\n"
            f"grid = tuning.grid_points(space, {per_axis})\n"
            f"rng = np.random.default_rng({seed})\n"
            f"rand = [tuning.sample(space, rng) for _ in range({per_axis ** 2})]\n"
            "print('distinct alphas: grid', len({p['learning_rate'] for p in grid}),\n"
            "      'random', len({p['learning_rate'] for p in rand}))\n\n"
            "# 2. sampling scale\n"
            f"rng = np.random.default_rng({seed})\n"
            f"alpha_linear = rng.uniform(1e-4, 1, {n_samples})\n"
            f"alpha_log = tuning.log_uniform(1e-4, 1, {n_samples}, rng=rng)\n"
            f"beta_linear = rng.uniform(0.9, 0.999, {n_samples})\n"
            f"beta_log = tuning.sample_beta(0.9, 0.999, {n_samples}, rng=rng)\n"
            "print('share of alpha < 0.1: linear', np.mean(alpha_linear < 0.1), 'log', np.mean(alpha_log < 0.1))\n\n"
            "# 3. coarse to fine\n"
            "zoom_space = {'learning_rate': ('log', 1e-4, 1.0), 'beta': ('beta', 0.9, 0.999)}\n"
            f"coarse = tuning.random_search(toy_dev_error, zoom_space, 25, rng={seed})\n"
            f"fine_space = tuning.coarse_to_fine(coarse, zoom_space, top_k={top_k})\n"
            f"fine = tuning.random_search(toy_dev_error, fine_space, 25, rng={seed + 1})\n"
            "print('zoomed space:', fine_space)\nprint('best:', tuning.best_trial(coarse + fine))\n"
        )


def tuning_explorer(**kwargs):
    """Grid vs random coverage of an important and an unimportant hyperparameter, log vs linear sampling of
    alpha and beta, and a coarse-to-fine zoom (dlcore.tuning). Returns one widget."""
    return TuningExplorer(**kwargs).widget
