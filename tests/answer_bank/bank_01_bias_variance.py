"""Answers for 01_bias_variance."""

import math

import numpy as np

from . import valid, wrong


# ---------------------------------------------------------------- train_dev_test_split
@valid("train_dev_test_split")
def train_dev_test_split__ok_1(X, Y, ratios=(0.6, 0.2, 0.2), *, rng=None):
    m = X.shape[1]
    perm = np.random.default_rng(rng).permutation(m)
    a, b = int(ratios[0] * m), int(ratios[0] * m) + int(ratios[1] * m)
    return (X[:, perm[:a]], Y[:, perm[:a]]), (X[:, perm[a:b]], Y[:, perm[a:b]]), (X[:, perm[b:]], Y[:, perm[b:]])


@valid("train_dev_test_split")
def train_dev_test_split__ok_2(X, Y, ratios=(0.6, 0.2, 0.2), *, rng=None):
    rng = np.random.default_rng(rng)
    X, Y = np.asarray(X), np.asarray(Y)
    idx = rng.permutation(X.shape[1])
    sizes = [math.floor(r * X.shape[1]) for r in list(ratios)[:2]]
    parts = np.split(idx, np.cumsum(sizes))
    return [(np.take(X, p, axis=1), np.take(Y, p, axis=1)) for p in parts]


@wrong("train_dev_test_split", "sizes_rounded")
def train_dev_test_split__sizes_rounded_1(X, Y, ratios=(0.6, 0.2, 0.2), *, rng=None):
    m = X.shape[1]
    perm = np.random.default_rng(rng).permutation(m)
    n_train, n_dev = int(round(ratios[0] * m)), int(round(ratios[1] * m))
    cuts = [perm[:n_train], perm[n_train:n_train + n_dev], perm[n_train + n_dev:]]
    return tuple((X[:, c], Y[:, c]) for c in cuts)


@wrong("train_dev_test_split", "sizes_rounded")
def train_dev_test_split__sizes_rounded_2(X, Y, ratios=(0.6, 0.2, 0.2), *, rng=None):
    m = X.shape[1]
    perm = np.random.default_rng(rng).permutation(m)
    n_train = math.ceil(ratios[0] * m)
    n_dev = math.ceil(ratios[1] * m)
    train, dev, test = np.split(perm, [n_train, n_train + n_dev])
    return (X[:, train], Y[:, train]), (X[:, dev], Y[:, dev]), (X[:, test], Y[:, test])


@wrong("train_dev_test_split", "sizes_rounded")
def train_dev_test_split__sizes_rounded_3(X, Y, ratios=(0.6, 0.2, 0.2), *, rng=None):
    m = X.shape[1]
    perm = np.random.default_rng(rng).permutation(m)
    Xs, Ys = X[:, perm], Y[:, perm]
    ends = np.rint(np.asarray(ratios[:2]) * m).astype(int).cumsum()
    return (Xs[:, :ends[0]], Ys[:, :ends[0]]), (Xs[:, ends[0]:ends[1]], Ys[:, ends[0]:ends[1]]), (
        Xs[:, ends[1]:], Ys[:, ends[1]:])


@wrong("train_dev_test_split", "no_shuffle")
def train_dev_test_split__no_shuffle_1(X, Y, ratios=(0.6, 0.2, 0.2), *, rng=None):
    m = X.shape[1]
    a, b = int(ratios[0] * m), int(ratios[1] * m)
    return (X[:, :a], Y[:, :a]), (X[:, a:a + b], Y[:, a:a + b]), (X[:, a + b:], Y[:, a + b:])


@wrong("train_dev_test_split", "no_shuffle")
def train_dev_test_split__no_shuffle_2(X, Y, ratios=(0.6, 0.2, 0.2), *, rng=None):
    m = X.shape[1]
    order = np.sort(np.random.default_rng(rng).permutation(m))  # sorted back: no shuffle left
    n_train, n_dev = int(ratios[0] * m), int(ratios[1] * m)
    parts = np.split(order, [n_train, n_train + n_dev])
    return tuple((X[:, p].copy(), Y[:, p].copy()) for p in parts)


