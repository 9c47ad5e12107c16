"""Answers for 07_tuning."""

import math

import numpy as np

from . import valid, wrong


# ---------------------------------------------------------------- log_uniform
@valid("log_uniform")
def log_uniform__ok_1(low, high, size=None, *, rng=None):
    r = np.random.default_rng(rng).uniform(math.log10(low), math.log10(high), size)
    return np.power(10.0, r)


@valid("log_uniform")
def log_uniform__ok_2(low, high, size=None, *, rng=None):
    rng = np.random.default_rng(rng)
    r = rng.uniform(np.log10(low), np.log10(high), size=size)
    return float(10**r) if size is None else 10**r


@wrong("log_uniform", "linear")
def log_uniform__linear_1(low, high, size=None, *, rng=None):
    return np.random.default_rng(rng).uniform(low, high, size)


@wrong("log_uniform", "linear")
def log_uniform__linear_2(low, high, size=None, *, rng=None):
    u = np.random.default_rng(rng).uniform(0, 1, size)
    return low + (high - low) * u


@wrong("log_uniform", "linear")
def log_uniform__linear_3(low, high, size=None, *, rng=None):
    value = np.random.default_rng(rng).uniform(low, high, size=size)
    return float(value) if size is None else value


@wrong("log_uniform", "mixed_bases")
def log_uniform__mixed_bases_1(low, high, size=None, *, rng=None):
    return 10 ** np.random.default_rng(rng).uniform(np.log(low), np.log(high), size)


@wrong("log_uniform", "mixed_bases")
def log_uniform__mixed_bases_2(low, high, size=None, *, rng=None):
    return np.exp(np.random.default_rng(rng).uniform(np.log10(low), np.log10(high), size))


@wrong("log_uniform", "mixed_bases")
def log_uniform__mixed_bases_3(low, high, size=None, *, rng=None):
    r = np.random.default_rng(rng).uniform(math.log(low), math.log(high), size)
    return np.power(10, r)


@wrong("log_uniform", "exponent_returned")
def log_uniform__exponent_returned_1(low, high, size=None, *, rng=None):
    return np.random.default_rng(rng).uniform(np.log10(low), np.log10(high), size)


@wrong("log_uniform", "exponent_returned")
def log_uniform__exponent_returned_2(low, high, size=None, *, rng=None):
    r = np.random.default_rng(rng).uniform(math.log10(low), math.log10(high), size)
    return r


@wrong("log_uniform", "exponent_returned")
def log_uniform__exponent_returned_3(low, high, size=None, *, rng=None):
    a, b = np.log10([low, high])
    return np.random.default_rng(rng).uniform(a, b, size=size)


@wrong("log_uniform", "bounds_as_exponents")
def log_uniform__bounds_as_exponents_1(low, high, size=None, *, rng=None):
    return 10 ** np.random.default_rng(rng).uniform(low, high, size)


@wrong("log_uniform", "bounds_as_exponents")
def log_uniform__bounds_as_exponents_2(low, high, size=None, *, rng=None):
    return np.power(10.0, np.random.default_rng(rng).uniform(low, high, size=size))


@wrong("log_uniform", "bounds_as_exponents")
def log_uniform__bounds_as_exponents_3(low, high, size=None, *, rng=None):
    r = np.random.default_rng(rng).uniform(low, high, size)
    return 10.0**r


# ---------------------------------------------------------------- sample_beta
@valid("sample_beta")
def sample_beta__ok_1(low=0.9, high=0.999, size=None, *, rng=None):
    r = np.random.default_rng(rng).uniform(math.log10(1 - high), math.log10(1 - low), size)
    return 1 - np.power(10.0, r)


@valid("sample_beta")
def sample_beta__ok_2(low=0.9, high=0.999, size=None, *, rng=None):
    rng = np.random.default_rng(rng)
    a, b = np.log10(1 - high), np.log10(1 - low)
    r = rng.uniform(a, b, size=size)
    return 1.0 - 10.0**r


@wrong("sample_beta", "linear")
def sample_beta__linear_1(low=0.9, high=0.999, size=None, *, rng=None):
    return np.random.default_rng(rng).uniform(low, high, size)


@wrong("sample_beta", "linear")
def sample_beta__linear_2(low=0.9, high=0.999, size=None, *, rng=None):
    return low + (high - low) * np.random.default_rng(rng).uniform(size=size)


