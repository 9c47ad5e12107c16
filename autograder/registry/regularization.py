"""02_regularization: L2 and L1 penalties, inverted dropout, early stopping, data augmentation."""

import numpy as np

from dlcore import data, layers, losses, training

from ._contract import accepts, edge, shape, waive
from ._core import Case, exercise, explorer, float32_case, mistake, normal, notebook, seeded

NB = notebook(
    "02_regularization", "regularization",
    "L2 and weight decay; L1 and sparsity; elastic net; inverted dropout; augmentation; early stopping; ensembles",
    [explorer("regularization_explorer", "lambda and keep_prob vs the decision boundary"),
     explorer("early_stopping_explorer", "the dev-cost curve and the early-stopping point")])

ERRORS_NOT_SCORED = "raising ValueError on invalid input is not scored (the notebook headers say so)"


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


def _penalty(rng, dims, lambd, m, batchnorm=False):
    return Case({"params": _params(rng, dims, batchnorm), "lambd": lambd, "m": m})


def _penalty_cases(rng):
    return [_penalty(rng, [3, 4, 1], 0.7, 5), _penalty(rng, [2, 5, 3, 1], 0.1, 20)]


def _penalty_hidden(rng):
    return [_penalty(rng, *spec) for spec in [([4, 2], 1.5, 3), ([2, 3, 3, 2], 0.05, 64), ([5, 4, 1], 2.0, 7, True),
                                               ([3, 2], 0.0, 4), ([2, 6, 4, 3, 1], 0.3, 1)]]


def _penalty_contract(quote):
    return [shape("a single layer", lambda a: sum(k.startswith("W") for k in a["params"]) == 1),
            edge("batch-norm parameters gamma and beta are not penalised",
                 holds=lambda a: any(k.startswith("gamma") for k in a["params"]),
                 quote=quote),
            edge("lambd = 0", holds=lambda a: a["lambd"] == 0), shape("m = 1", lambda a: a["m"] == 1),
            waive("Raises ValueError", ERRORS_NOT_SCORED)]


def _weights(params):
    return [W for k, W in params.items() if k.startswith("W")]


@mistake("wrong_factor", "the L2 cost term with the factor {factor} instead of lambd / (2m)",
         "the L2 cost term is (lambd / (2 * m)) * sum of ||W||^2 (the 2 cancels when you differentiate)",
         factor=["lambd / m", "lambd / 2", "lambd"])
def _l2_factor(params, lambd, m, *, factor):
    scale = {"lambd / m": lambd / m, "lambd / 2": lambd / 2, "lambd": lambd}[factor]
    return float(scale * sum(np.sum(W**2) for W in _weights(params)))


@mistake("penalises_biases", "{what} penalised too",
         "penalise the weights only: the keys that start with 'W'", what=["every array", "the biases"])
def _l2_all(params, lambd, m, *, what):
    arrays = params.values() if what == "every array" else [p for k, p in params.items() if k[0] in "Wb"]
    return float(lambd / (2 * m) * sum(np.sum(np.asarray(p) ** 2) for p in arrays))


@mistake("norm_not_squared", "summed the Frobenius norms instead of their squares",
         "use the SQUARED norm: np.sum(W ** 2) (or np.linalg.norm(W) ** 2)", how=["per matrix", "of all weights"])
def _l2_norm(params, lambd, m, *, how):
    if how == "per matrix":
        return float(lambd / (2 * m) * sum(np.linalg.norm(W) for W in _weights(params)))
    return float(lambd / (2 * m) * np.sqrt(sum(np.sum(W**2) for W in _weights(params))))


exercise("l2_penalty", losses.l2_penalty, NB, 1, cases=_penalty_cases, hidden=_penalty_hidden,
         mistakes=[_l2_factor, _l2_all, _l2_norm], contract=_penalty_contract('only the keys starting with "W" count'))


def _grad_cases(rng):
    return [Case({"W": normal(rng, *shape), "lambd": lambd, "m": m}) for shape, lambd, m in [((3, 4), 0.7, 5),
                                                                                            ((1, 6), 0.2, 10)]]


