"""schedule_explorer: the dlcore learning-rate schedules side by side, with their parameters."""

import numpy as np

from .. import schedules as S
from ..viz import schedules as vs
from .explorer import Background, Explorer, log_slider, new_figure, nice_ceil, slider

FORMULAS = {
    "constant": "constant: α0",
    "inverse_time": "inverse_time: α0 / (1 + decay_rate·epoch)",
    "exponential": "exponential: base**epoch · α0",
    "inverse_sqrt": "inverse_sqrt: k / √epoch · α0",
    "staircase": "staircase: α0 / (1 + decay_rate·\n    floor(epoch / time_interval))",
    "cosine": "cosine: restarts every period,\n    from α0 down to learning_rate_min",
}


class ScheduleExplorer(Explorer):
    def __init__(self, *, epochs=100, learning_rate0=0.1, decay_rate=0.1, base=0.95, k=1.0, time_interval=20,
                 period=25, learning_rate_min=0.0):
        self.epoch_num = np.arange(epochs + 1)
        self.controls = {
            "learning_rate0": log_slider("α0 (learning_rate0)", learning_rate0, -4, 0, step=0.1),
            "decay_rate": log_slider("decay_rate", decay_rate, -3, 1, step=0.1, readout_format=".3g"),
            "base": slider("base", base, 0.8, 1.0, 0.005, readout_format=".3f"),
            "k": slider("k", k, 0.1, 2.0, 0.05),
            "time_interval": slider("time_interval", time_interval, 1, 50, 1),
            "period": slider("period (cosine)", period, 2, 100, 1),
            "learning_rate_min": slider("min / α0 (cosine)", learning_rate_min, 0.0, 0.9, 0.05),
        }
        self.fig = new_figure(figsize=(11.5, 5))
        self.ax = self.fig.subplots()
        self.fig.subplots_adjust(left=0.08, right=0.64, bottom=0.13, top=0.9)
        self.lines = vs.schedule_lines(self.ax, self.epoch_num, self.rates(**self.values()), labels=FORMULAS)
        self.ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=8, title="schedule (α0 = learning_rate0)")
        self.params = self.ax.text(1.03, 0.0, "", transform=self.ax.transAxes, fontsize=8, va="bottom",
                                   bbox=dict(fc="#f5f5f5", ec="0.8"))
        self.ax.set_title("learning rate per epoch: which decays fastest, which restarts?", fontsize=10)
        self.background = Background(self.fig, [*self.lines.values(), self.params])
        self._finish()

    def rates(self, *, learning_rate0, decay_rate, base, k, time_interval, period, learning_rate_min):
        """The learning rate at every epoch, per schedule (straight from dlcore.schedules)."""
        e = self.epoch_num
        return {
            "constant": S.constant(learning_rate0, e),
            "inverse_time": S.inverse_time_decay(learning_rate0, e, decay_rate=decay_rate),
            "exponential": S.exponential_decay(learning_rate0, e, base=base),
            "inverse_sqrt": S.inverse_sqrt_decay(learning_rate0, e, k=k),
            "staircase": S.staircase_decay(learning_rate0, e, decay_rate=decay_rate, time_interval=time_interval),
            "cosine": S.cosine_decay(learning_rate0, e, period=period,
                                     learning_rate_min=learning_rate_min * learning_rate0),
        }

    def parameters_text(self, *, learning_rate0, decay_rate, base, k, time_interval, period, learning_rate_min):
        # short on purpose: every glyph is re-rendered on each slider move
        return (f"α0={learning_rate0:.3g} decay_rate={decay_rate:.3g}\nbase={base:.3g} k={k:.3g} "
                f"time_interval={time_interval}\nperiod={period} min={learning_rate_min * learning_rate0:.3g}")

    def update(self, *, learning_rate0, decay_rate, base, k, time_interval, period, learning_rate_min):
        values = dict(learning_rate0=learning_rate0, decay_rate=decay_rate, base=base, k=k,
                      time_interval=time_interval, period=period, learning_rate_min=learning_rate_min)
        top = nice_ceil(1.05 * values["learning_rate0"] * max(1.0, values["k"]))
        vs.update_schedule_lines(self.ax, self.lines, self.rates(**values), ylim=(0, top))
        self.params.set_text(self.parameters_text(**values))

    def code(self, *, learning_rate0, decay_rate, base, k, time_interval, period, learning_rate_min):
        return (
            "import numpy as np\nfrom functools import partial\nfrom dlcore import schedules\n\n"
            f"epoch_num = np.arange({len(self.epoch_num)})\n"
            f"learning_rate0 = {learning_rate0!r}\n"
            "rates = {\n"
            "    'constant': schedules.constant(learning_rate0, epoch_num),\n"
            f"    'inverse_time': schedules.inverse_time_decay(learning_rate0, epoch_num, decay_rate={decay_rate!r}),\n"
            f"    'exponential': schedules.exponential_decay(learning_rate0, epoch_num, base={base!r}),\n"
            f"    'inverse_sqrt': schedules.inverse_sqrt_decay(learning_rate0, epoch_num, k={k!r}),\n"
            f"    'staircase': schedules.staircase_decay(learning_rate0, epoch_num, decay_rate={decay_rate!r}, "
            f"time_interval={time_interval!r}),\n"
            f"    'cosine': schedules.cosine_decay(learning_rate0, epoch_num, period={period!r}, "
            f"learning_rate_min={learning_rate_min!r} * learning_rate0),\n"
            "}\n"
            "for name, lr in rates.items():\n"
            "    print(f\"{name:>12}: epoch 0 -> {lr[0]:.3g}, epoch 10 -> {lr[10]:.3g}, last -> {lr[-1]:.3g}\")\n"
            f"# to train with one: train(..., learning_rate=learning_rate0, "
            f"schedule=partial(schedules.exponential_decay, base={base!r}))\n"
        )


def schedule_explorer(**kwargs):
    """The dlcore.schedules learning-rate decays side by side with their parameters. Returns one widget."""
    return ScheduleExplorer(**kwargs).widget