@wrong("sample_beta", "linear")
def sample_beta__linear_3(low=0.9, high=0.999, size=None, *, rng=None):
    return np.random.default_rng(rng).uniform(low=low, high=high, size=size)


@wrong("sample_beta", "log_of_beta")
def sample_beta__log_of_beta_1(low=0.9, high=0.999, size=None, *, rng=None):
    return 10 ** np.random.default_rng(rng).uniform(np.log10(low), np.log10(high), size)


@wrong("sample_beta", "log_of_beta")
def sample_beta__log_of_beta_2(low=0.9, high=0.999, size=None, *, rng=None):
    r = np.random.default_rng(rng).uniform(math.log10(low), math.log10(high), size)
    return np.power(10.0, r)


@wrong("sample_beta", "log_of_beta")
def sample_beta__log_of_beta_3(low=0.9, high=0.999, size=None, *, rng=None):
    a, b = np.log10([low, high])
    return 10.0 ** np.random.default_rng(rng).uniform(a, b, size=size)


@wrong("sample_beta", "mixed_bases")
def sample_beta__mixed_bases_1(low=0.9, high=0.999, size=None, *, rng=None):
    return 1 - 10 ** np.random.default_rng(rng).uniform(np.log(1 - high), np.log(1 - low), size)


@wrong("sample_beta", "mixed_bases")
def sample_beta__mixed_bases_2(low=0.9, high=0.999, size=None, *, rng=None):
    r = np.random.default_rng(rng).uniform(math.log(1 - high), math.log(1 - low), size)
    return 1.0 - np.power(10.0, r)


@wrong("sample_beta", "mixed_bases")
def sample_beta__mixed_bases_3(low=0.9, high=0.999, size=None, *, rng=None):
    a, b = np.log([1 - high, 1 - low])
    return 1 - 10.0 ** np.random.default_rng(rng).uniform(a, b, size=size)


@wrong("sample_beta", "one_minus_forgotten")
def sample_beta__one_minus_forgotten_1(low=0.9, high=0.999, size=None, *, rng=None):
    return 10 ** np.random.default_rng(rng).uniform(np.log10(1 - high), np.log10(1 - low), size)


@wrong("sample_beta", "one_minus_forgotten")
def sample_beta__one_minus_forgotten_2(low=0.9, high=0.999, size=None, *, rng=None):
    r = np.random.default_rng(rng).uniform(math.log10(1 - high), math.log10(1 - low), size)
    window = np.power(10.0, r)
    return window


@wrong("sample_beta", "one_minus_forgotten")
def sample_beta__one_minus_forgotten_3(low=0.9, high=0.999, size=None, *, rng=None):
    a, b = np.log10(1 - np.array([high, low]))
    return 10.0 ** np.random.default_rng(rng).uniform(a, b, size=size)


# ---------------------------------------------------------------- random_search
def _value(scale, low, high, rng, *, linear=(), int_top=1, draw_fixed=()):
    if low == high and scale not in draw_fixed:
        return low
    if scale in linear or scale == "linear":
        return float(rng.uniform(low, high))
    if scale == "log":
        return float(10 ** rng.uniform(math.log10(low), math.log10(high)))
    if scale == "beta":
        return float(1 - 10 ** rng.uniform(math.log10(1 - high), math.log10(1 - low)))
    return int(rng.integers(low, high + int_top))


def _search(objective, space, n_trials, rng, **how):
    rng = np.random.default_rng(rng)
    trials = []
    for _ in range(n_trials):
        params = {}
        for name, (scale, low, high) in space.items():
            params[name] = _value(scale, low, high, rng, **how)
        trials.append({"params": params, "score": float(objective(**params))})
    return trials


@valid("random_search")
def random_search__ok_1(objective, space, n_trials, *, rng=None):
    return _search(objective, space, n_trials, rng)


@valid("random_search")
def random_search__ok_2(objective, space, n_trials, *, rng=None):
    rng = np.random.default_rng(rng)
    out = []
    for _ in range(n_trials):
        point = {}
        for name in space:
            scale, low, high = space[name]
            if low == high:
                point[name] = low
            elif scale == "int":
                point[name] = int(rng.integers(low, high, endpoint=True))
            elif scale == "linear":
                point[name] = float(rng.uniform(low, high))
            elif scale == "log":
                point[name] = float(np.power(10.0, rng.uniform(np.log10(low), np.log10(high))))
            else:
                point[name] = float(1.0 - np.power(10.0, rng.uniform(np.log10(1 - high), np.log10(1 - low))))
        out.append(dict(params=point, score=float(objective(**point))))
    return out


