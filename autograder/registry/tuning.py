"""07_tuning: sampling on the right scale, random search, coarse to fine, babysitting checks, ensembles."""

import numpy as np

from dlcore import diagnostics, training, tuning
from dlcore.model import mlp

from .. import objectives
from ._core import Case, exercise, mistake, normal, seeded

NB = "07_tuning"


# ---------------------------------------------------------------- log_uniform
def _log_uniform_cases(rng, hidden):
    specs = [(1e-4, 1.0, 5), (0.001, 0.1, (2, 3)), (1e-5, 1e-2, None)]
    if hidden:
        specs += [(0.01, 10.0, 8), (1e-6, 1e-1, (3,)), (2.0, 200.0, 4)]
    return [Case({"low": low, "high": high, **({"size": size} if size is not None else {}), "rng": seeded(rng)})
            for low, high, size in specs]


@mistake("linear", "sampled linearly between low and high",
         "sample the EXPONENT uniformly: 10 ** rng.uniform(np.log10(low), np.log10(high), size)")
def _lu_linear(low, high, size=None, *, rng=None):
    return np.random.default_rng(rng).uniform(low, high, size)


@mistake("natural_log_bounds", "np.log bounds with a power of 10",
         "use the same base twice: 10 ** rng.uniform(np.log10(low), np.log10(high), size)")
def _lu_ln(low, high, size=None, *, rng=None):
    return 10 ** np.random.default_rng(rng).uniform(np.log(low), np.log(high), size)


@mistake("exp_of_log10", "np.exp of a log10 exponent",
         "use the same base twice: 10 ** rng.uniform(np.log10(low), np.log10(high), size)")
def _lu_exp(low, high, size=None, *, rng=None):
    return np.exp(np.random.default_rng(rng).uniform(np.log10(low), np.log10(high), size))


exercise("log_uniform", tuning.log_uniform, NB, 1, cases=_log_uniform_cases,
         mistakes=[_lu_linear, _lu_ln, _lu_exp])


# ---------------------------------------------------------------- sample_beta
def _beta_cases(rng, hidden):
    specs = [(None, None, 6), (0.9, 0.99, (2, 2)), (0.5, 0.999, None)]
    if hidden:
        specs += [(0.8, 0.9999, 10), (0.0, 0.9, 3), (0.95, 0.999, (1, 4))]
    cases = []
    for low, high, size in specs:
        args = {} if low is None else {"low": low, "high": high}
        cases.append(Case({**args, **({"size": size} if size is not None else {}), "rng": seeded(rng)}))
    return cases


@mistake("linear", "sampled beta linearly between low and high",
         "sample 1 - beta on a log scale: beta = 1 - 10 ** rng.uniform(np.log10(1 - high), np.log10(1 - low), size)")
def _sb_linear(low=0.9, high=0.999, size=None, *, rng=None):
    return np.random.default_rng(rng).uniform(low, high, size)


@mistake("log_of_beta", "log scale on beta itself instead of on 1 - beta",
         "the sensitive quantity is the window 1 / (1 - beta): sample r for 1 - beta = 10 ** r")
def _sb_log_beta(low=0.9, high=0.999, size=None, *, rng=None):
    return 10 ** np.random.default_rng(rng).uniform(np.log10(low), np.log10(high), size)


@mistake("natural_log_bounds", "np.log bounds with a power of 10",
         "use the same base twice: 1 - 10 ** rng.uniform(np.log10(1 - high), np.log10(1 - low), size)")
def _sb_ln(low=0.9, high=0.999, size=None, *, rng=None):
    return 1 - 10 ** np.random.default_rng(rng).uniform(np.log(1 - high), np.log(1 - low), size)


@mistake("one_minus_forgotten", "returned 1 - beta (10 ** r) instead of beta",
         "beta = 1 - 10 ** r")
def _sb_no_one_minus(low=0.9, high=0.999, size=None, *, rng=None):
    return 10 ** np.random.default_rng(rng).uniform(np.log10(1 - high), np.log10(1 - low), size)


exercise("sample_beta", tuning.sample_beta, NB, 1, cases=_beta_cases,
         mistakes=[_sb_linear, _sb_log_beta, _sb_ln, _sb_no_one_minus])


# ---------------------------------------------------------------- random_search
_SPACES = [
    {"learning_rate": ("log", 1e-4, 1.0), "beta": ("beta", 0.9, 0.999)},
    {"learning_rate": ("log", 1e-3, 0.1), "n_hidden": ("int", 1, 5), "keep_prob": ("linear", 0.5, 1.0)},
    {"learning_rate": ("log", 1e-5, 1e-1), "beta": ("beta", 0.8, 0.99), "n_layers": ("int", 2, 4)},
    # after coarse_to_fine agreed on n_hidden: a fixed name takes no draw
    {"learning_rate": ("log", 1e-3, 0.1), "n_hidden": ("int", 3, 3), "keep_prob": ("linear", 0.5, 1.0)},
]


def _search_cases(rng, hidden):
    specs = [(0, 5), (1, 6)] + ([(2, 8), (0, 12), (1, 1), (3, 6)] if hidden else [])
    return [Case({"objective": objectives.toy_dev_error, "space": _SPACES[i], "n_trials": n, "rng": seeded(rng)})
            for i, n in specs]


def _draw(scale, low, high, rng, *, linear_log=False, int_exclusive=False):
    if low == high:
        return low
    if scale == "log" and not linear_log:
        return float(10 ** rng.uniform(np.log10(low), np.log10(high)))
    if scale == "beta":
        return float(1 - 10 ** rng.uniform(np.log10(1 - high), np.log10(1 - low)))
    if scale == "int":
        return int(rng.integers(low, high if int_exclusive else high + 1))
    return float(rng.uniform(low, high))


