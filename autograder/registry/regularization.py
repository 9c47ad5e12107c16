"""02_regularization: L2 and L1 penalties, inverted dropout, early stopping, data augmentation."""

import numpy as np

from dlcore import data, layers, losses, training

from ._core import Case, exercise, mistake, normal, seeded

NB = "02_regularization"


# ---------------------------------------------------------------- penalties
def _params(rng, dims, batchnorm=False):
    params = {}
    for l in range(1, len(dims)):
        params[f"W{l}"] = normal(rng, dims[l], dims[l - 1])
        if batchnorm and l < len(dims) - 1:
            params[f"gamma{l}"] = 1 + normal(rng, dims[l], 1, scale=0.1)
            params[f"beta{l}"] = normal(rng, dims[l], 1, scale=0.1)
        else:
            params[f"b{l}"] = normal(rng, dims[l], 1, scale=0.5)
    return params


def _penalty_cases(rng, hidden):
    specs = [([3, 4, 1], 0.7, 5), ([2, 5, 3, 1], 0.1, 20)]
    if hidden:
        specs += [([4, 2], 1.5, 3), ([2, 3, 3, 2], 0.05, 64), ([5, 4, 1], 2.0, 7, True)]
    return [Case({"params": _params(rng, dims, *bn), "lambd": lambd, "m": m}) for dims, lambd, m, *bn in specs]


def _weights(params):
    return [W for k, W in params.items() if k.startswith("W")]


@mistake("one_over_m", "L2 penalty with lambd/m instead of lambd/(2m)",
         "the L2 cost term is (lambd / (2 * m)) * sum of ||W||^2 (the 2 cancels when you differentiate)")
def _l2_one_over_m(params, lambd, m):
    return float(lambd / m * sum(np.sum(W**2) for W in _weights(params)))


@mistake("penalises_biases", "the biases (and every other array) are penalised too",
         "penalise the weights only: the keys that start with 'W'")
def _l2_all(params, lambd, m):
    return float(lambd / (2 * m) * sum(np.sum(np.asarray(p) ** 2) for p in params.values()))


@mistake("norm_not_squared", "summed the Frobenius norms instead of their squares",
         "use the SQUARED norm: np.sum(W ** 2) (or np.linalg.norm(W) ** 2)")
def _l2_norm(params, lambd, m):
    return float(lambd / (2 * m) * sum(np.linalg.norm(W) for W in _weights(params)))


@mistake("no_m", "not divided by m",
         "the penalty is averaged like the cost: (lambd / (2 * m)) * sum of ||W||^2")
def _l2_no_m(params, lambd, m):
    return float(lambd / 2 * sum(np.sum(W**2) for W in _weights(params)))


exercise("l2_penalty", losses.l2_penalty, NB, 1, cases=_penalty_cases,
         mistakes=[_l2_one_over_m, _l2_all, _l2_norm, _l2_no_m])


def _grad_cases(rng, hidden):
    specs = [((3, 4), 0.7, 5), ((1, 6), 0.2, 10)] + ([((5, 2), 3.0, 4), ((2, 2), 0.01, 100)] if hidden else [])
    return [Case({"W": normal(rng, *shape), "lambd": lambd, "m": m}) for shape, lambd, m in specs]


@mistake("missing_one_over_m", "L2 gradient missing 1/m",
         "the gradient of (lambd / (2m)) * ||W||^2 is (lambd / m) * W")
def _l2g_no_m(W, lambd, m):
    return lambd * W


@mistake("two_lambd_over_m", "L2 gradient 2 * lambd / m * W",
         "the 2 from the square cancels the 1/2 of the cost: (lambd / m) * W")
def _l2g_two(W, lambd, m):
    return 2 * lambd / m * W


@mistake("lambd_over_2m", "L2 gradient lambd / (2m) * W (the cost's factor)",
         "differentiating ||W||^2 gives 2W, so the factor becomes lambd / m")
def _l2g_half(W, lambd, m):
    return lambd / (2 * m) * W