def _grad_hidden(rng):
    cases = [Case({"W": normal(rng, *shape), "lambd": lambd, "m": m})
             for shape, lambd, m in [((5, 2), 3.0, 4), ((2, 2), 0.01, 100), ((4, 1), 0.5, 1), ((3, 3), 0.0, 8)]]
    return cases + [float32_case(Case({"W": normal(rng, 3, 2), "lambd": 0.4, "m": 6}))]


@mistake("wrong_factor", "the L2 gradient with the factor {factor} instead of lambd / m",
         "the gradient of (lambd / (2m)) * ||W||^2 is (lambd / m) * W", factor=["lambd", "2 lambd / m", "lambd / (2m)"])
def _l2g_factor(W, lambd, m, *, factor):
    scale = {"lambd": lambd, "2 lambd / m": 2 * lambd / m, "lambd / (2m)": lambd / (2 * m)}[factor]
    return scale * W


@mistake("sign_flipped", "the gradient's sign is flipped", "d/dW of (lambd / (2m)) ||W||^2 is +(lambd / m) * W; "
         "the update subtracts it")
def _l2g_sign(W, lambd, m):
    return -lambd / m * W


@mistake("penalty_not_gradient", "returned the penalty term (lambd / (2m)) * W**2 instead of its gradient",
         "differentiate: d/dW (lambd / (2m)) * W**2 = (lambd / m) * W")
def _l2g_penalty(W, lambd, m):
    return lambd / (2 * m) * W**2


exercise("l2_penalty_grad", losses.l2_penalty_grad, NB, 1, cases=_grad_cases, hidden=_grad_hidden,
         mistakes=[_l2g_factor, _l2g_sign, _l2g_penalty],
         contract=[shape("m = 1", lambda a: a["m"] == 1), shape("a single column W", lambda a: a["W"].shape[1] == 1),
                   edge("lambd = 0", holds=lambda a: a["lambd"] == 0), waive("Raises ValueError", ERRORS_NOT_SCORED)])


@mistake("wrong_factor", "the L1 cost term with the factor {factor} instead of lambd / m",
         "the course pins L1 as (lambd / m) * sum |W| (one set of notes writes 2m)", factor=["lambd / (2m)", "lambd"])
def _l1_factor(params, lambd, m, *, factor):
    scale = lambd / (2 * m) if factor == "lambd / (2m)" else lambd
    return float(scale * sum(np.sum(np.abs(W)) for W in _weights(params)))


@mistake("penalises_biases", "{what} penalised too",
         "penalise the weights only: the keys that start with 'W'", what=["every array", "the biases"])
def _l1_all(params, lambd, m, *, what):
    arrays = params.values() if what == "every array" else [p for k, p in params.items() if k[0] in "Wb"]
    return float(lambd / m * sum(np.sum(np.abs(np.asarray(p))) for p in arrays))


@mistake("no_abs", "summed W without the absolute value",
         "L1 sums the absolute values: np.sum(np.abs(W))")
def _l1_no_abs(params, lambd, m):
    return float(lambd / m * sum(np.sum(W) for W in _weights(params)))


@mistake("squared", "squared the weights (that is L2)",
         "L1 sums |W|, not W**2: (lambd / m) * sum of np.sum(np.abs(W))")
def _l1_squared(params, lambd, m):
    return float(lambd / m * sum(np.sum(W**2) for W in _weights(params)))


exercise("l1_penalty", losses.l1_penalty, NB, 1, cases=_penalty_cases, hidden=_penalty_hidden,
         mistakes=[_l1_factor, _l1_all, _l1_no_abs, _l1_squared],
         contract=_penalty_contract('only keys starting with "W" count'))


# ---------------------------------------------------------------- dropout
def _dropout(rng, shape, keep_prob, rng_kind="generator"):
    return Case({"A": normal(rng, *shape), "keep_prob": keep_prob,
                 "rng": seeded(rng) if rng_kind == "generator" else int(rng.integers(1, 10_000))})


def _dropout_forward_cases(rng):
    return [_dropout(rng, (4, 5), 0.8), _dropout(rng, (3, 7), 0.5, "int")]


def _dropout_forward_hidden(rng):
    cases = [_dropout(rng, *spec) for spec in [((6, 3), 0.3), ((1, 10), 0.9, "int"), ((2, 4), 1.0), ((5, 1), 0.6)]]
    return cases + [float32_case(_dropout(rng, (3, 4), 0.7))]


