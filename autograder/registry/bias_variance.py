"""01_bias_variance: splits, normalising inputs, error rates, bias vs variance, iterations per epoch."""

import numpy as np

from dlcore import data, diagnostics

from ._core import Case, exercise, mistake, normal, seeded

NB = "01_bias_variance"


# ---------------------------------------------------------------- train_dev_test_split
def _split_cases(rng, hidden):
    specs = [(2, 10, None, 1), (3, 17, (0.7, 0.15, 0.15), 1)]
    if hidden:
        specs += [(2, 150, (0.98, 0.01, 0.01), 1), (4, 23, (0.5, 0.3, 0.2), 3), (1, 9, (0.34, 0.33, 0.33), 1)]
    cases = []
    for n_x, m, ratios, k in specs:
        Y = rng.integers(0, 2, (k, m)).astype(float)
        args = {"X": normal(rng, n_x, m), "Y": Y}
        if ratios:
            args["ratios"] = ratios
        cases.append(Case({**args, "rng": seeded(rng)}))
    return cases


def _cut(X, Y, perm, sizes):
    parts = np.split(perm, np.cumsum(sizes))
    return tuple((X[:, idx], Y[:, idx]) for idx in parts)


@mistake("round_not_int", "split sizes rounded instead of truncated with int()",
         "n_train = int(ratios[0] * m), n_dev = int(ratios[1] * m); the test set gets the rest")
def _split_round(X, Y, ratios=(0.6, 0.2, 0.2), *, rng=None):
    m = X.shape[1]
    perm = np.random.default_rng(rng).permutation(m)
    return _cut(X, Y, perm, [round(ratios[0] * m), round(ratios[1] * m)])


@mistake("no_shuffle", "the split is not shuffled",
         "shuffle first: perm = rng.permutation(m), then cut perm (the data may be sorted by class or time)")
def _split_no_shuffle(X, Y, ratios=(0.6, 0.2, 0.2), *, rng=None):
    m = X.shape[1]
    return _cut(X, Y, np.arange(m), [int(ratios[0] * m), int(ratios[1] * m)])


@mistake("separate_permutations", "X and Y shuffled with different permutations",
         "draw ONE permutation and index both X and Y with it, or labels no longer match their examples")
def _split_two_perms(X, Y, ratios=(0.6, 0.2, 0.2), *, rng=None):
    m = X.shape[1]
    rng = np.random.default_rng(rng)
    px, py = rng.permutation(m), rng.permutation(m)
    sizes = [int(ratios[0] * m), int(ratios[1] * m)]
    return tuple((x, y) for (x, _), (_, y) in zip(_cut(X, Y, px, sizes), _cut(X, Y, py, sizes)))


@mistake("test_before_dev", "the test set is cut before the dev set",
         "cut in the order train, dev, test: perm[:n_train], perm[n_train:n_train + n_dev], the rest")
def _split_test_first(X, Y, ratios=(0.6, 0.2, 0.2), *, rng=None):
    m = X.shape[1]
    perm = np.random.default_rng(rng).permutation(m)
    n_train, n_dev = int(ratios[0] * m), int(ratios[1] * m)
    n_test = m - n_train - n_dev
    train, test, dev = _cut(X, Y, perm, [n_train, n_test])
    return train, dev, test


exercise("train_dev_test_split", data.train_dev_test_split, NB, 2, cases=_split_cases,
         mistakes=[_split_round, _split_no_shuffle, _split_two_perms, _split_test_first])


# ---------------------------------------------------------------- standardize_fit / standardize_apply
def _fit_cases(rng, hidden):
    shapes = [(3, 8), (2, 5)] + ([(5, 12), (1, 7), (4, 3)] if hidden else [])
    cases = []
    for i, (n, m) in enumerate(shapes):
        X = 5 + normal(rng, n, m, scale=3) * rng.uniform(0.5, 4, (n, 1))
        if i == 1 or (hidden and i == 4):
            X[-1] = 2.5  # a constant feature
        cases.append(Case({"X": X}))
    return cases


@mistake("ddof_one", "standard deviation with ddof=1",
         "use the population std over the training examples: X.std(axis=1, keepdims=True) (ddof=0)")
def _fit_ddof(X):
    sigma = X.std(axis=1, ddof=1, keepdims=True)
    return X.mean(axis=1, keepdims=True), np.where(sigma > 0, sigma, 1.0)


@mistake("variance_not_std", "returned the variance instead of the standard deviation",
         "sigma is the square root of the variance: X.std(axis=1, keepdims=True)")
def _fit_var(X):
    var = X.var(axis=1, keepdims=True)
    return X.mean(axis=1, keepdims=True), np.where(var > 0, var, 1.0)


@mistake("wrong_axis", "statistics over the features (axis=0) instead of over the examples",
         "columns are examples: average over axis=1 with keepdims=True, giving (n_x, 1)")
def _fit_axis(X):
    sigma = X.std(axis=0, keepdims=True)
    return X.mean(axis=0, keepdims=True), np.where(sigma > 0, sigma, 1.0)


@mistake("no_keepdims", "mu and sigma of shape (n_x,) instead of (n_x, 1)",
         "pass keepdims=True so (X - mu) / sigma broadcasts over the columns")
def _fit_flat(X):
    sigma = X.std(axis=1)
    return X.mean(axis=1), np.where(sigma > 0, sigma, 1.0)


