"""07_tuning: sampling on the right scale, random search, coarse to fine, babysitting checks, ensembles."""

import numpy as np

from dlcore import diagnostics, training, tuning
from dlcore.model import mlp

from .. import objectives
from ._contract import accepts, edge, options, outputs, shape, waive
from ._core import Case, exercise, explorer, mistake, normal, notebook, seeded

NB = notebook(
    "07_tuning", "tuning",
    "what matters most; random not grid; coarse to fine; the right scale; babysitting; ensembles and snapshots; "
    "transfer learning",
    [explorer("tuning_explorer", "grid vs random coverage, sampling scales and the coarse-to-fine zoom"),
     explorer("babysitting_explorer", "the babysitting dashboard: loss and accuracy for a chosen learning rate")])

ERRORS_NOT_SCORED = "raising ValueError on invalid input is not scored (the notebook headers say so)"


def _rng_arg(rng, kind):
    return seeded(rng) if kind == "generator" else int(rng.integers(1, 10_000))


# ---------------------------------------------------------------- log_uniform
def _log_uniform(rng, low, high, size, kind="generator"):
    return Case({"low": low, "high": high, **({"size": size} if size is not None else {}), "rng": _rng_arg(rng, kind)})


def _log_uniform_cases(rng):
    return [_log_uniform(rng, *spec) for spec in [(1e-4, 1.0, 5), (0.001, 0.1, (2, 3), "int"), (1e-5, 1e-2, None)]]


def _log_uniform_hidden(rng):
    specs = [(0.01, 10.0, 8, "int"), (1e-6, 1e-1, (3,)), (2.0, 200.0, 4), (0.5, 0.7, None, "int"), (1e-3, 1.0, 1)]
    return [_log_uniform(rng, *spec) for spec in specs]


def _sampling_contract(quote=None):
    return [accepts("size", "omitted", "int", "tuple", quote=quote),
            waive("Raise ValueError", ERRORS_NOT_SCORED)]


@mistake("linear", "sampled linearly between low and high",
         "sample the EXPONENT uniformly: 10 ** rng.uniform(np.log10(low), np.log10(high), size)")
def _lu_linear(low, high, size=None, *, rng=None):
    return np.random.default_rng(rng).uniform(low, high, size)


@mistake("mixed_bases", "{how}", "use the same base twice: 10 ** rng.uniform(np.log10(low), np.log10(high), size)",
         how=["np.log bounds with a power of 10", "np.exp of a log10 exponent"])
def _lu_ln(low, high, size=None, *, rng=None, how):
    rng = np.random.default_rng(rng)
    if how.startswith("np.log"):
        return 10 ** rng.uniform(np.log(low), np.log(high), size)
    return np.exp(rng.uniform(np.log10(low), np.log10(high), size))


@mistake("exponent_returned", "returned the exponent r instead of 10**r",
         "r = rng.uniform(np.log10(low), np.log10(high), size) is only the exponent: return 10 ** r")
def _lu_exponent(low, high, size=None, *, rng=None):
    return np.random.default_rng(rng).uniform(np.log10(low), np.log10(high), size)


@mistake("bounds_as_exponents", "low and high used as exponents (10 ** U(low, high))",
         "low and high are the values themselves: take their log10 first, 10 ** U(log10 low, log10 high)")
def _lu_bounds_exponents(low, high, size=None, *, rng=None):
    return 10 ** np.random.default_rng(rng).uniform(low, high, size)


exercise("log_uniform", tuning.log_uniform, NB, 1, cases=_log_uniform_cases, hidden=_log_uniform_hidden,
         mistakes=[_lu_linear, _lu_ln, _lu_exponent, _lu_bounds_exponents],
         contract=_sampling_contract(("int/tuple", "a float when size is None")))


# ---------------------------------------------------------------- sample_beta
def _beta(rng, low, high, size, kind="generator"):
    args = {} if low is None else {"low": low, "high": high}
    return Case({**args, **({"size": size} if size is not None else {}), "rng": _rng_arg(rng, kind)})


def _beta_cases(rng):
    return [_beta(rng, *spec) for spec in [(None, None, 6), (0.9, 0.99, (2, 2), "int"), (0.5, 0.999, None)]]