exercise("l2_penalty_grad", losses.l2_penalty_grad, NB, 1, cases=_grad_cases,
         mistakes=[_l2g_no_m, _l2g_two, _l2g_half])


@mistake("over_2m", "L1 penalty with lambd/(2m)",
         "the course pins L1 as (lambd / m) * sum |W| (one set of notes writes 2m)")
def _l1_half(params, lambd, m):
    return float(lambd / (2 * m) * sum(np.sum(np.abs(W)) for W in _weights(params)))


@mistake("penalises_biases", "the biases (and every other array) are penalised too",
         "penalise the weights only: the keys that start with 'W'")
def _l1_all(params, lambd, m):
    return float(lambd / m * sum(np.sum(np.abs(np.asarray(p))) for p in params.values()))


@mistake("no_abs", "summed W without the absolute value",
         "L1 sums the absolute values: np.sum(np.abs(W))")
def _l1_no_abs(params, lambd, m):
    return float(lambd / m * sum(np.sum(W) for W in _weights(params)))


@mistake("squared", "squared the weights (that is L2)",
         "L1 sums |W|, not W**2: (lambd / m) * sum of np.sum(np.abs(W))")
def _l1_squared(params, lambd, m):
    return float(lambd / m * sum(np.sum(W**2) for W in _weights(params)))


exercise("l1_penalty", losses.l1_penalty, NB, 1, cases=_penalty_cases,
         mistakes=[_l1_half, _l1_all, _l1_no_abs, _l1_squared])


# ---------------------------------------------------------------- dropout
def _dropout_forward_cases(rng, hidden):
    specs = [((4, 5), 0.8), ((3, 7), 0.5)] + ([((6, 3), 0.3), ((1, 10), 0.9), ((2, 4), 1.0)] if hidden else [])
    return [Case({"A": normal(rng, *shape), "keep_prob": kp, "rng": seeded(rng)}) for shape, kp in specs]


@mistake("not_scaled", "dropout not divided by keep_prob",
         "inverted dropout divides by keep_prob (A * D / keep_prob) so the expected activation is unchanged")
def _do_no_scale(A, keep_prob, *, rng=None):
    D = np.random.default_rng(rng).random(A.shape) < keep_prob
    return A * D, D


@mistake("mask_greater", "mask drawn with > instead of <",
         "keep a unit when rng.random(A.shape) < keep_prob (then about keep_prob of them survive)")
def _do_greater(A, keep_prob, *, rng=None):
    D = np.random.default_rng(rng).random(A.shape) > keep_prob
    return A * D / keep_prob, D


@mistake("drop_prob_as_keep", "used 1 - keep_prob as the chance to keep",
         "keep_prob is the chance to KEEP a unit: D = rng.random(A.shape) < keep_prob")
def _do_drop_prob(A, keep_prob, *, rng=None):
    D = np.random.default_rng(rng).random(A.shape) < 1 - keep_prob
    return A * D / keep_prob, D


@mistake("times_keep_prob", "multiplied by keep_prob instead of dividing",
         "inverted dropout scales the kept units UP: A * D / keep_prob")
def _do_times(A, keep_prob, *, rng=None):
    D = np.random.default_rng(rng).random(A.shape) < keep_prob
    return A * D * keep_prob, D


exercise("dropout_forward", layers.dropout_forward, NB, 2, cases=_dropout_forward_cases,
         forbidden=["dlcore.layers.dropout_forward", "dlcore.layers.Dropout.forward"],
         mistakes=[_do_no_scale, _do_greater, _do_drop_prob, _do_times])


def _dropout_backward_cases(rng, hidden):
    specs = [((4, 5), 0.8), ((3, 7), 0.5)] + ([((6, 3), 0.3), ((1, 10), 0.9)] if hidden else [])
    return [Case({"dA": normal(rng, *shape), "D": rng.random(shape) < kp, "keep_prob": kp}) for shape, kp in specs]