def _search(objective, space, n_trials, rng, **how):
    rng = np.random.default_rng(rng)
    trials = []
    for _ in range(n_trials):
        params = {name: _draw(*spec, rng, **how) for name, spec in space.items()}
        trials.append({"params": params, "score": float(objective(**params))})
    return trials


@mistake("linear_for_log", "log-scale hyperparameters sampled linearly",
         "a 'log' entry is sampled as 10 ** U(log10 low, log10 high) (use log_uniform)")
def _rs_linear(objective, space, n_trials, *, rng=None):
    return _search(objective, space, n_trials, rng, linear_log=True)


@mistake("int_high_exclusive", "integer hyperparameters never reach high (rng.integers(low, high))",
         "an 'int' entry includes both ends: rng.integers(low, high + 1)")
def _rs_int(objective, space, n_trials, *, rng=None):
    return _search(objective, space, n_trials, rng, int_exclusive=True)


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
    return sorted(_search(objective, space, n_trials, rng), key=lambda t: t["score"])


exercise("random_search", tuning.random_search, NB, 2, cases=_search_cases,
         mistakes=[_rs_linear, _rs_int, _rs_columns, _rs_sorted])


# ---------------------------------------------------------------- coarse_to_fine
def _fine_cases(rng, hidden):
    specs = [(0, 12, None), (1, 8, 3)] + ([(2, 20, 4), (0, 6, 1), (1, 10, 10)] if hidden else [])
    cases = []
    for i, n, top_k in specs:
        trials = tuning.random_search(objectives.toy_dev_error, _SPACES[i], n, rng=int(rng.integers(1, 10_000)))
        cases.append(Case({"trials": trials, "space": _SPACES[i], **({"top_k": top_k} if top_k else {})}))
    return cases


def _zoom(trials, space, chosen):
    return {name: (scale, min(t["params"][name] for t in chosen), max(t["params"][name] for t in chosen))
            for name, (scale, _, _) in space.items()}


@mistake("worst_trials", "zoomed in on the trials with the HIGHEST scores",
         "scores are minimised (dev error): sort ascending and keep the first top_k")
def _cf_worst(trials, space, top_k=5):
    return _zoom(trials, space, sorted(trials, key=lambda t: t["score"], reverse=True)[:top_k])


@mistake("top_k_ignored", "bounds taken over all trials (top_k ignored)",
         "keep only the top_k best trials before taking min and max")
def _cf_all(trials, space, top_k=5):
    return _zoom(trials, space, trials)


@mistake("unsorted", "took the first top_k trials without sorting by score",
         "sort by score first: sorted(trials, key=lambda t: t['score'])[:top_k]")
def _cf_unsorted(trials, space, top_k=5):
    return _zoom(trials, space, trials[:top_k])


@mistake("scale_dropped", "the new space lost each entry's scale",
         "keep the same scale: new[name] = (scale, low, high)")
def _cf_no_scale(trials, space, top_k=5):
    return {k: v[1:] for k, v in _zoom(trials, space, sorted(trials, key=lambda t: t["score"])[:top_k]).items()}


exercise("coarse_to_fine", tuning.coarse_to_fine, NB, 2, cases=_fine_cases,
         mistakes=[_cf_worst, _cf_all, _cf_unsorted, _cf_no_scale])


# ---------------------------------------------------------------- is_diverging
_DIVERGING_VISIBLE = [([1.0, 0.8, 0.9], None), ([2.0, 1.0, float("nan")], None), ([1.0, 0.3, 1.2], 2.0),
                      ([1.0, 2.0, 2.5], 2.0), ([0.7, 0.6, float("inf")], None)]
_DIVERGING_HIDDEN = [([0.5], None), ([1.0, 1.5, 2.9], None), ([1.0, 1.5, 3.1], None), ([3.0, 0.1, 0.5], 4.0),
                     ([1.0, 1.4, 1.6], 1.5), ([0.2, 0.3, float("nan")], 10.0), ([0.6, 0.61, 0.59, 0.2], None)]


def _diverging_cases(rng, hidden):
    return [Case({"costs": list(costs), **({"factor": f} if f else {})})
            for costs, f in (_DIVERGING_HIDDEN if hidden else _DIVERGING_VISIBLE)]


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


exercise("is_diverging", training.is_diverging, NB, 1, cases=_diverging_cases,
         mistakes=[_div_no_nan, _div_prev, _div_min, _div_fixed])


# ---------------------------------------------------------------- expected_initial_loss
def _initial_loss_cases(rng, hidden):
    return [Case({"n_classes": n}) for n in ([2, 10, 3] + ([5, 100, 7, 1000] if hidden else []))]


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
         mistakes=[_eil_log2, _eil_log10, _eil_prob])


# ---------------------------------------------------------------- ensemble_predict
def _ensemble_cases(rng, hidden):
    specs = [([2, 4, 1], "sigmoid", 3, 40), ([2, 5, 3], "softmax", 3, 40)]
    if hidden:
        specs += [([3, 6, 1], "sigmoid", 5, 30), ([2, 4, 4], "softmax", 4, 30), ([2, 3, 1], "sigmoid", 1, 10)]
    cases = []
    for dims, output, k, m in specs:
        models = [mlp(dims, hidden="tanh", output=output, rng=int(rng.integers(1, 10_000)), gain=2.0)
                  for _ in range(k)]
        cases.append(Case({"models": models, "X": normal(rng, dims[0], m)}))
    return cases


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


exercise("ensemble_predict", tuning.ensemble_predict, NB, 2, cases=_ensemble_cases,
         mistakes=[_ens_vote, _ens_logits, _ens_proba])
