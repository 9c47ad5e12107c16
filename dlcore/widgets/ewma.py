"""ewma_explorer: an exponentially weighted average of a year of noisy daily temperatures."""

import numpy as np

from ..ewma import effective_window, ewma
from ..viz import ewma as ve
from .explorer import Background, Explorer, checkbox, new_figure, slider


def daily_temperatures(days=365, *, rng=0):
    """A synthetic year (seeded): a seasonal cycle (cold in January, warm in July) plus day-to-day noise.
    Returns theta (days,) in degrees Fahrenheit, like the notes' example and notebook 06."""
    rng = np.random.default_rng(rng)
    t = np.arange(days)
    return 52 - 16 * np.cos(2 * np.pi * (t - 15) / 365) + 6 * rng.standard_normal(days)


class EwmaExplorer(Explorer):
    def __init__(self, *, beta=0.9, bias_correction=True, days=365, rng=0, window_end=200):
        self.theta, self.rng_seed, self.window_end = daily_temperatures(days, rng=rng), rng, window_end
        self.controls = {
            "beta": slider("β", beta, 0.5, 0.995, 0.005, readout_format=".3f"),
            "bias_correction": checkbox("bias correction", bias_correction),
            "show_uncorrected": checkbox("also show v_t without correction", True),
        }
        self.fig = new_figure(figsize=(11.5, 4.6))
        self.ax, self.ax_w = self.fig.subplots(1, 2, gridspec_kw={"width_ratios": [2.4, 1]})
        self.fig.subplots_adjust(left=0.07, right=0.98, bottom=0.14, top=0.88, wspace=0.25)
        v = ewma(self.theta, beta)
        self.artists = ve.ewma_plot(self.ax, self.theta, v, v_raw=v, window_end=window_end,
                                    window=effective_window(beta))
        self.ax.legend(loc="upper left", fontsize=8, ncol=2)
        self.weights = ve.ewma_weights(self.ax_w, beta)
        self.ax_w.set_title("how much v_t remembers the past", fontsize=10)
        a, w = self.artists, self.weights
        self.background = Background(self.fig, [a["line"], a["raw"], a["span"], w["weights"], w["window"],
                                                self.ax.title])
        self._finish()

    def update(self, *, beta, bias_correction, show_uncorrected):
        v = ewma(self.theta, beta, bias_correction=bias_correction)
        v_raw = ewma(self.theta, beta, bias_correction=False) if bias_correction and show_uncorrected else None
        window = effective_window(beta)
        ve.update_ewma(self.artists, v, v_raw=v_raw, window_end=self.window_end, window=window)
        ve.update_ewma_weights(self.weights, beta)
        self.ax.set_title(f"β = {beta:.3f}: v_t averages about 1/(1−β) ≈ {window:.0f} days"
                          + ("" if bias_correction else "  (no bias correction: v_t starts near 0)"), fontsize=10)

    def code(self, *, beta, bias_correction, show_uncorrected):
        return (
            "import numpy as np\nfrom dlcore.ewma import ewma, effective_window\n\n"
            f"rng = np.random.default_rng({self.rng_seed!r})\n"
            f"t = np.arange({len(self.theta)})\n"
            "theta = 52 - 16 * np.cos(2 * np.pi * (t - 15) / 365) + 6 * rng.standard_normal(len(t))  # °F\n"
            f"v = ewma(theta, beta={beta!r}, bias_correction={bias_correction!r})\n"
            f"print(f\"window ≈ {{effective_window({beta!r}):.0f}} days; v_1..v_5 = {{np.round(v[:5], 2)}}\")\n"
        )


def ewma_explorer(**kwargs):
    """Noisy daily temperatures and their EWMA (dlcore.ewma.ewma): beta, bias correction on/off and the
    ~1/(1-beta) days it averages. Returns one widget; the explorer is at `.explorer`."""
    return EwmaExplorer(**kwargs).widget