def _beta_hidden(rng):
    specs = [(0.8, 0.9999, 10, "int"), (0.0, 0.9, 3), (0.95, 0.999, (1, 4)), (None, None, None, "int"),
             (0.9, 0.95, None)]
    cases = [_beta(rng, *spec) for spec in specs]
    return cases + [Case({"low": 0.5, "size": 4, "rng": seeded(rng)}), Case({"high": 0.99, "rng": seeded(rng)})]


@mistake("linear", "sampled beta linearly between low and high",
         "sample 1 - beta on a log scale: beta = 1 - 10 ** rng.uniform(np.log10(1 - high), np.log10(1 - low), size)")
def _sb_linear(low=0.9, high=0.999, size=None, *, rng=None):
    return np.random.default_rng(rng).uniform(low, high, size)


@mistake("log_of_beta", "log scale on beta itself instead of on 1 - beta",
         "the sensitive quantity is the window 1 / (1 - beta): sample r for 1 - beta = 10 ** r")
def _sb_log_beta(low=0.9, high=0.999, size=None, *, rng=None):
    return 10 ** np.random.default_rng(rng).uniform(np.log10(low), np.log10(high), size)


@mistake("mixed_bases", "np.log bounds with a power of 10",
         "use the same base twice: 1 - 10 ** rng.uniform(np.log10(1 - high), np.log10(1 - low), size)")
def _sb_ln(low=0.9, high=0.999, size=None, *, rng=None):
    return 1 - 10 ** np.random.default_rng(rng).uniform(np.log(1 - high), np.log(1 - low), size)


@mistake("one_minus_forgotten", "returned 1 - beta (10 ** r) instead of beta",
         "beta = 1 - 10 ** r")
def _sb_no_one_minus(low=0.9, high=0.999, size=None, *, rng=None):
    return 10 ** np.random.default_rng(rng).uniform(np.log10(1 - high), np.log10(1 - low), size)


exercise("sample_beta", tuning.sample_beta, NB, 1, cases=_beta_cases, hidden=_beta_hidden,
         mistakes=[_sb_linear, _sb_log_beta, _sb_ln, _sb_no_one_minus], contract=_sampling_contract())


# ---------------------------------------------------------------- random_search
_SPACES = [
    {"learning_rate": ("log", 1e-4, 1.0), "beta": ("beta", 0.9, 0.999)},
    {"learning_rate": ("log", 1e-3, 0.1), "n_hidden": ("int", 1, 5), "keep_prob": ("linear", 0.5, 1.0)},
    {"learning_rate": ("log", 1e-5, 1e-1), "beta": ("beta", 0.8, 0.99), "n_layers": ("int", 2, 4)},
    # after coarse_to_fine agreed on a name: a fixed name takes no draw, whatever its scale
    {"learning_rate": ("log", 1e-3, 0.1), "n_hidden": ("int", 3, 3), "keep_prob": ("linear", 0.5, 1.0)},
    {"learning_rate": ("log", 0.01, 0.01), "beta": ("beta", 0.9, 0.99), "n_hidden": ("int", 1, 4)},
    {"learning_rate": ("log", 1e-4, 1e-1), "beta": ("beta", 0.95, 0.95), "keep_prob": ("linear", 0.5, 1.0),
     "n_layers": ("int", 1, 3)},
    {"learning_rate": ("log", 1e-4, 1e-1), "keep_prob": ("linear", 0.6, 0.6), "n_layers": ("int", 1, 3)},
]


def _search(rng, space, n, kind="generator"):
    return Case({"objective": objectives.toy_dev_error, "space": _SPACES[space], "n_trials": n,
                 "rng": _rng_arg(rng, kind)})


def _search_cases(rng):
    return [_search(rng, 0, 5), _search(rng, 1, 6, "int"), _search(rng, 3, 4)]


def _search_hidden(rng):
    specs = [(2, 8), (0, 12, "int"), (1, 1), (3, 6), (4, 5), (5, 5, "int"), (6, 4), (2, 3)]
    return [_search(rng, *spec) for spec in specs]


def _fixed_scales(args):
    return {spec[0] for spec in args["space"].values() if spec[1] == spec[2]}


