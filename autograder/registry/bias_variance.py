"""01_bias_variance: splits, normalising inputs, error rates, bias vs variance, iterations per epoch."""

import numpy as np

from dlcore import data, diagnostics

from ._contract import accepts, edge, outputs, shape, waive
from ._core import Case, exercise, explorer, float32_case, mistake, normal, notebook, seeded

NB = notebook(
    "01_bias_variance", "bias & variance",
    "train/dev/test roles and ratios; normalising with training statistics; bias vs variance against Bayes error; "
    "the basic recipe; epochs, batches, iterations",
    [explorer("normalization_explorer", "elongated vs normalised cost contours"),
     explorer("capacity_explorer", "model capacity vs train/dev error")])

ERRORS_NOT_SCORED = "raising ValueError on invalid input is not scored (the notebook headers say so)"


# ---------------------------------------------------------------- train_dev_test_split
def _split(rng, n_x, m, ratios, k, rng_kind="generator"):
    Y = rng.integers(0, 2, (k, m)).astype(float)
    args = {"X": normal(rng, n_x, m), "Y": Y}
    if ratios:
        args["ratios"] = ratios
    args["rng"] = seeded(rng) if rng_kind == "generator" else int(rng.integers(1, 10_000))
    return Case(args)


def _split_cases(rng):
    return [_split(rng, 2, 10, None, 1), _split(rng, 3, 17, (0.7, 0.15, 0.15), 1, "int")]


def _split_hidden(rng):
    specs = [(2, 150, (0.98, 0.01, 0.01), 1), (4, 23, (0.5, 0.3, 0.2), 3, "int"), (1, 9, (0.34, 0.33, 0.33), 1),
             (3, 12, [0.8, 0.0, 0.2], 2), (2, 1, None, 1), (2, 19, (0.6, 0.2, 0.2), 1)]
    return [_split(rng, *spec) for spec in specs] + [float32_case(_split(rng, 3, 14, (0.5, 0.25, 0.25), 1))]


def _cut(X, Y, perm, sizes):
    parts = np.split(perm, np.cumsum(sizes))
    return tuple((X[:, idx], Y[:, idx]) for idx in parts)


@mistake("sizes_rounded", "split sizes {how} instead of truncated with int()",
         "n_train = int(ratios[0] * m), n_dev = int(ratios[1] * m); the test set gets the rest",
         how=["rounded", "rounded up"])
def _split_round(X, Y, ratios=(0.6, 0.2, 0.2), *, rng=None, how):
    m = X.shape[1]
    perm = np.random.default_rng(rng).permutation(m)
    size = round if how == "rounded" else (lambda x: int(np.ceil(x)))
    return _cut(X, Y, perm, [size(ratios[0] * m), size(ratios[1] * m)])


def _unshuffled(args, expected, got):
    """The parts, put back together, are X and Y in their original order."""
    try:
        X = np.concatenate([np.asarray(part[0]) for part in got], axis=1)
        Y = np.concatenate([np.asarray(part[1]) for part in got], axis=1)
    except Exception:
        return False
    return np.array_equal(X, args["X"]) and np.array_equal(Y, args["Y"])


@mistake("no_shuffle", "the split is not shuffled",
         "shuffle first: perm = rng.permutation(m), then cut perm (the data may be sorted by class or time)",
         explains=_unshuffled)
def _split_no_shuffle(X, Y, ratios=(0.6, 0.2, 0.2), *, rng=None):
    m = X.shape[1]
    return _cut(X, Y, np.arange(m), [int(ratios[0] * m), int(ratios[1] * m)])


@mistake("separate_permutations", "X and Y shuffled with different permutations",
         "draw ONE permutation and index both X and Y with it, or labels no longer match their examples",
         focus=lambda r: [part[1] for part in r])
def _split_two_perms(X, Y, ratios=(0.6, 0.2, 0.2), *, rng=None):
    m = X.shape[1]
    rng = np.random.default_rng(rng)
    px, py = rng.permutation(m), rng.permutation(m)
    sizes = [int(ratios[0] * m), int(ratios[1] * m)]
    return tuple((x, y) for (x, _), (_, y) in zip(_cut(X, Y, px, sizes), _cut(X, Y, py, sizes)))


@mistake("parts_out_of_order", "the parts are cut in the wrong order ({order})",
         "cut in the order train, dev, test: perm[:n_train], perm[n_train:n_train + n_dev], the rest",
         order=["train, test, dev", "test, dev, train"])