@wrong("train_dev_test_split", "no_shuffle")
def train_dev_test_split__no_shuffle_3(X, Y, ratios=(0.6, 0.2, 0.2), *, rng=None):
    m = X.shape[1]
    stops = [0, int(ratios[0] * m), int(ratios[0] * m) + int(ratios[1] * m), m]
    out = []
    for lo, hi in zip(stops, stops[1:]):
        out.append((X[:, lo:hi], Y[:, lo:hi]))
    return tuple(out)


@wrong("train_dev_test_split", "separate_permutations")
def train_dev_test_split__separate_permutations_1(X, Y, ratios=(0.6, 0.2, 0.2), *, rng=None):
    rng = np.random.default_rng(rng)
    m = X.shape[1]
    Xs, Ys = X[:, rng.permutation(m)], Y[:, rng.permutation(m)]
    a, b = int(ratios[0] * m), int(ratios[0] * m) + int(ratios[1] * m)
    return (Xs[:, :a], Ys[:, :a]), (Xs[:, a:b], Ys[:, a:b]), (Xs[:, b:], Ys[:, b:])


@wrong("train_dev_test_split", "separate_permutations")
def train_dev_test_split__separate_permutations_2(X, Y, ratios=(0.6, 0.2, 0.2), *, rng=None):
    rng = np.random.default_rng(rng)
    m = X.shape[1]
    px = rng.permutation(m)
    py = rng.permutation(m)
    cuts = np.cumsum([int(ratios[0] * m), int(ratios[1] * m)])
    return tuple(zip([X[:, p] for p in np.split(px, cuts)], [Y[:, p] for p in np.split(py, cuts)]))


@wrong("train_dev_test_split", "separate_permutations")
def train_dev_test_split__separate_permutations_3(X, Y, ratios=(0.6, 0.2, 0.2), *, rng=None):
    gen = np.random.default_rng(rng)
    m = X.shape[1]
    Xs = X.T.copy()
    gen.shuffle(Xs)  # shuffles rows (= examples) in place
    Ys = Y.T.copy()
    gen.shuffle(Ys)
    n1, n2 = int(ratios[0] * m), int(ratios[1] * m)
    return ((Xs[:n1].T, Ys[:n1].T), (Xs[n1:n1 + n2].T, Ys[n1:n1 + n2].T), (Xs[n1 + n2:].T, Ys[n1 + n2:].T))


@wrong("train_dev_test_split", "parts_out_of_order")
def train_dev_test_split__parts_out_of_order_1(X, Y, ratios=(0.6, 0.2, 0.2), *, rng=None):
    m = X.shape[1]
    perm = np.random.default_rng(rng).permutation(m)
    n_train, n_dev = int(ratios[0] * m), int(ratios[1] * m)
    n_test = m - n_train - n_dev
    train, test, dev = perm[:n_train], perm[n_train:n_train + n_test], perm[n_train + n_test:]
    return (X[:, train], Y[:, train]), (X[:, dev], Y[:, dev]), (X[:, test], Y[:, test])


@wrong("train_dev_test_split", "parts_out_of_order")
def train_dev_test_split__parts_out_of_order_2(X, Y, ratios=(0.6, 0.2, 0.2), *, rng=None):
    m = X.shape[1]
    perm = np.random.default_rng(rng).permutation(m)
    n_train, n_dev = int(ratios[0] * m), int(ratios[1] * m)
    test = perm[:m - n_train - n_dev]
    dev = perm[m - n_train - n_dev:m - n_train]
    train = perm[m - n_train:]
    return (X[:, train], Y[:, train]), (X[:, dev], Y[:, dev]), (X[:, test], Y[:, test])


