"""optimizer_explorer: every dlcore.optim rule races from the same start on a 2-D cost surface (the surfaces and
the runs are in race.py; this module draws them, with the sliders, the state table and "Show code")."""

import contextlib
import html

import ipywidgets as W
import numpy as np

from .. import optim
from ..viz import contours as vc
from .explorer import Background, Explorer, dropdown, log_slider, new_figure, slider
from .race import (  # noqa: F401 - also the race's API for callers of this module
    DEFAULT_CONDITION,
    DIVERGED,
    HPARAM_SLIDERS,
    SURFACES,
    hparam_values,
    race,
    rule_hparams,
    state_columns,
)

COLORS = {"gd": "C0", "momentum": "C1", "rmsprop": "C2", "adam": "C3", "nesterov": "C4", "adagrad": "C5",
          "adamw": "C6"}
STATE_HEADINGS = {"v": "v (velocity)", "s": "s (dw² accumulated)", "t": "t (steps)"}


def _fmt(x):
    a = np.atleast_1d(np.asarray(x, dtype=float))
    return "(" + ", ".join(f"{v:.3g}" for v in a) + ")"


class OptimizerExplorer(Explorer):
    """The race. Trajectories are recomputed only when a hyperparameter changes; moving the step slider (or the
    Play button) only moves the markers and line ends. Racers: dlcore.optim.RULES (or those named in `show`) and
    `extra_rules`; sliders and state columns follow from the rules (HPARAM_SLIDERS, state_columns)."""

    def __init__(self, surface="bowl", extra_rules=None, *, learning_rate=None, steps=100, condition=None,
                 show=tuple(optim.RULES), **hparams):
        if surface not in SURFACES:
            raise ValueError(f"surface: expected one of {sorted(SURFACES)}; got {surface!r}")
        extra_rules = dict(extra_rules or {})
        for name, rule in extra_rules.items():
            if not callable(rule):
                raise ValueError(f"extra_rules[{name!r}]: expected a rule function (w, dw, state, learning_rate, "
                                 f"...); got {rule!r}")
        unknown = set(show) - set(optim.RULES)
        if unknown:
            raise ValueError(f"show: expected names from {tuple(optim.RULES)}; got {sorted(unknown)}")
        unknown = set(hparams) - set(HPARAM_SLIDERS)
        if unknown:
            raise ValueError(f"{sorted(unknown)[0]}: not a hyperparameter slider; expected one of "
                             f"{sorted(HPARAM_SLIDERS)}")
        self.rules = {name: optim.RULES[name] for name in show} | extra_rules
        self.colors = {n: COLORS.get(n, f"C{(7 + i) % 10}") for i, n in enumerate(self.rules)}
        s = SURFACES[surface]
        used = {sl for name, rule in self.rules.items() for sl in rule_hparams(name, rule).values()}
        condition = DEFAULT_CONDITION if condition is None else condition
        self.controls = {
            "surface": dropdown("surface", [(v.title, k) for k, v in SURFACES.items()], surface),
            "condition": log_slider("κ (elongation)", condition, 0, 2, step=0.1, readout_format=".3g"),
            "learning_rate": log_slider("α (learning rate)", learning_rate or s.alpha, -3, 0, step=0.05),
        }
        for name, (text, default, low, high, step, log, _) in HPARAM_SLIDERS.items():
            if name in used:
                value = hparams.get(name, default)
                self.controls[name] = (log_slider(text, value, low, high, step=step) if log else
                                       slider(text, value, low, high, step,
                                              readout_format=".4f" if step < 0.001 else ".2f"))
        self.controls["steps"] = slider("steps", steps, 10, 300, 10)
        self.controls["step"] = slider("step t", steps, 0, steps, 1)
        self.controls["condition"].continuous_update = False  # new contours + background: update on release
        self.play = W.Play(value=steps, min=0, max=steps, step=1, interval=60, description="play")
        W.link((self.play, "value"), (self.controls["step"], "value"))
        self.controls["steps"].observe(self._steps_changed, names="value")
        self.controls["surface"].observe(self._surface_changed, names="value")
        self.state_panel = W.HTML()
        self._key = self._surface_key = None
        self._grids = {}

        self.fig = new_figure(figsize=(11.5, 5.0))
        self.ax, self.ax_cost = self.fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.45, 1]})
        self.fig.subplots_adjust(left=0.06, right=0.985, bottom=0.11, top=0.92, wspace=0.2)
        self.contours = None
        (self.start_marker,) = self.ax.plot([], [], "s", color="k", ms=7, zorder=5, label="start")
        (self.min_marker,) = self.ax.plot([], [], "*", color="gold", mec="k", ms=15, zorder=5, label="minimum")
        empty = {n: np.zeros((1, 2)) for n in self.rules}
        self.lines = vc.trajectories(self.ax, empty, colors=self.colors)
        self.cost_lines, self.cursor = vc.cost_curves(self.ax_cost, {n: [np.nan] for n in self.rules},
                                                      colors=self.colors, max_steps=steps, ylim=(1e-8, 10))
        self.ax.legend(handles=[self.start_marker, self.min_marker], loc="lower right", fontsize=8,
                       framealpha=0.85)
        self.ax_cost.legend(loc="upper right", fontsize=8, framealpha=0.85, ncol=2)
        self.ax_cost.set_title("J(w_t) − J(w*), log scale: lower is better", fontsize=10)
        self.step_text = self.ax.text(0.02, 0.03, "", transform=self.ax.transAxes, fontsize=9,
                                      bbox=dict(fc="white", ec="0.8", alpha=0.85))
        dynamic = [a for pair in self.lines.values() for a in pair] + list(self.cost_lines.values())
        self.background = Background(self.fig, dynamic + [self.cursor, self.step_text, self.min_marker,
                                                          self.start_marker, self.ax.title])
        self._finish(extra=[self.play, self.state_panel])
        # the play button sits above the figure, the state panel under it where it is easy to read while scrubbing
        box, canvas, buttons, code_out = self.widget.children
        self.widget.children = (box, W.HBox([self.play, W.Label("play / scrub the precomputed race")]), canvas,
                                self.state_panel, buttons, code_out)
        box.children = tuple(c for c in box.children if c is not self.play and c is not self.state_panel)

    # ------------------------------------------------------------------ control plumbing
    @contextlib.contextmanager
    def _no_redraw_from(self, *controls):
        """Set these controls without a redraw of their own: the control being handled redraws once, after its
        observers (two frames for one move would double the time to a settled canvas)."""
        for w in controls:
            w.unobserve(self.refresh, names="value")
        try:
            yield
        finally:
            for w in controls:
                w.observe(self.refresh, names="value")

    def _steps_changed(self, change):
        n = change["new"]
        step, play = self.controls["step"], self.play
        with self._no_redraw_from(step):
            step.max = play.max = n
            if step.value > n or step.value == change["old"]:
                step.value = n

    def _surface_changed(self, change):
        with self._no_redraw_from(self.controls["learning_rate"]):
            self.controls["learning_rate"].value = SURFACES[change["new"]].alpha

    def _hparam_values(self, values):
        return {k: v for k, v in values.items() if k in HPARAM_SLIDERS}

    # ------------------------------------------------------------------ compute (cached) and draw
    def compute(self, *, surface, condition, learning_rate, steps, **hparams):
        """The precomputed race: {name: (path, states)} and the cost at every iterate."""
        s = SURFACES[surface]
        cost, grad = s.functions(condition)
        runs, self.errors = {}, {}
        for name, rule in self.rules.items():
            try:
                runs[name] = race(rule, grad, s.start, steps, learning_rate, **hparam_values(name, rule, hparams))
            except Exception as exc:  # a student's rule that fails stays at the start; the panel says why
                self.errors[name] = f"{type(exc).__name__}: {exc}"
                w0 = np.array(s.start, dtype=float)
                runs[name] = (w0[None, :], [optim.init_state(w0)])
        J_min = cost(*s.minimum)
        costs = {n: np.maximum(cost(p[:, 0], p[:, 1]) - J_min, 1e-12) for n, (p, _) in runs.items()}
        return runs, costs

    def _surface(self, surface, condition):
        key = (surface, condition if surface == "bowl" else None)
        if key not in self._grids:
            s = SURFACES[surface]
            cost, _ = s.functions(condition)
            self._grids[key] = vc.cost_grid(cost, s.xlim, s.ylim, n=100)
        if key != self._surface_key:
            X, Y, J = self._grids[key]
            if self.contours is None:
                self.contours = vc.cost_contours(self.ax, X, Y, J)
            else:
                self.contours = vc.update_contours(self.ax, self.contours, X, Y, J)
            s = SURFACES[surface]
            title = s.title.replace("κ", f"κ={condition:.3g}") if surface == "bowl" else s.title
            self.ax.set_title(title, fontsize=10)
            self.start_marker.set_data([s.start[0]], [s.start[1]])
            self.min_marker.set_data([s.minimum[0]], [s.minimum[1]])
            self._surface_key = key

    def update(self, *, surface, condition, learning_rate, steps, step, **hparams):
        key = (surface, condition, learning_rate, steps, tuple(sorted(hparams.items())))
        self.controls["condition"].disabled = surface != "bowl"  # κ only shapes the bowl
        if key != self._key:
            self._surface(surface, condition)
            self.runs, self.costs = self.compute(surface=surface, condition=condition, learning_rate=learning_rate,
                                                 steps=steps, **hparams)
            self.paths = {n: p for n, (p, _) in self.runs.items()}
            self.columns = state_columns(self.runs)
            vc.update_cost_curves(self.cost_lines, self.cursor, self.costs, step)
            self.ax_cost.set_xlim(0, steps)
            self._key = key
        self.show_step(step)

    def show_step(self, step):
        """One animation frame: move markers and line ends to `step`, update the state panel."""
        vc.update_trajectories(self.lines, self.paths, step)
        self.cursor.set_xdata([step, step])
        self.step_text.set_text(f"step t = {step}")
        rows = []
        for name, (path, states) in self.runs.items():
            k = min(step, len(path) - 1)
            st = states[k]
            cells = "".join(f"<td>{_fmt_state(st.get(c)) if name in users else '—'}</td>"
                            for c, users in self.columns.items())
            note = "" if k == step else f" <span style='color:#c00'>(stopped at t={k}: diverged)</span>"
            if name in self.errors:
                note = f" <span style='color:#c00'>(your rule raised {html.escape(self.errors[name])})</span>"
            rows.append(f"<tr><td style='color:{_css(self.colors[name])}'><b>{html.escape(name)}</b></td>"
                        f"<td>{_fmt(path[k])}{note}</td>{cells}<td>{self.costs[name][k]:.3g}</td></tr>")
        heads = "".join(f"<th>{html.escape(STATE_HEADINGS.get(c, c))}</th>" for c in self.columns)
        self.state_panel.value = (
            "<table style='font-family:monospace;font-size:12px'><tr><th>optimizer</th><th>w</th>"
            f"{heads}<th>J − J*</th></tr>" + "".join(rows) + "</table>")

    def code(self, *, surface, condition, learning_rate, steps, step, **hparams):
        s = SURFACES[surface]
        racers = []
        for name, rule in self.rules.items():
            hp = hparam_values(name, rule, hparams)
            ref, note = _reference(rule)
            racers.append(f"    {name!r}: ({ref}, {hp!r}),{note}")
        return (
            "import numpy as np\nfrom dlcore import optim\n\n"
            f"# surface: {s.title}\n{s.source.format(condition=condition)}\n"
            f"w_start = np.array({list(s.start)!r})\nlearning_rate = {learning_rate!r}\n"
            "racers = {\n" + "\n".join(racers) + "\n}\n"
            "paths, states = {}, {}\n"
            "for name, (rule, hparams) in racers.items():\n"
            "    w, state = w_start.copy(), optim.init_state(w_start)\n"
            "    paths[name], states[name] = [w], [state]\n"
            f"    for t in range({steps}):\n"
            "        w, state = rule(w, grad(w), state, learning_rate, **hparams)\n"
            f"        if not np.all(np.isfinite(w)) or np.abs(w).max() > {DIVERGED:g}:\n"
            "            break  # diverged\n"
            "        paths[name].append(w)\n"
            "        states[name].append(state)\n"
            "    paths[name] = np.array(paths[name])\n"
            f"step = {step}\n"
            "for name, path in paths.items():\n"
            "    k = min(step, len(path) - 1)\n"
            "    print(f\"{name:>9}: w_{k} = {path[k]}, J = {cost(*path[k]):.4g}\")\n"
        )


def _fmt_state(x):
    if x is None:
        return "—"
    if np.ndim(x) == 0:
        return f"{x:.3g}" if isinstance(x, float) else str(x)
    return _fmt(x)


def _reference(rule):
    """How "Show code" names a rule: optim.<name> for dlcore's, the function's own name for a student's."""
    name = getattr(rule, "__name__", "")
    if getattr(rule, "__module__", "") == optim.__name__ and getattr(optim, name, None) is rule:
        return f"optim.{name}", ""
    if name.isidentifier():
        return name, "  # your rule, defined in your notebook"
    return "my_rule", "  # your rule (a lambda or callable object): give it a name and put it here"


def _css(color):
    from matplotlib.colors import to_hex

    return to_hex(color)


def optimizer_explorer(surface="bowl", extra_rules=None, **kwargs):
    """Every dlcore.optim rule (GD, momentum, Nesterov, AdaGrad, RMSProp, Adam, AdamW) racing from the same start
    on a 2-D surface ("bowl", "ravine", "saddle", "plateau"). extra_rules={"mine": rule} adds your own rule
    (same signature as the dlcore rules). Returns one widget; the explorer is at `.explorer`."""
    return OptimizerExplorer(surface, extra_rules, **kwargs).widget