@wrong("random_search", "linear_scale")
def random_search__linear_scale_1(objective, space, n_trials, *, rng=None):
    return _search(objective, space, n_trials, rng, linear=("log",))


@wrong("random_search", "linear_scale")
def random_search__linear_scale_2(objective, space, n_trials, *, rng=None):
    return _search(objective, space, n_trials, rng, linear=("log", "beta"))


@wrong("random_search", "linear_scale")
def random_search__linear_scale_3(objective, space, n_trials, *, rng=None):
    rng = np.random.default_rng(rng)
    trials = []
    for _ in range(n_trials):
        params = {}
        for name, (scale, low, high) in space.items():
            if low == high:
                params[name] = low
            elif scale == "int":
                params[name] = int(rng.integers(low, high + 1))
            elif scale == "log":
                params[name] = float(10 ** rng.uniform(np.log10(low), np.log10(high)))
            else:  # "beta" treated like "linear"
                params[name] = float(rng.uniform(low, high))
        trials.append({"params": params, "score": float(objective(**params))})
    return trials


@wrong("random_search", "int_high_exclusive")
def random_search__int_high_exclusive_1(objective, space, n_trials, *, rng=None):
    return _search(objective, space, n_trials, rng, int_top=0)


@wrong("random_search", "int_high_exclusive")
def random_search__int_high_exclusive_2(objective, space, n_trials, *, rng=None):
    rng = np.random.default_rng(rng)
    trials = []
    for _ in range(n_trials):
        params = {}
        for name, (scale, low, high) in space.items():
            if scale == "int" and low != high:
                params[name] = int(rng.integers(low, high))
            else:
                params[name] = _value(scale, low, high, rng)
        trials.append({"params": params, "score": float(objective(**params))})
    return trials


@wrong("random_search", "int_high_exclusive")
def random_search__int_high_exclusive_3(objective, space, n_trials, *, rng=None):
    rng = np.random.default_rng(rng)
    trials = []
    for _ in range(n_trials):
        params = {}
        for name, (scale, low, high) in space.items():
            params[name] = int(rng.integers(low, high, endpoint=False)) if scale == "int" and low < high else \
                _value(scale, low, high, rng)
        trials.append({"params": params, "score": float(objective(**params))})
    return trials


@wrong("random_search", "draws_per_name")
def random_search__draws_per_name_1(objective, space, n_trials, *, rng=None):
    rng = np.random.default_rng(rng)
    columns = {name: [_value(*spec, rng) for _ in range(n_trials)] for name, spec in space.items()}
    return [{"params": {n: c[i] for n, c in columns.items()}, "score": float(objective(**{n: c[i] for n, c in
                                                                                         columns.items()}))}
            for i in range(n_trials)]


@wrong("random_search", "draws_per_name")
def random_search__draws_per_name_2(objective, space, n_trials, *, rng=None):
    rng = np.random.default_rng(rng)
    values = {}
    for name, (scale, low, high) in space.items():
        values[name] = [_value(scale, low, high, rng) for _ in range(n_trials)]
    trials = []
    for i in range(n_trials):
        params = {name: values[name][i] for name in space}
        trials.append({"params": params, "score": float(objective(**params))})
    return trials


@wrong("random_search", "draws_per_name")
def random_search__draws_per_name_3(objective, space, n_trials, *, rng=None):
    rng = np.random.default_rng(rng)
    trials = [{"params": {}} for _ in range(n_trials)]
    for name, spec in space.items():
        for trial in trials:
            trial["params"][name] = _value(*spec, rng)
    for trial in trials:
        trial["score"] = float(objective(**trial["params"]))
    return trials


@wrong("random_search", "sorted_trials")
def random_search__sorted_trials_1(objective, space, n_trials, *, rng=None):
    return sorted(_search(objective, space, n_trials, rng), key=lambda t: t["score"])


@wrong("random_search", "sorted_trials")
def random_search__sorted_trials_2(objective, space, n_trials, *, rng=None):
    trials = _search(objective, space, n_trials, rng)
    trials.sort(key=lambda t: t["score"])
    return trials