@wrong("train_dev_test_split", "parts_out_of_order")
def train_dev_test_split__parts_out_of_order_3(X, Y, ratios=(0.6, 0.2, 0.2), *, rng=None):
    m = X.shape[1]
    perm = list(np.random.default_rng(rng).permutation(m))
    n_train, n_dev = int(ratios[0] * m), int(ratios[1] * m)
    train = perm[:n_train]
    rest = perm[n_train:]
    test, dev = rest[:len(rest) - n_dev], rest[len(rest) - n_dev:]
    return tuple((X[:, p], Y[:, p]) for p in (train, dev, test))


# ---------------------------------------------------------------- standardize_fit
@valid("standardize_fit")
def standardize_fit__ok_1(X):
    m = X.shape[1]
    mu = X.sum(axis=1, keepdims=True) / m
    sigma = np.sqrt(((X - mu) ** 2).sum(axis=1, keepdims=True) / m)
    sigma[sigma == 0] = 1.0
    return mu, sigma


@valid("standardize_fit")
def standardize_fit__ok_2(X):
    mu = np.mean(X, axis=1).reshape(-1, 1)
    sigma = np.std(X, axis=1).reshape(-1, 1)
    return mu, np.where(sigma == 0, 1.0, sigma)


@wrong("standardize_fit", "ddof_one")
def standardize_fit__ddof_one_1(X):
    mu = X.mean(axis=1, keepdims=True)
    sigma = np.sqrt(((X - mu) ** 2).sum(axis=1, keepdims=True) / (X.shape[1] - 1))
    return mu, np.where(sigma > 0, sigma, 1.0)


@wrong("standardize_fit", "ddof_one")
def standardize_fit__ddof_one_2(X):
    rows = [(row.mean(), row.std(ddof=1)) for row in X]
    mu = np.array([[r[0]] for r in rows])
    sigma = np.array([[r[1] if r[1] > 0 else 1.0] for r in rows])
    return mu, sigma


@wrong("standardize_fit", "ddof_one")
def standardize_fit__ddof_one_3(X):
    mu = np.mean(X, axis=1, keepdims=True)
    var = np.var(X, axis=1, ddof=1, keepdims=True)
    sigma = var ** 0.5
    sigma[sigma == 0] = 1
    return mu, sigma


@wrong("standardize_fit", "variance_not_std")
def standardize_fit__variance_not_std_1(X):
    mu = X.mean(axis=1, keepdims=True)
    var = ((X - mu) ** 2).mean(axis=1, keepdims=True)
    return mu, np.where(var > 0, var, 1.0)


@wrong("standardize_fit", "variance_not_std")
def standardize_fit__variance_not_std_2(X):
    mu = X.mean(axis=1, keepdims=True)
    return mu, X.var(axis=1, keepdims=True)  # the guard forgotten too


@wrong("standardize_fit", "variance_not_std")
def standardize_fit__variance_not_std_3(X):
    mu = np.mean(X, axis=1, keepdims=True)
    sigma = np.std(X, axis=1, keepdims=True) ** 2
    sigma[sigma == 0] = 1.0
    return mu, sigma


@wrong("standardize_fit", "wrong_axis")
def standardize_fit__wrong_axis_1(X):
    mu = X.mean(axis=0, keepdims=True)
    sigma = X.std(axis=0, keepdims=True)
    return mu, np.where(sigma > 0, sigma, 1.0)


@wrong("standardize_fit", "wrong_axis")
def standardize_fit__wrong_axis_2(X):
    Xt = X.T  # examples as rows, then the statistics taken across the features anyway
    mu = Xt.mean(axis=1, keepdims=True)
    sigma = Xt.std(axis=1, keepdims=True)
    sigma[sigma == 0] = 1.0
    return mu, sigma