def _draw(scale, low, high, rng, *, linear=(), int_exclusive=False, fixed_draws=()):
    if low == high and scale not in fixed_draws:
        return low
    if scale in linear:
        return float(rng.uniform(low, high))
    if scale == "log":
        return float(10 ** rng.uniform(np.log10(low), np.log10(high)))
    if scale == "beta":
        return float(1 - 10 ** rng.uniform(np.log10(1 - high), np.log10(1 - low)))
    if scale == "int":
        return int(rng.integers(low, high if int_exclusive and high > low else high + 1))
    return float(rng.uniform(low, high))


def _run_search(objective, space, n_trials, rng, **how):
    rng = np.random.default_rng(rng)
    trials = []
    for _ in range(n_trials):
        params = {name: _draw(*spec, rng, **how) for name, spec in space.items()}
        trials.append({"params": params, "score": float(objective(**params))})
    return trials


@mistake("linear_scale", "'{which}' hyperparameters sampled linearly",
         "sample on the right scale: 'log' as 10 ** U(log10 low, log10 high), 'beta' as 1 - 10 ** U(log10(1 - high), "
         "log10(1 - low))", which=["log", "beta", "log' and 'beta"])
def _rs_linear(objective, space, n_trials, *, rng=None, which):
    scales = ("log", "beta") if which == "log' and 'beta" else (which,)
    return _run_search(objective, space, n_trials, rng, linear=scales)


@mistake("int_high_exclusive", "integer hyperparameters never reach high (rng.integers(low, high))",
         "an 'int' entry includes both ends: rng.integers(low, high + 1)")
def _rs_int(objective, space, n_trials, *, rng=None):
    return _run_search(objective, space, n_trials, rng, int_exclusive=True)


@mistake("draws_per_name", "drew all trials' values of one hyperparameter at once",
         "draw one trial at a time (all its hyperparameters, in the space's order), then the next trial")
def _rs_columns(objective, space, n_trials, *, rng=None):
    rng = np.random.default_rng(rng)
    columns = {name: [_draw(*spec, rng) for _ in range(n_trials)] for name, spec in space.items()}
    trials = []
    for i in range(n_trials):
        params = {name: values[i] for name, values in columns.items()}
        trials.append({"params": params, "score": float(objective(**params))})
    return trials


@mistake("sorted_trials", "returned the trials sorted by score",
         "return the trials in the order they were run; best_trial() picks the best one")
def _rs_sorted(objective, space, n_trials, *, rng=None):
    return sorted(_run_search(objective, space, n_trials, rng), key=lambda t: t["score"])


@mistake("fixed_draws", "a fixed name (low == high) still takes a draw ({scale})",
         "a name whose low equals its high is fixed: params[name] = low, and NO draw, so the next draws stay in "
         "step", scale=["every scale", "log", "beta", "linear"])  # rng.integers(low, low + 1) draws nothing
def _rs_fixed(objective, space, n_trials, *, rng=None, scale):
    scales = ("log", "beta", "linear", "int") if scale == "every scale" else (scale,)
    return _run_search(objective, space, n_trials, rng, fixed_draws=scales)


exercise("random_search", tuning.random_search, NB, 2, cases=_search_cases, hidden=_search_hidden,
         mistakes=[_rs_linear, _rs_int, _rs_columns, _rs_sorted, _rs_fixed],
         contract=[options("space", "log", "beta", "linear", "int", get=lambda a: {s[0] for s in a["space"].values()},
                           quote='"log", "beta", "linear", "int"'),
                   options("space", "log", "beta", "linear", "int", get=_fixed_scales,
                           quote="it is fixed, params[name] = low, and takes no draw"),
                   shape("a single trial", lambda a: a["n_trials"] == 1),
                   edge("trials drawn one at a time", tell=_rs_columns.fn, quote="Trial after trial"),
                   waive("Raise ValueError", ERRORS_NOT_SCORED)])


# ---------------------------------------------------------------- coarse_to_fine
def _fine(rng, i, n, top_k, ties=False):
    trials = tuning.random_search(objectives.toy_dev_error, _SPACES[i], n, rng=int(rng.integers(1, 10_000)))
    if ties:  # scores as a dev-error printout gives them: ties, some at the top_k boundary
        for t in trials:
            t["score"] = round(t["score"], 1)
    return Case({"trials": trials, "space": _SPACES[i], **({"top_k": top_k} if top_k else {})})


def _fine_cases(rng):
    return [_fine(rng, 0, 12, None), _fine(rng, 1, 8, 3), _fine(rng, 2, 9, 3, ties=True)]