@wrong("random_search", "sorted_trials")
def random_search__sorted_trials_3(objective, space, n_trials, *, rng=None):
    trials = random_search__ok_2(objective, space, n_trials, rng=rng)
    order = np.argsort([t["score"] for t in trials], kind="stable")
    return [trials[i] for i in order]


@wrong("random_search", "fixed_draws")
def random_search__fixed_draws_1(objective, space, n_trials, *, rng=None):
    return _search(objective, space, n_trials, rng, draw_fixed=("log", "beta", "linear", "int"))


@wrong("random_search", "fixed_draws")
def random_search__fixed_draws_2(objective, space, n_trials, *, rng=None):
    rng = np.random.default_rng(rng)
    trials = []
    for _ in range(n_trials):
        params = {}
        for name, (scale, low, high) in space.items():
            if scale == "log":  # no low == high test: log10(low) == log10(high) draws the same number anyway
                params[name] = float(10 ** rng.uniform(np.log10(low), np.log10(high)))
            else:
                params[name] = _value(scale, low, high, rng)
        trials.append({"params": params, "score": float(objective(**params))})
    return trials


@wrong("random_search", "fixed_draws")
def random_search__fixed_draws_3(objective, space, n_trials, *, rng=None):
    return _search(objective, space, n_trials, rng, draw_fixed=("linear",))


@wrong("random_search", "fixed_draws")
def random_search__fixed_draws_4(objective, space, n_trials, *, rng=None):
    rng = np.random.default_rng(rng)
    trials = []
    for _ in range(n_trials):
        params = {}
        for name, (scale, low, high) in space.items():
            if scale == "beta":
                r = rng.uniform(math.log10(1 - high), math.log10(1 - low))
                params[name] = low if low == high else float(1 - 10**r)
            else:
                params[name] = _value(scale, low, high, rng)
        trials.append({"params": params, "score": float(objective(**params))})
    return trials


# ---------------------------------------------------------------- coarse_to_fine
def _bounds(space, chosen):
    return {name: (scale, min(t["params"][name] for t in chosen), max(t["params"][name] for t in chosen))
            for name, (scale, _, _) in space.items()}


@valid("coarse_to_fine")
def coarse_to_fine__ok_1(trials, space, top_k=5):
    return _bounds(space, sorted(trials, key=lambda t: t["score"])[:top_k])


@valid("coarse_to_fine")
def coarse_to_fine__ok_2(trials, space, top_k=5):
    order = np.argsort([t["score"] for t in trials], kind="stable")[:top_k]
    best = [trials[i] for i in order]
    new = {}
    for name, spec in space.items():
        values = np.array([t["params"][name] for t in best])
        new[name] = (spec[0], values.min().item(), values.max().item())
    return new


@wrong("coarse_to_fine", "worst_trials")
def coarse_to_fine__worst_trials_1(trials, space, top_k=5):
    return _bounds(space, sorted(trials, key=lambda t: t["score"], reverse=True)[:top_k])


@wrong("coarse_to_fine", "worst_trials")
def coarse_to_fine__worst_trials_2(trials, space, top_k=5):
    return _bounds(space, sorted(trials, key=lambda t: -t["score"])[:top_k])


@wrong("coarse_to_fine", "worst_trials")
def coarse_to_fine__worst_trials_3(trials, space, top_k=5):
    order = np.argsort([t["score"] for t in trials], kind="stable")[::-1][:top_k]
    return _bounds(space, [trials[i] for i in order])


@wrong("coarse_to_fine", "top_k_ignored")
def coarse_to_fine__top_k_ignored_1(trials, space, top_k=5):
    return _bounds(space, trials)


@wrong("coarse_to_fine", "top_k_ignored")
def coarse_to_fine__top_k_ignored_2(trials, space, top_k=5):
    return _bounds(space, sorted(trials, key=lambda t: t["score"]))


@wrong("coarse_to_fine", "top_k_ignored")
def coarse_to_fine__top_k_ignored_3(trials, space, top_k=5):
    return {n: (s, min(t["params"][n] for t in trials), max(t["params"][n] for t in trials))
            for n, (s, lo, hi) in space.items()}


@wrong("coarse_to_fine", "unsorted")
def coarse_to_fine__unsorted_1(trials, space, top_k=5):
    return _bounds(space, trials[:top_k])