@wrong("standardize_fit", "wrong_axis")
def standardize_fit__wrong_axis_3(X):
    mu = np.array([[X[:, j].mean() for j in range(X.shape[1])]])
    sigma = np.array([[X[:, j].std() or 1.0 for j in range(X.shape[1])]])
    return mu, sigma


@wrong("standardize_fit", "no_keepdims")
def standardize_fit__no_keepdims_1(X):
    sigma = X.std(axis=1)
    return X.mean(axis=1), np.where(sigma > 0, sigma, 1.0)


@wrong("standardize_fit", "no_keepdims")
def standardize_fit__no_keepdims_2(X):
    mu = np.array([row.mean() for row in X])
    sigma = np.array([row.std() if row.std() > 0 else 1.0 for row in X])
    return mu, sigma


@wrong("standardize_fit", "no_keepdims")
def standardize_fit__no_keepdims_3(X):
    mu = np.mean(X, axis=1, keepdims=True).ravel()
    sigma = np.std(X, axis=1, keepdims=True).flatten()
    sigma[sigma == 0] = 1.0
    return mu, sigma


@wrong("standardize_fit", "constant_feature")
def standardize_fit__constant_feature_1(X):
    return X.mean(axis=1, keepdims=True), X.std(axis=1, keepdims=True)


@wrong("standardize_fit", "constant_feature")
def standardize_fit__constant_feature_2(X):
    mu = X.mean(axis=1, keepdims=True)
    sigma = np.sqrt(((X - mu) ** 2).mean(axis=1, keepdims=True))
    return mu, np.maximum(sigma, 1e-8)


@wrong("standardize_fit", "constant_feature")
def standardize_fit__constant_feature_3(X):
    mu = np.mean(X, axis=1)[:, None]
    sigma = np.std(X, axis=1)[:, None]
    return mu, sigma


# ---------------------------------------------------------------- standardize_apply
@valid("standardize_apply")
def standardize_apply__ok_1(X, mu, sigma):
    return (np.asarray(X, dtype=float) - np.asarray(mu)) / np.asarray(sigma)


@valid("standardize_apply")
def standardize_apply__ok_2(X, mu, sigma):
    out = np.empty(X.shape, dtype=np.result_type(X, mu, sigma, np.float32))
    for i in range(X.shape[0]):
        out[i] = (X[i] - mu[i, 0]) / sigma[i, 0]
    return out


@wrong("standardize_apply", "own_statistics")
def standardize_apply__own_statistics_1(X, mu, sigma):
    mu2 = X.mean(axis=1, keepdims=True)
    sd = X.std(axis=1, keepdims=True)
    return (X - mu2) / np.where(sd > 0, sd, 1.0)


@wrong("standardize_apply", "own_statistics")
def standardize_apply__own_statistics_2(X, mu, sigma):
    return (X - np.mean(X, axis=1, keepdims=True)) / sigma


@wrong("standardize_apply", "own_statistics")
def standardize_apply__own_statistics_3(X, mu, sigma):
    spread = np.std(X, axis=1).reshape(-1, 1)
    spread[spread == 0] = 1.0
    return (X - mu) / spread


@wrong("standardize_apply", "multiplied_by_sigma")
def standardize_apply__multiplied_by_sigma_1(X, mu, sigma):
    return (X - mu) * sigma


@wrong("standardize_apply", "multiplied_by_sigma")
def standardize_apply__multiplied_by_sigma_2(X, mu, sigma):
    return np.multiply(X - mu, sigma)


@wrong("standardize_apply", "multiplied_by_sigma")
def standardize_apply__multiplied_by_sigma_3(X, mu, sigma):
    return X * sigma - mu * sigma


@wrong("standardize_apply", "divided_by_variance")
def standardize_apply__divided_by_variance_1(X, mu, sigma):
    return (X - mu) / sigma**2


@wrong("standardize_apply", "divided_by_variance")
def standardize_apply__divided_by_variance_2(X, mu, sigma):
    return (X - mu) / sigma / sigma