def _fine_hidden(rng):
    specs = [(2, 20, 4), (0, 6, 1), (1, 10, 10), (0, 10, 4, True), (1, 12, 2, True), (4, 7, None), (0, 3, None)]
    return [_fine(rng, *spec) for spec in specs]


def _tie_at_boundary(args):
    k = args.get("top_k", 5)
    scores = sorted(t["score"] for t in args["trials"])
    return len(scores) > k and scores[k - 1] == scores[k]


def _zoom(trials, space, chosen):
    return {name: (scale, min(t["params"][name] for t in chosen), max(t["params"][name] for t in chosen))
            for name, (scale, _, _) in space.items()}


@mistake("worst_trials", "zoomed in on the trials with the HIGHEST scores",
         "scores are minimised (dev error): sort ascending and keep the first top_k", ties=["in order", "reversed"])
def _cf_worst(trials, space, top_k=5, *, ties):
    if ties == "in order":
        return _zoom(trials, space, sorted(trials, key=lambda t: t["score"], reverse=True)[:top_k])
    return _zoom(trials, space, sorted(trials, key=lambda t: t["score"])[::-1][:top_k])


@mistake("top_k_ignored", "bounds taken over all trials (top_k ignored)",
         "keep only the top_k best trials before taking min and max")
def _cf_all(trials, space, top_k=5):
    return _zoom(trials, space, trials)


@mistake("unsorted", "took the first top_k trials without sorting by score",
         "sort by score first: sorted(trials, key=lambda t: t['score'])[:top_k]")
def _cf_unsorted(trials, space, top_k=5):
    return _zoom(trials, space, trials[:top_k])


@mistake("ties_reordered", "ties between equal scores {how}",
         "sort by score only, with a stable sort: sorted(trials, key=lambda t: t['score']) keeps tied trials in their "
         "order", how=["taken last first", "broken by the parameters"])
def _cf_ties(trials, space, top_k=5, *, how):
    if how == "taken last first":
        ranked = sorted(trials, key=lambda t: t["score"], reverse=True)[::-1]
    else:
        ranked = sorted(trials, key=lambda t: (t["score"], sorted(t["params"].items())))
    return _zoom(trials, space, ranked[:top_k])


@mistake("scale_dropped", "the new space lost each entry's scale",
         "keep the same scale: new[name] = (scale, low, high)")
def _cf_no_scale(trials, space, top_k=5):
    return {k: v[1:] for k, v in _zoom(trials, space, sorted(trials, key=lambda t: t["score"])[:top_k]).items()}


exercise("coarse_to_fine", tuning.coarse_to_fine, NB, 2, cases=_fine_cases, hidden=_fine_hidden,
         mistakes=[_cf_worst, _cf_all, _cf_unsorted, _cf_ties, _cf_no_scale],
         contract=[options("space", "log", "beta", "linear", "int", get=lambda a: {s[0] for s in a["space"].values()}),
                   edge("ties keep their order", holds=_tie_at_boundary, quote="ties keep their order"),
                   edge("fewer trials than top_k: all of them", holds=lambda a: len(a["trials"]) < a.get("top_k", 5),
                        quote="all of them if there are fewer"),
                   edge("top_k = 1: every name fixed (low == high)", holds=lambda a: a.get("top_k") == 1,
                        quote="where they all agree, the hyperparameter is fixed"),
                   waive("Raise ValueError", ERRORS_NOT_SCORED)])


# ---------------------------------------------------------------- is_diverging
_DIVERGING_VISIBLE = [([1.0, 0.8, 0.9], None), ([2.0, 1.0, float("nan")], None), ([1.0, 0.3, 1.2], 2.0),
                      ([1.0, 2.0, 2.5], 2.0), ([0.7, 0.6, float("inf")], None), ([1.0, 4.0, 0.9], None)]
_DIVERGING_HIDDEN = [([0.5], None), ([1.0, 1.5, 2.9], None), ([1.0, 1.5, 3.1], None), ([3.0, 0.1, 0.5], 4.0),
                     ([1.0, 1.4, 1.6], 1.5), ([0.2, 0.3, float("nan")], 10.0), ([0.6, 0.61, 0.59, 0.2], None),
                     ([1.0, float("nan"), 0.8], None), ([0.5, 2.0, 1.5], None), ([1.0, 2.0, 3.0], None),
                     ([0.4, 0.5, 0.8], 2.0), ([float("inf")], None), ([0.5, 0.7, 2.0], None)]