@mistake("not_scaled", "dropout not divided by keep_prob", focus=lambda r: r[0],
         fix="inverted dropout divides by keep_prob (A * D / keep_prob) so the expected activation is unchanged")
def _do_no_scale(A, keep_prob, *, rng=None):
    D = np.random.default_rng(rng).random(A.shape) < keep_prob
    return A * D, D


@mistake("mask_inverted", "the mask keeps the wrong units ({how})",
         "keep a unit when rng.random(A.shape) < keep_prob (then about keep_prob of them survive)",
         how=["> keep_prob", "< 1 - keep_prob"])
def _do_greater(A, keep_prob, *, rng=None, how):
    r = np.random.default_rng(rng).random(A.shape)
    D = r > keep_prob if how == "> keep_prob" else r < 1 - keep_prob
    return A * D / keep_prob, D


@mistake("times_keep_prob", "multiplied by keep_prob instead of dividing", focus=lambda r: r[0],
         fix="inverted dropout scales the kept units UP: A * D / keep_prob")
def _do_times(A, keep_prob, *, rng=None):
    D = np.random.default_rng(rng).random(A.shape) < keep_prob
    return A * D * keep_prob, D


exercise("dropout_forward", layers.dropout_forward, NB, 2, cases=_dropout_forward_cases,
         hidden=_dropout_forward_hidden, forbidden=["dlcore.layers.dropout_forward", "dlcore.layers.Dropout.forward"],
         mistakes=[_do_no_scale, _do_greater, _do_times],
         contract=[edge("keep_prob = 1 is the identity", holds=lambda a: a["keep_prob"] == 1.0),
                   shape("m = 1", lambda a: a["A"].shape[1] == 1), shape("one unit", lambda a: a["A"].shape[0] == 1),
                   waive("Raises ValueError", ERRORS_NOT_SCORED)])


def _dropout_backward(rng, shape, keep_prob):
    return Case({"dA": normal(rng, *shape), "D": rng.random(shape) < keep_prob, "keep_prob": keep_prob})


def _dropout_backward_cases(rng):
    return [_dropout_backward(rng, (4, 5), 0.8), _dropout_backward(rng, (3, 7), 0.5)]


def _dropout_backward_hidden(rng):
    cases = [_dropout_backward(rng, *spec) for spec in [((6, 3), 0.3), ((1, 10), 0.9), ((3, 1), 1.0)]]
    return cases + [float32_case(_dropout_backward(rng, (4, 4), 0.6))]


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
         hidden=_dropout_backward_hidden,
         forbidden=["dlcore.layers.dropout_backward", "dlcore.layers.Dropout.backward"],
         mistakes=[_dob_no_scale, _dob_no_mask, _dob_times],
         contract=[edge("keep_prob = 1", holds=lambda a: a["keep_prob"] == 1.0),
                   edge("dropped units pass no gradient", tell=_dob_no_mask.fn,
                        quote=("only kept units pass gradient", "Gradients flow only through kept units")),
                   shape("m = 1", lambda a: a["dA"].shape[1] == 1), waive("Raises ValueError", ERRORS_NOT_SCORED)])


# ---------------------------------------------------------------- early_stopping_epoch
_EARLY_VISIBLE = [
    ([1.0, 0.8, 0.7, 0.72, 0.71, 0.73, 0.74, 0.75, 0.6, 0.8], 3),
    ([0.9, 0.85, 0.85, 0.84, 0.86, 0.87, 0.84, 0.83], 2),
    ([1.2, 1.0, 0.9, 0.8, 0.75, 0.74, 0.76, 0.78, 0.77, 0.79, 0.8, 0.81, 0.82], None),
]


def _early_cases(rng):
    return [Case({"dev_costs": costs, **({"patience": p} if p else {})}) for costs, p in _EARLY_VISIBLE]