@mistake("not_scaled", "backward not divided by keep_prob",
         "scale the gradient like the forward pass: dA * D / keep_prob")
def _dob_no_scale(dA, D, keep_prob):
    return dA * D


@mistake("mask_forgotten", "the mask D is not applied",
         "dropped units get no gradient: dA * D / keep_prob")
def _dob_no_mask(dA, D, keep_prob):
    return dA / keep_prob


@mistake("times_keep_prob", "multiplied by keep_prob instead of dividing",
         "dA * D / keep_prob, the same scaling as the forward pass")
def _dob_times(dA, D, keep_prob):
    return dA * D * keep_prob


exercise("dropout_backward", layers.dropout_backward, NB, 1, cases=_dropout_backward_cases,
         forbidden=["dlcore.layers.dropout_backward", "dlcore.layers.Dropout.backward"],
         mistakes=[_dob_no_scale, _dob_no_mask, _dob_times])


# ---------------------------------------------------------------- early_stopping_epoch
_EARLY_VISIBLE = [
    ([1.0, 0.8, 0.7, 0.72, 0.71, 0.73, 0.74, 0.75, 0.6, 0.8], 3),
    ([0.9, 0.85, 0.85, 0.84, 0.86, 0.87, 0.84, 0.83], 2),
    ([1.2, 1.0, 0.9, 0.8, 0.75, 0.74, 0.76, 0.78, 0.77, 0.79, 0.8, 0.81, 0.82], None),
]


def _early_cases(rng, hidden):
    cases = [Case({"dev_costs": costs, **({"patience": p} if p else {})}) for costs, p in _EARLY_VISIBLE]
    if hidden:
        for patience, n in [(2, 15), (4, 25), (None, 40), (1, 8), (3, 20)]:
            epochs = np.arange(n)
            curve = 1 / (1 + epochs) + 0.02 * epochs + rng.normal(0, 0.03, n)
            costs = [round(float(c), 2) for c in curve]
            cases.append(Case({"dev_costs": costs, **({"patience": patience} if patience else {})}))
        cases.append(Case({"dev_costs": [0.5], "patience": 2}))
    return cases


@mistake("global_minimum", "returned the overall best epoch, ignoring patience",
         "stop as soon as `patience` epochs in a row bring no improvement; later epochs are never seen")
def _es_argmin(dev_costs, patience=5):
    return int(np.argmin(dev_costs))


@mistake("stop_epoch", "returned the epoch where training stopped instead of the best one",
         "return the epoch of the best dev cost seen (its weights are the ones early stopping keeps)")
def _es_stop(dev_costs, patience=5):
    best, waited = 0, 0
    for epoch in range(1, len(dev_costs)):
        if dev_costs[epoch] < dev_costs[best]:
            best, waited = epoch, 0
        else:
            waited += 1
            if waited >= patience:
                return epoch
    return best


@mistake("patience_off_by_one", "waits one epoch too many (waited > patience)",
         "stop when `patience` epochs in a row have brought no improvement: waited >= patience")
def _es_off_by_one(dev_costs, patience=5):
    best, waited = 0, 0
    for epoch in range(1, len(dev_costs)):
        if dev_costs[epoch] < dev_costs[best]:
            best, waited = epoch, 0
        else:
            waited += 1
            if waited > patience:
                break
    return best


@mistake("non_strict", "a tie counts as an improvement (<= instead of <)",
         "only a strictly lower dev cost is an improvement: dev_costs[epoch] < dev_costs[best]")
def _es_ties(dev_costs, patience=5):
    best, waited = 0, 0
    for epoch in range(1, len(dev_costs)):
        if dev_costs[epoch] <= dev_costs[best]:
            best, waited = epoch, 0
        else:
            waited += 1
            if waited >= patience:
                break
    return best


exercise("early_stopping_epoch", training.early_stopping_epoch, NB, 2, cases=_early_cases,
         mistakes=[_es_argmin, _es_stop, _es_off_by_one, _es_ties])