def _diverging(costs, factor, as_array=False):
    return Case({"costs": np.array(costs) if as_array else list(costs), **({"factor": factor} if factor else {})})


def _diverging_cases(rng):
    return [_diverging(c, f) for c, f in _DIVERGING_VISIBLE]


def _diverging_hidden(rng):
    return [_diverging(c, f, as_array=i % 3 == 1) for i, (c, f) in enumerate(_DIVERGING_HIDDEN)]


@mistake("no_nan_check", "NaN is not caught (NaN > x is False)",
         "check np.isfinite(costs[-1]) first: a NaN or inf cost means divergence")
def _div_no_nan(costs, factor=3.0):
    return bool(costs[-1] > factor * costs[0])


@mistake("vs_previous", "compared with the previous cost instead of the first",
         "the rule is 'above factor x the FIRST cost': costs[-1] > factor * costs[0]")
def _div_prev(costs, factor=3.0):
    last = costs[-1]
    return bool(not np.isfinite(last) or (len(costs) > 1 and last > factor * costs[-2]))


@mistake("vs_minimum", "compared with the lowest cost so far", "compare with the first cost: factor * costs[0]")
def _div_min(costs, factor=3.0):
    last = costs[-1]
    return bool(not np.isfinite(last) or last > factor * min(costs))


@mistake("factor_ignored", "factor hard-coded to 3", "use the factor argument")
def _div_fixed(costs, factor=3.0):
    last = costs[-1]
    return bool(not np.isfinite(last) or last > 3.0 * costs[0])


@mistake("any_epoch", "looked at every epoch, not the latest one ({how})",
         "only the LATEST cost decides: np.isfinite(costs[-1]) and costs[-1] > factor * costs[0]",
         how=["NaN or blow-up anywhere", "NaN anywhere"])
def _div_any(costs, factor=3.0, *, how):
    bad_nan = not all(np.isfinite(c) for c in costs)
    if how == "NaN anywhere":
        return bool(bad_nan or costs[-1] > factor * costs[0])
    return bool(bad_nan or any(c > factor * costs[0] for c in costs))


@mistake("not_strict", "a cost exactly factor x the first counts as divergence (>= instead of >)",
         "divergence is a cost strictly ABOVE factor * costs[0]: costs[-1] > factor * costs[0]")
def _div_ge(costs, factor=3.0):
    return bool(not np.isfinite(costs[-1]) or costs[-1] >= factor * costs[0])


exercise("is_diverging", training.is_diverging, NB, 1, cases=_diverging_cases, hidden=_diverging_hidden,
         mistakes=[_div_no_nan, _div_prev, _div_min, _div_fixed, _div_any, _div_ge],
         contract=[accepts("costs", "list", "array", quote="a list or 1-D array"),
                   outputs(True, False, quote="otherwise False"),
                   shape("a single cost", lambda a: len(a["costs"]) == 1),
                   edge("NaN latest", holds=lambda a: np.isnan(a["costs"][-1])),
                   edge("inf latest", holds=lambda a: np.isinf(a["costs"][-1])),
                   edge("a verdict about the latest cost, not any epoch", tell=_div_any.fn, quote="the latest cost"),
                   edge("exactly factor x the first is not divergence", tell=_div_ge.fn, quote="larger than"),
                   waive("Raise ValueError", ERRORS_NOT_SCORED)])


# ---------------------------------------------------------------- expected_initial_loss
def _initial_loss_cases(rng):
    return [Case({"n_classes": n}) for n in [2, 10, 3]]


def _initial_loss_hidden(rng):
    return [Case({"n_classes": n}) for n in [5, 100, 7, 1000]]


@mistake("log2", "log base 2 instead of the natural log", "cross-entropy uses the natural log: np.log(n_classes)")
def _eil_log2(n_classes):
    return float(np.log2(n_classes))


@mistake("log10", "log base 10 instead of the natural log", "cross-entropy uses the natural log: np.log(n_classes)")
def _eil_log10(n_classes):
    return float(np.log10(n_classes))


@mistake("probability", "returned the uniform probability 1 / n_classes",
         "the loss of a uniform guess is -log(1 / n_classes) = log(n_classes)")