@wrong("coarse_to_fine", "unsorted")
def coarse_to_fine__unsorted_2(trials, space, top_k=5):
    best = []
    for trial in trials:
        if len(best) < top_k:
            best.append(trial)
    return _bounds(space, best)


@wrong("coarse_to_fine", "unsorted")
def coarse_to_fine__unsorted_3(trials, space, top_k=5):
    return _bounds(space, list(trials)[0:top_k])


@wrong("coarse_to_fine", "ties_reordered")
def coarse_to_fine__ties_reordered_1(trials, space, top_k=5):
    return _bounds(space, sorted(trials, key=lambda t: t["score"], reverse=True)[::-1][:top_k])


@wrong("coarse_to_fine", "ties_reordered")
def coarse_to_fine__ties_reordered_2(trials, space, top_k=5):
    order = sorted(range(len(trials)), key=lambda i: (trials[i]["score"], -i))  # the later trial wins a tie
    return _bounds(space, [trials[i] for i in order[:top_k]])


@wrong("coarse_to_fine", "ties_reordered")
def coarse_to_fine__ties_reordered_3(trials, space, top_k=5):
    ranked = sorted(trials, key=lambda t: (t["score"], sorted(t["params"].items())))
    return _bounds(space, ranked[:top_k])


@wrong("coarse_to_fine", "scale_dropped")
def coarse_to_fine__scale_dropped_1(trials, space, top_k=5):
    return {k: v[1:] for k, v in coarse_to_fine__ok_1(trials, space, top_k).items()}


@wrong("coarse_to_fine", "scale_dropped")
def coarse_to_fine__scale_dropped_2(trials, space, top_k=5):
    best = sorted(trials, key=lambda t: t["score"])[:top_k]
    return {name: (min(t["params"][name] for t in best), max(t["params"][name] for t in best)) for name in space}


@wrong("coarse_to_fine", "scale_dropped")
def coarse_to_fine__scale_dropped_3(trials, space, top_k=5):
    best = sorted(trials, key=lambda t: t["score"])[:top_k]
    out = {}
    for name in space:
        values = [t["params"][name] for t in best]
        out[name] = (min(values), max(values))
    return out


# ---------------------------------------------------------------- is_diverging
@valid("is_diverging")
def is_diverging__ok_1(costs, factor=3.0):
    last = float(costs[-1])
    return bool(math.isnan(last) or math.isinf(last) or last > factor * costs[0])


@valid("is_diverging")
def is_diverging__ok_2(costs, factor=3.0):
    costs = np.asarray(costs, dtype=float)
    return not (np.isfinite(costs[-1]) and costs[-1] <= factor * costs[0])


@wrong("is_diverging", "no_nan_check")
def is_diverging__no_nan_check_1(costs, factor=3.0):
    return bool(costs[-1] > factor * costs[0])


@wrong("is_diverging", "no_nan_check")
def is_diverging__no_nan_check_2(costs, factor=3.0):
    return bool(np.asarray(costs)[-1] / costs[0] > factor)


@wrong("is_diverging", "no_nan_check")
def is_diverging__no_nan_check_3(costs, factor=3.0):
    return bool(np.isinf(costs[-1]) or costs[-1] > factor * costs[0]) if costs[-1] == costs[-1] else False


@wrong("is_diverging", "vs_previous")
def is_diverging__vs_previous_1(costs, factor=3.0):
    last = costs[-1]
    return bool(not np.isfinite(last) or (len(costs) > 1 and last > factor * costs[-2]))


@wrong("is_diverging", "vs_previous")
def is_diverging__vs_previous_2(costs, factor=3.0):
    if not np.isfinite(costs[-1]):
        return True
    previous = costs[-2] if len(costs) > 1 else costs[-1]
    return bool(costs[-1] > factor * previous)


@wrong("is_diverging", "vs_previous")
def is_diverging__vs_previous_3(costs, factor=3.0):
    c = np.asarray(costs, dtype=float)
    return bool(not np.isfinite(c[-1]) or c[-1] > factor * c[max(len(c) - 2, 0)])


@wrong("is_diverging", "vs_minimum")
def is_diverging__vs_minimum_1(costs, factor=3.0):
    last = costs[-1]
    return bool(not np.isfinite(last) or last > factor * min(costs))