def _early_hidden(rng):
    cases = []
    for patience, n in [(2, 15), (4, 25), (None, 40), (1, 8), (3, 20)]:
        epochs = np.arange(n)
        curve = 1 / (1 + epochs) + 0.02 * epochs + rng.normal(0, 0.03, n)
        costs = [round(float(c), 2) for c in curve]
        cases.append(Case({"dev_costs": costs, **({"patience": patience} if patience else {})}))
    cases += [Case({"dev_costs": [0.5], "patience": 2}),
              Case({"dev_costs": np.array([0.9, 0.7, 0.7, 0.7, 0.6, 0.65, 0.64, 0.63]), "patience": 3}),
              Case({"dev_costs": np.array([2.0, 1.5, 1.6, 1.4, 1.45, 1.44, 1.43, 1.42, 1.41, 1.0])}),
              Case({"dev_costs": [0.8, 0.9, 0.85, 0.7], "patience": 3}),
              Case({"dev_costs": [0.9, 0.4, 0.6, 0.5, 0.7], "patience": 3})]  # epoch 1 stays the best
    return cases


def _early_stop(dev_costs, patience, *, better=lambda a, b: a < b, stop_at=None, give="best"):
    stop_at = patience if stop_at is None else stop_at
    best, waited = 0, 0
    for epoch in range(1, len(dev_costs)):
        if better(dev_costs[epoch], dev_costs[best]):
            best, waited = epoch, 0
        else:
            waited += 1
            if waited >= stop_at:
                return epoch if give == "stop" else best
    return best


@mistake("global_minimum", "returned the overall best epoch, ignoring patience",
         "stop as soon as `patience` epochs in a row bring no improvement; later epochs are never seen")
def _es_argmin(dev_costs, patience=5):
    return int(np.argmin(dev_costs))


@mistake("stop_epoch", "returned the epoch where training stopped instead of the best one",
         "return the epoch of the best dev cost seen (its weights are the ones early stopping keeps)")
def _es_stop(dev_costs, patience=5):
    return _early_stop(dev_costs, patience, give="stop")


@mistake("patience_off_by_one", "stops one epoch {when}",
         "stop when `patience` epochs in a row have brought no improvement: waited >= patience",
         when=["too late (waited > patience)", "too early (waited >= patience - 1)"])
def _es_off_by_one(dev_costs, patience=5, *, when):
    return _early_stop(dev_costs, patience, stop_at=patience + 1 if when.startswith("too late") else patience - 1)


@mistake("non_strict", "a tie counts as an improvement (<= instead of <)",
         "only a strictly lower dev cost is an improvement: dev_costs[epoch] < dev_costs[best]")
def _es_ties(dev_costs, patience=5):
    return _early_stop(dev_costs, patience, better=lambda a, b: a <= b)


@mistake("compared_with_previous", "compared each cost with the previous epoch's instead of the best so far",
         "an improvement beats the BEST cost so far: dev_costs[epoch] < dev_costs[best]")
def _es_previous(dev_costs, patience=5):
    best, waited = 0, 0
    for epoch in range(1, len(dev_costs)):
        if dev_costs[epoch] < dev_costs[epoch - 1]:
            best, waited = epoch, 0
        else:
            waited += 1
            if waited >= patience:
                break
    return best


exercise("early_stopping_epoch", training.early_stopping_epoch, NB, 2, cases=_early_cases, hidden=_early_hidden,
         mistakes=[_es_argmin, _es_stop, _es_off_by_one, _es_ties, _es_previous],
         contract=[accepts("dev_costs", "list", "array", quote="list or 1-D array"),
                   shape("a single epoch", lambda a: len(a["dev_costs"]) == 1),
                   edge("a tie is no improvement", tell=_es_ties.fn, quote="no strict improvement"),
                   edge("stops when the wait reaches patience", tell=_es_off_by_one.fn,
                        quote="when it reaches patience"),
                   edge("patience = 1", holds=lambda a: a.get("patience") == 1),
                   waive("Raises ValueError", ERRORS_NOT_SCORED)])


# ---------------------------------------------------------------- augment
def _augment(rng, image, m, kw, rng_kind="generator"):
    h, w = image
    args = {"X": rng.integers(0, 17, (h * w, m)).astype(float)}
    if (h, w) != (8, 8):
        args["image_shape"] = (h, w)
    args.update(kw)
    args["rng"] = seeded(rng) if rng_kind == "generator" else int(rng.integers(1, 10_000))
    return Case(args)


def _augment_cases(rng):
    return [_augment(rng, (4, 4), 5, {}), _augment(rng, (3, 4), 6, {"flip_prob": 0.7}, "int")]