def _eil_prob(n_classes):
    return 1.0 / n_classes


exercise("expected_initial_loss", diagnostics.expected_initial_loss, NB, 1, cases=_initial_loss_cases,
         hidden=_initial_loss_hidden, mistakes=[_eil_log2, _eil_log10, _eil_prob],
         contract=[edge("binary: ln 2", holds=lambda a: a["n_classes"] == 2),
                   waive("Raise ValueError", ERRORS_NOT_SCORED)])


# ---------------------------------------------------------------- ensemble_predict
def _ensemble(rng, dims, output, k, m):
    models = [mlp(dims, hidden="tanh", output=output, rng=int(rng.integers(1, 10_000)), gain=2.0) for _ in range(k)]
    return Case({"models": models, "X": normal(rng, dims[0], m)})


def _ensemble_cases(rng):
    return [_ensemble(rng, [2, 4, 1], "sigmoid", 3, 40), _ensemble(rng, [2, 5, 3], "softmax", 3, 40)]


def _ensemble_hidden(rng):
    specs = [([3, 6, 1], "sigmoid", 5, 30), ([2, 4, 4], "softmax", 4, 30), ([2, 3, 1], "sigmoid", 1, 10),
             ([2, 4, 3], "softmax", 2, 1), ([3, 5, 5], "softmax", 3, 5)]
    undecided = mlp([2, 3, 1], hidden="tanh", output="sigmoid", init="zeros")  # every probability exactly 0.5
    return [_ensemble(rng, *spec) for spec in specs] + [Case({"models": [undecided], "X": normal(rng, 2, 4)})]


def _mean_proba(models, X):
    return sum(model.predict_proba(X) for model in models) / len(models)


def _labels(mean):
    return (mean > 0.5).astype(int) if mean.shape[0] == 1 else mean.argmax(axis=0)[None, :]


@mistake("majority_vote", "majority vote of the predicted labels instead of averaging probabilities",
         "average the models' predict_proba outputs first, then turn the mean into labels")
def _ens_vote(models, X):
    votes = np.stack([model.predict(X)[0] for model in models])
    counts = np.stack([(votes == c).sum(axis=0) for c in range(max(2, models[0].predict_proba(X).shape[0]))])
    return counts.argmax(axis=0)[None, :]


@mistake("mean_logits", "averaged the raw outputs (logits) instead of the probabilities",
         "average model.predict_proba(X) (probabilities), not model.forward(X)")
def _ens_logits(models, X):
    mean = sum(model.forward(X) for model in models) / len(models)
    return _labels(mean) if models[0].output != "sigmoid" else _labels(_mean_proba(models, X))


@mistake("returns_probabilities", "returned the averaged probabilities instead of labels",
         "turn the mean into labels (1, m): p > 0.5 for one output row, argmax over classes otherwise")
def _ens_proba(models, X):
    return _mean_proba(models, X)


@mistake("argmax_wrong_axis", "argmax over the examples (axis=1) instead of over the classes",
         "each column is one example: mean.argmax(axis=0), then reshape to (1, m)")
def _ens_axis(models, X):
    mean = _mean_proba(models, X)
    return _labels(mean) if mean.shape[0] == 1 else mean.argmax(axis=1)[None, :]


def _square_softmax(args):
    model = args["models"][0]
    return model.output == "softmax" and args["X"].shape[1] == model.predict_proba(args["X"]).shape[0]


exercise("ensemble_predict", tuning.ensemble_predict, NB, 2, cases=_ensemble_cases, hidden=_ensemble_hidden,
         mistakes=[_ens_vote, _ens_logits, _ens_proba, _ens_axis],
         contract=[options("models", "sigmoid", "softmax", get=lambda a: {a["models"][0].output},
                           quote=('"sigmoid" or "softmax"', "else the argmax over the C rows")),
                   shape("a single model", lambda a: len(a["models"]) == 1),
                   edge("a mean of exactly 0.5 is label 0 (strictly above)", holds=lambda a: a["models"][
                       0].output == "sigmoid" and bool(np.any(a["models"][0].predict_proba(a["X"]) == 0.5))),
                   shape("m = 1", lambda a: a["X"].shape[1] == 1),
                   shape("as many classes as examples (a wrong axis keeps the shape)", _square_softmax),
                   waive("Raise ValueError", ERRORS_NOT_SCORED)])