@wrong("is_diverging", "vs_minimum")
def is_diverging__vs_minimum_2(costs, factor=3.0):
    c = np.asarray(costs, dtype=float)
    return bool(not np.isfinite(c[-1]) or c[-1] > factor * np.nanmin(c))


@wrong("is_diverging", "vs_minimum")
def is_diverging__vs_minimum_3(costs, factor=3.0):
    best = min(float(x) for x in costs if math.isfinite(x)) if any(math.isfinite(x) for x in costs) else 0.0
    return bool(not math.isfinite(costs[-1]) or costs[-1] > factor * best)


@wrong("is_diverging", "factor_ignored")
def is_diverging__factor_ignored_1(costs, factor=3.0):
    last = costs[-1]
    return bool(not np.isfinite(last) or last > 3.0 * costs[0])


@wrong("is_diverging", "factor_ignored")
def is_diverging__factor_ignored_2(costs, factor=3.0):
    limit = 3 * costs[0]
    return bool(np.isnan(costs[-1]) or np.isinf(costs[-1]) or costs[-1] > limit)


@wrong("is_diverging", "factor_ignored")
def is_diverging__factor_ignored_3(costs, factor=3.0):
    return is_diverging__ok_2(costs)


@wrong("is_diverging", "any_epoch")
def is_diverging__any_epoch_1(costs, factor=3.0):
    return bool(any(not np.isfinite(c) or c > factor * costs[0] for c in costs))


@wrong("is_diverging", "any_epoch")
def is_diverging__any_epoch_2(costs, factor=3.0):
    c = np.asarray(costs, dtype=float)
    return bool(np.any(~np.isfinite(c)) or c[-1] > factor * c[0])


@wrong("is_diverging", "any_epoch")
def is_diverging__any_epoch_3(costs, factor=3.0):
    for cost in costs:
        if math.isnan(cost) or math.isinf(cost) or cost > factor * costs[0]:
            return True
    return False


@wrong("is_diverging", "not_strict")
def is_diverging__not_strict_1(costs, factor=3.0):
    return bool(not np.isfinite(costs[-1]) or costs[-1] >= factor * costs[0])


@wrong("is_diverging", "not_strict")
def is_diverging__not_strict_2(costs, factor=3.0):
    last = float(costs[-1])
    return not (math.isfinite(last) and last < factor * costs[0])


@wrong("is_diverging", "not_strict")
def is_diverging__not_strict_3(costs, factor=3.0):
    c = np.asarray(costs, dtype=float)
    return bool(~np.isfinite(c[-1]) | (c[-1] / c[0] >= factor))


# ---------------------------------------------------------------- expected_initial_loss
@valid("expected_initial_loss")
def expected_initial_loss__ok_1(n_classes):
    return -math.log(1.0 / n_classes)


@valid("expected_initial_loss")
def expected_initial_loss__ok_2(n_classes):
    p = np.full(n_classes, 1.0 / n_classes)
    return float(-np.sum(p * np.log(p)))


@wrong("expected_initial_loss", "log2")
def expected_initial_loss__log2_1(n_classes):
    return float(np.log2(n_classes))


@wrong("expected_initial_loss", "log2")
def expected_initial_loss__log2_2(n_classes):
    return math.log(n_classes, 2)


@wrong("expected_initial_loss", "log2")
def expected_initial_loss__log2_3(n_classes):
    return -math.log2(1 / n_classes)


@wrong("expected_initial_loss", "log10")
def expected_initial_loss__log10_1(n_classes):
    return float(np.log10(n_classes))


@wrong("expected_initial_loss", "log10")
def expected_initial_loss__log10_2(n_classes):
    return math.log10(n_classes)


@wrong("expected_initial_loss", "log10")
def expected_initial_loss__log10_3(n_classes):
    return -math.log(1 / n_classes, 10)


@wrong("expected_initial_loss", "probability")
def expected_initial_loss__probability_1(n_classes):
    return 1.0 / n_classes


@wrong("expected_initial_loss", "probability")
def expected_initial_loss__probability_2(n_classes):
    return float(np.full(n_classes, 1 / n_classes).mean())


@wrong("expected_initial_loss", "probability")
def expected_initial_loss__probability_3(n_classes):
    return n_classes**-1.0