@wrong("standardize_apply", "divided_by_variance")
def standardize_apply__divided_by_variance_3(X, mu, sigma):
    var = np.square(sigma)
    return np.divide(X - mu, var)


@wrong("standardize_apply", "not_centred")
def standardize_apply__not_centred_1(X, mu, sigma):
    return X / sigma


@wrong("standardize_apply", "not_centred")
def standardize_apply__not_centred_2(X, mu, sigma):
    return X / sigma - mu


@wrong("standardize_apply", "not_centred")
def standardize_apply__not_centred_3(X, mu, sigma):
    return np.divide(X, sigma)


# ---------------------------------------------------------------- error_rate
@valid("error_rate")
def error_rate__ok_1(Y_pred, Y):
    return np.count_nonzero(Y_pred != Y) / Y.shape[1]


@valid("error_rate")
def error_rate__ok_2(Y_pred, Y):
    wrong_ = sum(int(a != b) for a, b in zip(np.ravel(Y_pred), np.ravel(Y)))
    return wrong_ / np.size(Y)


@wrong("error_rate", "accuracy")
def error_rate__accuracy_1(Y_pred, Y):
    return float(np.mean(Y_pred == Y))


@wrong("error_rate", "accuracy")
def error_rate__accuracy_2(Y_pred, Y):
    return np.sum(Y_pred == Y) / Y.shape[1]


@wrong("error_rate", "accuracy")
def error_rate__accuracy_3(Y_pred, Y):
    right = np.equal(Y_pred, Y).astype(float)
    return float(right.mean())


@wrong("error_rate", "count_not_fraction")
def error_rate__count_not_fraction_1(Y_pred, Y):
    return float(np.sum(Y_pred != Y))


@wrong("error_rate", "count_not_fraction")
def error_rate__count_not_fraction_2(Y_pred, Y):
    return float(np.count_nonzero(Y_pred - Y))


@wrong("error_rate", "count_not_fraction")
def error_rate__count_not_fraction_3(Y_pred, Y):
    n = 0
    for a, b in zip(Y_pred[0], Y[0]):
        n += a != b
    return float(n)


@wrong("error_rate", "percent")
def error_rate__percent_1(Y_pred, Y):
    return float(100 * np.mean(Y_pred != Y))


@wrong("error_rate", "percent")
def error_rate__percent_2(Y_pred, Y):
    return np.sum(Y_pred != Y) * 100.0 / Y.shape[1]


@wrong("error_rate", "percent")
def error_rate__percent_3(Y_pred, Y):
    return round(float(np.mean(Y_pred != Y)) * 100, 10)


# ---------------------------------------------------------------- diagnose
def _verdict(high_bias, high_variance):
    return {(True, True): "high bias and high variance", (True, False): "high bias", (False, True): "high variance",
            (False, False): "good fit"}[(bool(high_bias), bool(high_variance))]


@valid("diagnose")
def diagnose__ok_1(train_error, dev_error, bayes_error=0.0, *, tolerance=0.01):
    bias = round(train_error - bayes_error, 12)
    variance = round(dev_error - train_error, 12)
    return _verdict(bias > tolerance, variance > tolerance)


@valid("diagnose")
def diagnose__ok_2(train_error, dev_error, bayes_error=0.0, *, tolerance=0.01):
    gaps = np.round([train_error - bayes_error, dev_error - train_error], 12)
    names = [n for n, g in zip(["high bias", "high variance"], gaps) if g > tolerance]
    return " and ".join(names) if names else "good fit"


@wrong("diagnose", "variance_from_bayes")
def diagnose__variance_from_bayes_1(train_error, dev_error, bayes_error=0.0, *, tolerance=0.01):
    return _verdict(round(train_error - bayes_error, 12) > tolerance, round(dev_error - bayes_error, 12) > tolerance)