def _augment_hidden(rng):
    specs = [((8, 8), 4, {"max_shift": 2}), ((5, 3), 7, {"flip_prob": 0.3, "max_shift": 1}, "int"),
             ((4, 6), 5, {"flip_prob": 1.0, "max_shift": 0}), ((3, 3), 8, {"flip_prob": 0.0, "max_shift": 1}),
             ((6, 4), 1, {"flip_prob": 1.0, "max_shift": 2}), ((5, 5), 6, {"max_shift": 3}),
             ((3, 4), 8, {"max_shift": 5}), ((4, 3), 12, {"max_shift": 4})]  # shifts beyond the image
    return [_augment(rng, *spec) for spec in specs] + [float32_case(_augment(rng, (4, 3), 5, {"flip_prob": 0.6}))]


def _augmented(X, image_shape, flip_prob, max_shift, rng, *, flip_axis=2, sign=1, roll=False, shifts_first=False,
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
        src = images[i, max(0, -dr):max(0, h - max(0, dr)), max(0, -dc):max(0, w - max(0, dc))]
        if src.size:
            out[i, max(0, dr):max(0, dr) + src.shape[0], max(0, dc):max(0, dc) + src.shape[1]] = src
    return out.reshape(m, h * w).T.copy()


@mistake("flip_up_down", "flipped the images {how} instead of mirroring them left-right",
         "mirror along the columns: image[:, ::-1] (a digit seen in a mirror, not upside down)",
         how=["upside down", "both ways (a half turn)"])
def _aug_updown(X, image_shape=(8, 8), *, flip_prob=0.5, max_shift=1, rng=None, how):
    return _augmented(X, image_shape, flip_prob, max_shift, rng, flip_axis=1 if how == "upside down" else (1, 2))


@mistake("shift_reversed", "shifted in the opposite direction",
         "a shift (dr, dc) moves the picture down by dr rows and right by dc columns")
def _aug_reversed(X, image_shape=(8, 8), *, flip_prob=0.5, max_shift=1, rng=None):
    return _augmented(X, image_shape, flip_prob, max_shift, rng, sign=-1)


@mistake("wraps_around", "shifted with np.roll (pixels wrap around)",
         "fill the uncovered border with zeros instead of wrapping pixels to the other side")
def _aug_roll(X, image_shape=(8, 8), *, flip_prob=0.5, max_shift=1, rng=None):
    return _augmented(X, image_shape, flip_prob, max_shift, rng, roll=True)


@mistake("draw_order", "drew the shifts before the flips",
         "draw in the documented order: flips = rng.random(m) < flip_prob first, then the shifts")
def _aug_order(X, image_shape=(8, 8), *, flip_prob=0.5, max_shift=1, rng=None):
    return _augmented(X, image_shape, flip_prob, max_shift, rng, shifts_first=True)


@mistake("rows_cols_swapped", "used each shift's (rows, cols) as (cols, rows)",
         "shifts[i] = (rows, cols): the first number moves the image vertically")
def _aug_swap(X, image_shape=(8, 8), *, flip_prob=0.5, max_shift=1, rng=None):
    return _augmented(X, image_shape, flip_prob, max_shift, rng, swap=True)


exercise("augment", data.augment, NB, 3, cases=_augment_cases, hidden=_augment_hidden,
         mistakes=[_aug_updown, _aug_reversed, _aug_roll, _aug_order, _aug_swap],
         contract=[accepts("image_shape", "tuple", "omitted"),
                   shape("non-square images", lambda a: len(set(a.get("image_shape", (8, 8)))) == 2),
                   shape("m = 1", lambda a: a["X"].shape[1] == 1),
                   edge("flip_prob = 1 (every image mirrored)", holds=lambda a: a.get("flip_prob") == 1.0),
                   edge("flip_prob = 0 (none mirrored)", holds=lambda a: a.get("flip_prob") == 0.0),
                   edge("max_shift = 0 (no shift)", holds=lambda a: a.get("max_shift") == 0),
                   edge("max_shift larger than the image", holds=lambda a: a.get("max_shift", 1) >= min(
                       a.get("image_shape", (8, 8)))),
                   edge("uncovered pixels are 0", tell=_aug_roll.fn, quote="uncovered pixels are 0"),
                   edge("flips are drawn before shifts", tell=_aug_order.fn,
                        quote=("draw, in this order", "Draws, in this order")),
                   waive("Raises ValueError", ERRORS_NOT_SCORED)])