def _split_order(X, Y, ratios=(0.6, 0.2, 0.2), *, rng=None, order):
    m = X.shape[1]
    perm = np.random.default_rng(rng).permutation(m)
    n_train, n_dev = int(ratios[0] * m), int(ratios[1] * m)
    n_test = m - n_train - n_dev
    if order == "train, test, dev":
        train, test, dev = _cut(X, Y, perm, [n_train, n_test])
    else:
        test, dev, train = _cut(X, Y, perm, [n_test, n_dev])
    return train, dev, test


exercise("train_dev_test_split", data.train_dev_test_split, NB, 2, cases=_split_cases, hidden=_split_hidden,
         mistakes=[_split_round, _split_no_shuffle, _split_two_perms, _split_order],
         contract=[
             accepts("ratios", "tuple", "list", "omitted"),
             shape("one-hot Y (k > 1)", lambda a: a["Y"].shape[0] > 1),
             shape("m = 1", lambda a: a["X"].shape[1] == 1),
             shape("a single feature (n_x = 1)", lambda a: a["X"].shape[0] == 1),
             edge("an empty part (a zero ratio)", holds=lambda a: 0 in tuple(a.get("ratios", ())),
                  quote="three non-negative fractions"),
             edge("int() truncates (rounding would differ)", tell=_split_round.fn,
                  quote="n_train = int(ratios[0] * m)"),
             waive("Raises ValueError", ERRORS_NOT_SCORED)])


# ---------------------------------------------------------------- standardize_fit / standardize_apply
def _fit(rng, n, m, constant=False):
    X = 5 + normal(rng, n, m, scale=3) * rng.uniform(0.5, 4, (n, 1))
    if constant:
        X[-1] = 2.5  # a constant feature
    return Case({"X": X})


def _fit_cases(rng):
    return [_fit(rng, 3, 8), _fit(rng, 2, 5, True)]


def _fit_hidden(rng):
    cases = [_fit(rng, *spec) for spec in [(5, 12), (1, 7), (4, 3, True), (3, 1), (6, 6)]]
    small = Case({"X": 1 + normal(rng, 3, 10) * np.array([[0.05], [0.5], [2.0]])})  # spreads below and above 1
    return cases + [small, float32_case(_fit(rng, 3, 9, True))]


@mistake("ddof_one", "standard deviation with ddof=1",
         "use the population std over the training examples: X.std(axis=1, keepdims=True) (ddof=0)")
def _fit_ddof(X):
    sigma = X.std(axis=1, ddof=1, keepdims=True)
    return X.mean(axis=1, keepdims=True), np.where(sigma > 0, sigma, 1.0)


@mistake("variance_not_std", "returned the variance instead of the standard deviation",
         "sigma is the square root of the variance: X.std(axis=1, keepdims=True)", focus=lambda r: r[1],
         guard=[True, False])
def _fit_var(X, *, guard):
    var = X.var(axis=1, keepdims=True)
    return X.mean(axis=1, keepdims=True), np.where(var > 0, var, 1.0) if guard else var


@mistake("wrong_axis", "statistics over the features (axis=0) instead of over the examples",
         "columns are examples: average over axis=1 with keepdims=True, giving (n_x, 1)",
         back=["as (1, m)", "transposed to (m, 1)"])
def _fit_axis(X, *, back):
    mu, sigma = X.mean(axis=0, keepdims=True), X.std(axis=0, keepdims=True)
    mu, sigma = (mu, sigma) if back == "as (1, m)" else (mu.T, sigma.T)
    return mu, np.where(sigma > 0, sigma, 1.0)


@mistake("no_keepdims", "mu and sigma of shape (n_x,) instead of (n_x, 1)",
         "pass keepdims=True so (X - mu) / sigma broadcasts over the columns")
def _fit_flat(X):
    sigma = X.std(axis=1)
    return X.mean(axis=1), np.where(sigma > 0, sigma, 1.0)


@mistake("constant_feature", "a constant feature gets sigma = {value} instead of 1",
         "replace a zero sigma by 1 (np.where(sigma > 0, sigma, 1.0)) so the feature becomes 0, not NaN",
         focus=lambda r: r[1], value=[0, "epsilon"])
def _fit_zero_sigma(X, *, value):
    sigma = X.std(axis=1, keepdims=True)
    return X.mean(axis=1, keepdims=True), sigma if value == 0 else np.where(sigma > 0, sigma, 1e-8)