@wrong("diagnose", "variance_from_bayes")
def diagnose__variance_from_bayes_2(train_error, dev_error, bayes_error=0.0, *, tolerance=0.01):
    bias, variance = train_error - bayes_error, dev_error - bayes_error
    hb, hv = round(bias, 12) > tolerance, round(variance, 12) > tolerance
    if hb and hv:
        return "high bias and high variance"
    return "high bias" if hb else ("high variance" if hv else "good fit")


@wrong("diagnose", "variance_from_bayes")
def diagnose__variance_from_bayes_3(train_error, dev_error, bayes_error=0.0, *, tolerance=0.01):
    gaps = np.round(np.array([train_error, dev_error]) - bayes_error, 12)
    return _verdict(gaps[0] > tolerance, gaps[1] > tolerance)


@wrong("diagnose", "bias_ignores_bayes")
def diagnose__bias_ignores_bayes_1(train_error, dev_error, bayes_error=0.0, *, tolerance=0.01):
    return _verdict(train_error > tolerance, round(dev_error - train_error, 12) > tolerance)


@wrong("diagnose", "bias_ignores_bayes")
def diagnose__bias_ignores_bayes_2(train_error, dev_error, bayes_error=0.0, *, tolerance=0.01):
    bias = round(train_error, 12)
    variance = round(dev_error - train_error, 12)
    return _verdict(bias > tolerance, variance > tolerance)


@wrong("diagnose", "bias_ignores_bayes")
def diagnose__bias_ignores_bayes_3(train_error, dev_error, bayes_error=0.0, *, tolerance=0.01):
    high = [train_error - 0.0, round(dev_error - train_error, 12)]
    return _verdict(*(g > tolerance for g in high))


@wrong("diagnose", "gaps_swapped")
def diagnose__gaps_swapped_1(train_error, dev_error, bayes_error=0.0, *, tolerance=0.01):
    return _verdict(round(dev_error - train_error, 12) > tolerance, round(train_error - bayes_error, 12) > tolerance)


@wrong("diagnose", "gaps_swapped")
def diagnose__gaps_swapped_2(train_error, dev_error, bayes_error=0.0, *, tolerance=0.01):
    variance = round(train_error - bayes_error, 12)
    bias = round(dev_error - train_error, 12)
    return _verdict(bias > tolerance, variance > tolerance)


@wrong("diagnose", "gaps_swapped")
def diagnose__gaps_swapped_3(train_error, dev_error, bayes_error=0.0, *, tolerance=0.01):
    labels = {0: "good fit", 1: "high bias", 2: "high variance", 3: "high bias and high variance"}
    code = (round(dev_error - train_error, 12) > tolerance) + 2 * (round(train_error - bayes_error, 12) > tolerance)
    return labels[int(code)]


@wrong("diagnose", "tolerance_ignored")
def diagnose__tolerance_ignored_1(train_error, dev_error, bayes_error=0.0, *, tolerance=0.01):
    return _verdict(round(train_error - bayes_error, 12) > 0.01, round(dev_error - train_error, 12) > 0.01)


@wrong("diagnose", "tolerance_ignored")
def diagnose__tolerance_ignored_2(train_error, dev_error, bayes_error=0.0, *, tolerance=0.01):
    limit = 0.01
    return _verdict(round(train_error - bayes_error, 12) > limit, round(dev_error - train_error, 12) > limit)


@wrong("diagnose", "tolerance_ignored")
def diagnose__tolerance_ignored_3(train_error, dev_error, bayes_error=0.0, *, tolerance=0.01):
    gaps = np.round([train_error - bayes_error, dev_error - train_error], 12) * 100
    return _verdict(gaps[0] > 1, gaps[1] > 1)


@wrong("diagnose", "not_strict")
def diagnose__not_strict_1(train_error, dev_error, bayes_error=0.0, *, tolerance=0.01):
    return _verdict(round(train_error - bayes_error, 12) >= tolerance, round(dev_error - train_error, 12) >= tolerance)