@mistake("constant_feature", "a constant feature gets sigma = 0",
         "replace a zero sigma by 1 (np.where(sigma > 0, sigma, 1.0)) so the feature becomes 0, not NaN")
def _fit_zero_sigma(X):
    return X.mean(axis=1, keepdims=True), X.std(axis=1, keepdims=True)


exercise("standardize_fit", data.standardize_fit, NB, 1, cases=_fit_cases,
         mistakes=[_fit_ddof, _fit_var, _fit_axis, _fit_flat, _fit_zero_sigma])


def _apply_cases(rng, hidden):
    shapes = [(3, 6), (2, 9)] + ([(4, 5), (1, 11), (5, 2)] if hidden else [])
    cases = []
    for n, m in shapes:
        train = 3 + normal(rng, n, 20, scale=2)
        mu, sigma = data.standardize_fit(train)
        cases.append(Case({"X": 4 + normal(rng, n, m, scale=3), "mu": mu, "sigma": sigma}))
    return cases


@mistake("own_statistics", "normalised with the set's own mean and std (e.g. the dev set's)",
         "always use the TRAINING set's mu and sigma, passed in as arguments, for train, dev and test alike")
def _apply_own(X, mu, sigma):
    return (X - X.mean(axis=1, keepdims=True)) / X.std(axis=1, keepdims=True)


@mistake("multiplied_by_sigma", "multiplied by sigma instead of dividing",
         "(X - mu) / sigma")
def _apply_times(X, mu, sigma):
    return (X - mu) * sigma


@mistake("divided_by_variance", "divided by sigma**2 (the variance)",
         "divide by the standard deviation sigma itself: (X - mu) / sigma")
def _apply_var(X, mu, sigma):
    return (X - mu) / sigma**2


@mistake("not_centred", "the mean is not subtracted",
         "subtract the training mean first: (X - mu) / sigma")
def _apply_no_mu(X, mu, sigma):
    return X / sigma


exercise("standardize_apply", data.standardize_apply, NB, 1, cases=_apply_cases,
         mistakes=[_apply_own, _apply_times, _apply_var, _apply_no_mu])


# ---------------------------------------------------------------- error_rate
def _error_cases(rng, hidden):
    specs = [(10, 2), (25, 4)] + ([(7, 3), (40, 2), (1, 2)] if hidden else [])
    cases = []
    for m, classes in specs:
        Y = rng.integers(0, classes, (1, m))
        Y_pred = np.where(rng.random((1, m)) < 0.3, rng.integers(0, classes, (1, m)), Y)
        if m > 1 and np.array_equal(Y_pred, Y):
            Y_pred[0, 0] = (Y[0, 0] + 1) % classes
        cases.append(Case({"Y_pred": Y_pred, "Y": Y}))
    return cases


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


exercise("error_rate", diagnostics.error_rate, NB, 1, cases=_error_cases,
         mistakes=[_err_accuracy, _err_count, _err_percent])


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
]


def _diagnose_cases(rng, hidden):
    return [Case(dict(c)) for c in (_DIAGNOSE_HIDDEN if hidden else _DIAGNOSE_VISIBLE)]


def _verdict(high_bias, high_variance):
    if high_bias and high_variance:
        return "high bias and high variance"
    return "high bias" if high_bias else "high variance" if high_variance else "good fit"


@mistake("variance_from_bayes", "variance measured as dev_error - bayes_error",
         "variance is the gap between dev and TRAIN error: dev_error - train_error")
def _diag_var_bayes(train_error, dev_error, bayes_error=0.0, *, tolerance=0.01):
    return _verdict(train_error - bayes_error > tolerance, dev_error - bayes_error > tolerance)


@mistake("bias_ignores_bayes", "bias measured as train_error alone, ignoring the Bayes error",
         "avoidable bias is train_error - bayes_error: compare with the best achievable error")
def _diag_bias_raw(train_error, dev_error, bayes_error=0.0, *, tolerance=0.01):
    return _verdict(train_error > tolerance, dev_error - train_error > tolerance)


@mistake("gaps_swapped", "the two gaps swapped (train-dev gap read as bias)",
         "bias = train_error - bayes_error; variance = dev_error - train_error")
def _diag_swapped(train_error, dev_error, bayes_error=0.0, *, tolerance=0.01):
    return _verdict(dev_error - train_error > tolerance, train_error - bayes_error > tolerance)


@mistake("tolerance_ignored", "the tolerance argument is ignored (always 0.01)",
         "compare each gap with the tolerance argument")
def _diag_fixed_tol(train_error, dev_error, bayes_error=0.0, *, tolerance=0.01):
    return _verdict(train_error - bayes_error > 0.01, dev_error - train_error > 0.01)


exercise("diagnose", diagnostics.diagnose, NB, 2, cases=_diagnose_cases,
         mistakes=[_diag_var_bayes, _diag_bias_raw, _diag_swapped, _diag_fixed_tol])


# ---------------------------------------------------------------- iterations_per_epoch
def _iterations_cases(rng, hidden):
    pairs = [(10_000, 200), (1000, 64), (100, 30), (5, 10)]
    if hidden:
        pairs += [(60_000, 128), (1, 1), (2048, 64), (99, 100), (1797, 32)]
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


exercise("iterations_per_epoch", data.iterations_per_epoch, NB, 1, cases=_iterations_cases,
         mistakes=[_iter_floor, _iter_round, _iter_float])