# ---------------------------------------------------------------- augment
def _augment_cases(rng, hidden):
    specs = [((4, 4), 5, {}), ((3, 4), 6, {"flip_prob": 0.7})]
    if hidden:
        specs += [((8, 8), 4, {"max_shift": 2}), ((5, 3), 7, {"flip_prob": 0.3, "max_shift": 1}),
                  ((4, 6), 5, {"flip_prob": 1.0, "max_shift": 0}), ((3, 3), 8, {"flip_prob": 0.0, "max_shift": 1})]
    cases = []
    for (h, w), m, kw in specs:
        args = {"X": rng.integers(0, 17, (h * w, m)).astype(float)}
        if (h, w) != (8, 8):
            args["image_shape"] = (h, w)
        cases.append(Case({**args, **kw, "rng": seeded(rng)}))
    return cases


def _augment(X, image_shape, flip_prob, max_shift, rng, *, flip_axis=2, sign=1, roll=False, shifts_first=False,
             swap=False):
    h, w = image_shape
    rng = np.random.default_rng(rng)
    m = X.shape[1]
    if shifts_first:
        shifts = rng.integers(-max_shift, max_shift + 1, size=(m, 2))
        flips = rng.random(m) < flip_prob
    else:
        flips = rng.random(m) < flip_prob
        shifts = rng.integers(-max_shift, max_shift + 1, size=(m, 2))
    images = X.T.reshape(m, h, w).copy()
    images[flips] = np.flip(images[flips], axis=flip_axis)
    out = np.zeros_like(images)
    for i, (dr, dc) in enumerate(sign * shifts):
        if swap:
            dr, dc = dc, dr
        if roll:
            out[i] = np.roll(images[i], (dr, dc), axis=(0, 1))
            continue
        src = images[i, max(0, -dr):h - max(0, dr), max(0, -dc):w - max(0, dc)]
        out[i, max(0, dr):max(0, dr) + src.shape[0], max(0, dc):max(0, dc) + src.shape[1]] = src
    return out.reshape(m, h * w).T.copy()


@mistake("flip_up_down", "flipped the images upside down instead of mirroring them left-right",
         "mirror along the columns: image[:, ::-1] (a digit seen in a mirror, not upside down)")
def _aug_updown(X, image_shape=(8, 8), *, flip_prob=0.5, max_shift=1, rng=None):
    return _augment(X, image_shape, flip_prob, max_shift, rng, flip_axis=1)


@mistake("shift_reversed", "shifted in the opposite direction",
         "a shift (dr, dc) moves the picture down by dr rows and right by dc columns")
def _aug_reversed(X, image_shape=(8, 8), *, flip_prob=0.5, max_shift=1, rng=None):
    return _augment(X, image_shape, flip_prob, max_shift, rng, sign=-1)


@mistake("wraps_around", "shifted with np.roll (pixels wrap around)",
         "fill the uncovered border with zeros instead of wrapping pixels to the other side")
def _aug_roll(X, image_shape=(8, 8), *, flip_prob=0.5, max_shift=1, rng=None):
    return _augment(X, image_shape, flip_prob, max_shift, rng, roll=True)


@mistake("draw_order", "drew the shifts before the flips",
         "draw in the documented order: flips = rng.random(m) < flip_prob first, then the shifts")
def _aug_order(X, image_shape=(8, 8), *, flip_prob=0.5, max_shift=1, rng=None):
    return _augment(X, image_shape, flip_prob, max_shift, rng, shifts_first=True)


@mistake("rows_cols_swapped", "used each shift's (rows, cols) as (cols, rows)",
         "shifts[i] = (rows, cols): the first number moves the image vertically")
def _aug_swap(X, image_shape=(8, 8), *, flip_prob=0.5, max_shift=1, rng=None):
    return _augment(X, image_shape, flip_prob, max_shift, rng, swap=True)


exercise("augment", data.augment, NB, 3, cases=_augment_cases,
         mistakes=[_aug_updown, _aug_reversed, _aug_roll, _aug_order, _aug_swap])