@wrong("diagnose", "not_strict")
def diagnose__not_strict_2(train_error, dev_error, bayes_error=0.0, *, tolerance=0.01):
    bias, variance = round(train_error - bayes_error, 12), round(dev_error - train_error, 12)
    return _verdict(not bias < tolerance, not variance < tolerance)


@wrong("diagnose", "not_strict")
def diagnose__not_strict_3(train_error, dev_error, bayes_error=0.0, *, tolerance=0.01):
    gaps = np.round([train_error - bayes_error, dev_error - train_error], 12)
    return _verdict(*(np.greater_equal(gaps, tolerance)))


@wrong("diagnose", "gaps_not_rounded")
def diagnose__gaps_not_rounded_1(train_error, dev_error, bayes_error=0.0, *, tolerance=0.01):
    return _verdict(train_error - bayes_error > tolerance, dev_error - train_error > tolerance)


@wrong("diagnose", "gaps_not_rounded")
def diagnose__gaps_not_rounded_2(train_error, dev_error, bayes_error=0.0, *, tolerance=0.01):
    bias = float(np.float64(train_error) - bayes_error)
    variance = float(np.float64(dev_error) - train_error)
    return _verdict(bias > tolerance, variance > tolerance)


@wrong("diagnose", "gaps_not_rounded")
def diagnose__gaps_not_rounded_3(train_error, dev_error, bayes_error=0.0, *, tolerance=0.01):
    gaps = np.array([train_error, dev_error]) - np.array([bayes_error, train_error])
    return _verdict(*(gaps > tolerance))


# ---------------------------------------------------------------- iterations_per_epoch
@valid("iterations_per_epoch")
def iterations_per_epoch__ok_1(m, batch_size):
    return int(math.ceil(m / batch_size))


@valid("iterations_per_epoch")
def iterations_per_epoch__ok_2(m, batch_size):
    full, rest = divmod(int(m), int(batch_size))
    return full + (1 if rest else 0)


@wrong("iterations_per_epoch", "floor_not_ceil")
def iterations_per_epoch__floor_not_ceil_1(m, batch_size):
    return m // batch_size


@wrong("iterations_per_epoch", "floor_not_ceil")
def iterations_per_epoch__floor_not_ceil_2(m, batch_size):
    return int(m / batch_size)


@wrong("iterations_per_epoch", "floor_not_ceil")
def iterations_per_epoch__floor_not_ceil_3(m, batch_size):
    return math.floor(m / batch_size)


@wrong("iterations_per_epoch", "round_not_ceil")
def iterations_per_epoch__round_not_ceil_1(m, batch_size):
    return int(round(m / batch_size))


@wrong("iterations_per_epoch", "round_not_ceil")
def iterations_per_epoch__round_not_ceil_2(m, batch_size):
    return int(np.rint(m / batch_size))


@wrong("iterations_per_epoch", "round_not_ceil")
def iterations_per_epoch__round_not_ceil_3(m, batch_size):
    return round(int(m) / int(batch_size))


@wrong("iterations_per_epoch", "float_division")
def iterations_per_epoch__float_division_1(m, batch_size):
    return m / batch_size


@wrong("iterations_per_epoch", "float_division")
def iterations_per_epoch__float_division_2(m, batch_size):
    return float(m) / batch_size


@wrong("iterations_per_epoch", "float_division")
def iterations_per_epoch__float_division_3(m, batch_size):
    return np.divide(m, batch_size)


@wrong("iterations_per_epoch", "one_too_many")
def iterations_per_epoch__one_too_many_1(m, batch_size):
    return m // batch_size + 1


@wrong("iterations_per_epoch", "one_too_many")
def iterations_per_epoch__one_too_many_2(m, batch_size):
    return int(m / batch_size) + 1


@wrong("iterations_per_epoch", "one_too_many")
def iterations_per_epoch__one_too_many_3(m, batch_size):
    return len(range(0, int(m) + 1, int(batch_size)))