# ---------------------------------------------------------------- ensemble_predict
def _mean(models, X):
    return np.mean([model.predict_proba(X) for model in models], axis=0)


@valid("ensemble_predict")
def ensemble_predict__ok_1(models, X):
    mean = _mean(models, X)
    if mean.shape[0] == 1:
        return (mean > 0.5).astype(np.int64)
    return np.argmax(mean, axis=0).reshape(1, -1)


@valid("ensemble_predict")
def ensemble_predict__ok_2(models, X):
    total = None
    for model in models:
        p = model.predict_proba(X)
        total = p if total is None else total + p
    mean = total / len(models)
    return np.where(mean > 0.5, 1, 0) if models[0].output == "sigmoid" else mean.argmax(axis=0)[np.newaxis]


def _labels(mean):
    return (mean > 0.5).astype(int) if mean.shape[0] == 1 else mean.argmax(axis=0)[None, :]


@wrong("ensemble_predict", "majority_vote")
def ensemble_predict__majority_vote_1(models, X):
    votes = np.stack([model.predict(X)[0] for model in models])
    n = max(2, models[0].predict_proba(X).shape[0])
    counts = np.stack([(votes == c).sum(axis=0) for c in range(n)])
    return counts.argmax(axis=0)[None, :]


@wrong("ensemble_predict", "majority_vote")
def ensemble_predict__majority_vote_2(models, X):
    labels = np.stack([_labels(model.predict_proba(X))[0] for model in models])
    classes = max(2, models[0].predict_proba(X).shape[0])
    return np.array([[np.bincount(labels[:, j], minlength=classes).argmax() for j in range(labels.shape[1])]])


@wrong("ensemble_predict", "majority_vote")
def ensemble_predict__majority_vote_3(models, X):
    votes = [_labels(m.predict_proba(X)) for m in models]
    if models[0].output == "sigmoid":
        return (np.mean(votes, axis=0) > 0.5).astype(int)
    stacked = np.concatenate(votes)
    C = models[0].predict_proba(X).shape[0]
    return np.array([np.bincount(col, minlength=C).argmax() for col in stacked.T])[None, :]


@wrong("ensemble_predict", "mean_logits")
def ensemble_predict__mean_logits_1(models, X):
    if models[0].output == "sigmoid":
        return _labels(_mean(models, X))
    return _labels(sum(model.forward(X) for model in models) / len(models))


@wrong("ensemble_predict", "mean_logits")
def ensemble_predict__mean_logits_2(models, X):
    logits = np.mean([m.forward(X) for m in models], axis=0)
    if models[0].output == "softmax":
        return logits.argmax(axis=0)[None, :]
    return (_mean(models, X) > 0.5).astype(int)


@wrong("ensemble_predict", "mean_logits")
def ensemble_predict__mean_logits_3(models, X):
    outs = [m.forward(X) if m.output == "softmax" else m.predict_proba(X) for m in models]
    return _labels(np.sum(outs, axis=0) / len(outs))


@wrong("ensemble_predict", "returns_probabilities")
def ensemble_predict__returns_probabilities_1(models, X):
    return _mean(models, X)


@wrong("ensemble_predict", "returns_probabilities")
def ensemble_predict__returns_probabilities_2(models, X):
    return sum(m.predict_proba(X) for m in models) / len(models)


@wrong("ensemble_predict", "returns_probabilities")
def ensemble_predict__returns_probabilities_3(models, X):
    stacked = np.stack([m.predict_proba(X) for m in models])
    return stacked.mean(axis=0)


@wrong("ensemble_predict", "argmax_wrong_axis")
def ensemble_predict__argmax_wrong_axis_1(models, X):
    mean = _mean(models, X)
    return _labels(mean) if mean.shape[0] == 1 else mean.argmax(axis=1)[None, :]


@wrong("ensemble_predict", "argmax_wrong_axis")
def ensemble_predict__argmax_wrong_axis_2(models, X):
    mean = _mean(models, X)
    if models[0].output == "sigmoid":
        return (mean > 0.5).astype(int)
    return np.argmax(mean.T, axis=0).reshape(1, -1)


@wrong("ensemble_predict", "argmax_wrong_axis")
def ensemble_predict__argmax_wrong_axis_3(models, X):
    mean = _mean(models, X)
    return (mean > 0.5).astype(int) if len(mean) == 1 else np.array([[row.argmax() for row in mean]])