exercise("standardize_fit", data.standardize_fit, NB, 1, cases=_fit_cases, hidden=_fit_hidden,
         mistakes=[_fit_ddof, _fit_var, _fit_axis, _fit_flat, _fit_zero_sigma],
         contract=[shape("m = 1", lambda a: a["X"].shape[1] == 1),
                   shape("a single feature", lambda a: a["X"].shape[0] == 1),
                   shape("square X (n_x = m: a wrong axis keeps the shape)",
                         lambda a: a["X"].shape[0] == a["X"].shape[1]),
                   edge("a constant feature gets sigma = 1", tell=_fit_zero_sigma.fn,
                        quote=("replaced by 1.0", "A constant feature gets sigma = 1")),
                   waive("Raises ValueError", ERRORS_NOT_SCORED)])


def _apply(rng, n, m):
    train = 3 + normal(rng, n, 20, scale=2)
    mu, sigma = data.standardize_fit(train)
    return Case({"X": 4 + normal(rng, n, m, scale=3), "mu": mu, "sigma": sigma})


def _apply_cases(rng):
    return [_apply(rng, 3, 6), _apply(rng, 2, 9)]


def _apply_hidden(rng):
    return [_apply(rng, *spec) for spec in [(4, 5), (1, 11), (5, 2), (3, 1)]] + [float32_case(_apply(rng, 2, 7))]


@mistake("own_statistics", "normalised with the set's own {which} (e.g. the dev set's)",
         "always use the TRAINING set's mu and sigma, passed in as arguments, for train, dev and test alike",
         which=["mean and std", "mean", "std"])
def _apply_own(X, mu, sigma, *, which):
    m = X.mean(axis=1, keepdims=True) if which != "std" else mu
    s = X.std(axis=1, keepdims=True) if which != "mean" else sigma
    return (X - m) / np.where(s > 0, s, 1.0)


@mistake("multiplied_by_sigma", "multiplied by sigma instead of dividing",
         "(X - mu) / sigma")
def _apply_times(X, mu, sigma):
    return (X - mu) * sigma


@mistake("divided_by_variance", "divided by sigma**2 (the variance)",
         "divide by the standard deviation sigma itself: (X - mu) / sigma")
def _apply_var(X, mu, sigma):
    return (X - mu) / sigma**2


@mistake("not_centred", "the mean is {how}",
         "subtract the training mean first: (X - mu) / sigma", how=["not subtracted", "subtracted after dividing"])
def _apply_no_mu(X, mu, sigma, *, how):
    return X / sigma if how == "not subtracted" else X / sigma - mu


exercise("standardize_apply", data.standardize_apply, NB, 1, cases=_apply_cases, hidden=_apply_hidden,
         mistakes=[_apply_own, _apply_times, _apply_var, _apply_no_mu],
         contract=[shape("m = 1 (one dev example)", lambda a: a["X"].shape[1] == 1),
                   shape("a single feature", lambda a: a["X"].shape[0] == 1),
                   waive("Raises ValueError", ERRORS_NOT_SCORED)])


# ---------------------------------------------------------------- error_rate
def _error(rng, m, classes, perfect=False):
    Y = rng.integers(0, classes, (1, m))
    Y_pred = Y.copy() if perfect else np.where(rng.random((1, m)) < 0.3, rng.integers(0, classes, (1, m)), Y)
    if not perfect and np.array_equal(Y_pred, Y):
        Y_pred[0, 0] = (Y[0, 0] + 1) % classes
    return Case({"Y_pred": Y_pred, "Y": Y})


def _error_cases(rng):
    return [_error(rng, 10, 2), _error(rng, 25, 4)]


def _error_hidden(rng):
    cases = [_error(rng, *spec) for spec in [(7, 3), (40, 2), (1, 2), (12, 3, True)]]
    Y = rng.integers(0, 2, (1, 9)).astype(float)  # float labels, as a model's predictions come
    return cases + [Case({"Y_pred": 1.0 - Y, "Y": Y}), Case({"Y_pred": np.ones((1, 4)), "Y": np.ones((1, 4))})]


@mistake("accuracy", "returned the accuracy (fraction correct) instead of the error rate",
         "the error rate counts the WRONG predictions: np.mean(Y_pred != Y)")
def _err_accuracy(Y_pred, Y):
    return float(np.mean(Y_pred == Y))


@mistake("count_not_fraction", "returned the number of errors instead of the fraction",
         "divide by the number of examples m: np.mean(Y_pred != Y)")
def _err_count(Y_pred, Y):
    return float(np.sum(Y_pred != Y))


@mistake("percent", "returned a percentage",
         "return a fraction between 0 and 1 (0.05 means 5 %)")
def _err_percent(Y_pred, Y):
    return float(100 * np.mean(Y_pred != Y))


exercise("error_rate", diagnostics.error_rate, NB, 1, cases=_error_cases, hidden=_error_hidden,
         mistakes=[_err_accuracy, _err_count, _err_percent],
         contract=[shape("m = 1", lambda a: a["Y"].shape[1] == 1),
                   edge("no errors at all (0.0)", holds=lambda a: np.array_equal(a["Y_pred"], a["Y"])),
                   edge("every prediction wrong (1.0)", holds=lambda a: bool(np.all(a["Y_pred"] != a["Y"]))),
                   edge("float labels", holds=lambda a: a["Y"].dtype.kind == "f"),
                   edge("more than two classes", holds=lambda a: len(np.unique(a["Y"])) > 2),
                   waive("Raises ValueError", ERRORS_NOT_SCORED)])


# ---------------------------------------------------------------- diagnose
_DIAGNOSE_VISIBLE = [
    {"train_error": 0.01, "dev_error": 0.11},
    {"train_error": 0.15, "dev_error": 0.30},
    {"train_error": 0.15, "dev_error": 0.155},
    {"train_error": 0.005, "dev_error": 0.012},
    {"train_error": 0.08, "dev_error": 0.10, "bayes_error": 0.075},
    {"train_error": 0.2, "dev_error": 0.23, "bayes_error": 0.05, "tolerance": 0.05},
]
_DIAGNOSE_HIDDEN = [
    {"train_error": 0.02, "dev_error": 0.021, "bayes_error": 0.015},
    {"train_error": 0.3, "dev_error": 0.5, "bayes_error": 0.1},
    {"train_error": 0.12, "dev_error": 0.125, "bayes_error": 0.11},
    {"train_error": 0.005, "dev_error": 0.1},
    {"train_error": 0.1, "dev_error": 0.14, "tolerance": 0.05},
    {"train_error": 0.16, "dev_error": 0.175, "bayes_error": 0.15, "tolerance": 0.02},
    {"train_error": 0.25, "dev_error": 0.26, "bayes_error": 0.02},
    {"train_error": 0.01, "dev_error": 0.3, "bayes_error": 0.005, "tolerance": 0.1},
    {"train_error": 0.16, "dev_error": 0.17, "bayes_error": 0.15},   # both gaps exactly 0.01 after rounding
    {"train_error": 0.07, "dev_error": 0.12, "tolerance": 0.05},     # a gap exactly equal to the tolerance
    {"train_error": 0.0, "dev_error": 0.0},
    # gaps just above the tolerance, at the 12th and at the 13th decimal: rounded to 12 decimals they are high, and
    # not high (11 or 13 decimals would say otherwise)
    {"train_error": 0.2, "dev_error": 0.210000000005},
    {"train_error": 0.2, "dev_error": 0.2100000000004},
    {"train_error": 0.110000000005, "dev_error": 0.11, "bayes_error": 0.1},
    {"train_error": 0.1100000000004, "dev_error": 0.11, "bayes_error": 0.1},
]


def _diagnose_cases(rng):
    return [Case(dict(c)) for c in _DIAGNOSE_VISIBLE]


def _diagnose_hidden(rng):
    return [Case(dict(c)) for c in _DIAGNOSE_HIDDEN]


def _verdict(high_bias, high_variance):
    if high_bias and high_variance:
        return "high bias and high variance"
    return "high bias" if high_bias else "high variance" if high_variance else "good fit"


def _gaps(train_error, dev_error, bayes_error):
    return round(train_error - bayes_error, 12), round(dev_error - train_error, 12)


@mistake("variance_from_bayes", "variance measured as dev_error - bayes_error",
         "variance is the gap between dev and TRAIN error: dev_error - train_error")
def _diag_var_bayes(train_error, dev_error, bayes_error=0.0, *, tolerance=0.01):
    return _verdict(round(train_error - bayes_error, 12) > tolerance, round(dev_error - bayes_error, 12) > tolerance)


@mistake("bias_ignores_bayes", "bias measured as train_error alone, ignoring the Bayes error",
         "avoidable bias is train_error - bayes_error: compare with the best achievable error")
def _diag_bias_raw(train_error, dev_error, bayes_error=0.0, *, tolerance=0.01):
    return _verdict(train_error > tolerance, round(dev_error - train_error, 12) > tolerance)


@mistake("gaps_swapped", "the two gaps swapped (train-dev gap read as bias)",
         "bias = train_error - bayes_error; variance = dev_error - train_error")
def _diag_swapped(train_error, dev_error, bayes_error=0.0, *, tolerance=0.01):
    bias, variance = _gaps(train_error, dev_error, bayes_error)
    return _verdict(variance > tolerance, bias > tolerance)


@mistake("tolerance_ignored", "the tolerance argument is ignored (always 0.01)",
         "compare each gap with the tolerance argument")
def _diag_fixed_tol(train_error, dev_error, bayes_error=0.0, *, tolerance=0.01):
    bias, variance = _gaps(train_error, dev_error, bayes_error)
    return _verdict(bias > 0.01, variance > 0.01)


@mistake("not_strict", "a gap equal to the tolerance counts as high (>= instead of >)",
         "a gap is high only when it is strictly greater than the tolerance: gap > tolerance")
def _diag_ge(train_error, dev_error, bayes_error=0.0, *, tolerance=0.01):
    bias, variance = _gaps(train_error, dev_error, bayes_error)
    return _verdict(bias >= tolerance, variance >= tolerance)


@mistake("gaps_not_rounded", "the gaps are not rounded (0.16 - 0.15 = 0.010000000000000009 > 0.01)",
         "round each gap to 12 decimals before comparing: round(train_error - bayes_error, 12) > tolerance")
def _diag_unrounded(train_error, dev_error, bayes_error=0.0, *, tolerance=0.01):
    return _verdict(train_error - bayes_error > tolerance, dev_error - train_error > tolerance)


exercise("diagnose", diagnostics.diagnose, NB, 2, cases=_diagnose_cases, hidden=_diagnose_hidden,
         mistakes=[_diag_var_bayes, _diag_bias_raw, _diag_swapped, _diag_fixed_tol, _diag_ge, _diag_unrounded],
         contract=[
             outputs("high bias", "high variance", "high bias and high variance", "good fit"),
             edge("a gap exactly equal to the tolerance is not high", tell=_diag_ge.fn, quote="strictly greater"),
             edge("gaps rounded to 12 decimals first", tell=_diag_unrounded.fn,
                  quote=("Round each gap to 12 decimals", "Gaps are rounded to 12 decimals first")),
             waive("Raises ValueError", ERRORS_NOT_SCORED)])


# ---------------------------------------------------------------- iterations_per_epoch
def _iterations_cases(rng):
    return [Case({"m": m, "batch_size": b}) for m, b in [(10_000, 200), (1000, 64), (100, 30), (5, 10)]]


def _iterations_hidden(rng):
    pairs = [(60_000, 128), (1, 1), (2048, 64), (99, 100), (1797, 32), (np.int64(50), np.int32(7)),
             (np.int64(64), 64), (65, 64)]
    return [Case({"m": m, "batch_size": b}) for m, b in pairs]


@mistake("floor_not_ceil", "rounded down: the last, smaller mini-batch is not counted",
         "count the leftover batch too: ceil(m / batch_size), e.g. -(-m // batch_size)")
def _iter_floor(m, batch_size):
    return m // batch_size


@mistake("round_not_ceil", "rounded to the nearest integer",
         "any leftover examples make one more mini-batch: ceil(m / batch_size)")
def _iter_round(m, batch_size):
    return int(round(m / batch_size))


@mistake("float_division", "returned m / batch_size (a float)",
         "return an integer number of steps: math.ceil(m / batch_size) or -(-m // batch_size)")
def _iter_float(m, batch_size):
    return m / batch_size


@mistake("one_too_many", "one step too many when batch_size divides m (m // batch_size + 1)",
         "ceil(m / batch_size): with no leftovers there is no extra, empty batch")
def _iter_plus_one(m, batch_size):
    return int(m // batch_size + 1)


exercise("iterations_per_epoch", data.iterations_per_epoch, NB, 1, cases=_iterations_cases,
         hidden=_iterations_hidden, mistakes=[_iter_floor, _iter_round, _iter_float, _iter_plus_one],
         contract=[accepts("m", "int", "numpy int", quote="Python or numpy integers"),
                   accepts("batch_size", "int", "numpy int", quote="Python or numpy integers"),
                   edge("batch_size divides m", holds=lambda a: a["m"] % a["batch_size"] == 0),
                   edge("batch_size > m (one step)", holds=lambda a: a["batch_size"] > a["m"]),
                   waive("Raises ValueError", ERRORS_NOT_SCORED),
                   waive("bool is not accepted", ERRORS_NOT_SCORED)])
