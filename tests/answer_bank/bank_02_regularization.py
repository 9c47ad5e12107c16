"""Answers for 02_regularization."""

import numpy as np

from . import valid, wrong


def _W(params):
    return [np.asarray(v) for k, v in params.items() if k.startswith("W")]


# ---------------------------------------------------------------- l2_penalty
@valid("l2_penalty")
def l2_penalty__ok_1(params, lambd, m):
    total = 0.0
    for key in params:
        if key[0] == "W":
            total += float(np.sum(np.square(params[key])))
    return lambd * total / (2 * m)


@valid("l2_penalty")
def l2_penalty__ok_2(params, lambd, m):
    return (lambd / (2.0 * m)) * sum(np.linalg.norm(W, "fro") ** 2 for W in _W(params))


@wrong("l2_penalty", "wrong_factor")
def l2_penalty__wrong_factor_1(params, lambd, m):
    return lambd / m * sum(float(np.sum(W**2)) for W in _W(params))


@wrong("l2_penalty", "wrong_factor")
def l2_penalty__wrong_factor_2(params, lambd, m):
    return 0.5 * lambd * sum(np.linalg.norm(W) ** 2 for W in _W(params))


@wrong("l2_penalty", "wrong_factor")
def l2_penalty__wrong_factor_3(params, lambd, m):
    squares = [np.square(W).sum() for W in _W(params)]
    return float(lambd * np.sum(squares))


@wrong("l2_penalty", "penalises_biases")
def l2_penalty__penalises_biases_1(params, lambd, m):
    return lambd / (2 * m) * sum(float(np.sum(np.asarray(p) ** 2)) for p in params.values())


@wrong("l2_penalty", "penalises_biases")
def l2_penalty__penalises_biases_2(params, lambd, m):
    keys = [k for k in params if k.startswith(("W", "b"))]
    return float(lambd / (2 * m) * sum(np.sum(params[k] * params[k]) for k in keys))


@wrong("l2_penalty", "penalises_biases")
def l2_penalty__penalises_biases_3(params, lambd, m):
    flat = np.concatenate([np.ravel(p) for p in params.values()])
    return float(lambd / (2 * m) * flat @ flat)


@wrong("l2_penalty", "norm_not_squared")
def l2_penalty__norm_not_squared_1(params, lambd, m):
    return float(lambd / (2 * m) * sum(np.linalg.norm(W) for W in _W(params)))


@wrong("l2_penalty", "norm_not_squared")
def l2_penalty__norm_not_squared_2(params, lambd, m):
    return float(lambd / (2 * m) * sum(np.sqrt(np.sum(W**2)) for W in _W(params)))


@wrong("l2_penalty", "norm_not_squared")
def l2_penalty__norm_not_squared_3(params, lambd, m):
    everything = np.concatenate([W.ravel() for W in _W(params)])
    return float(lambd / (2 * m) * np.linalg.norm(everything))


# ---------------------------------------------------------------- l2_penalty_grad
@valid("l2_penalty_grad")
def l2_penalty_grad__ok_1(W, lambd, m):
    return W * (lambd / m)


@valid("l2_penalty_grad")
def l2_penalty_grad__ok_2(W, lambd, m):
    return np.multiply(lambd, W) / float(m)


@wrong("l2_penalty_grad", "wrong_factor")
def l2_penalty_grad__wrong_factor_1(W, lambd, m):
    return lambd * W


@wrong("l2_penalty_grad", "wrong_factor")
def l2_penalty_grad__wrong_factor_2(W, lambd, m):
    return 2 * lambd * W / m


@wrong("l2_penalty_grad", "wrong_factor")
def l2_penalty_grad__wrong_factor_3(W, lambd, m):
    return (lambd / (2 * m)) * W


@wrong("l2_penalty_grad", "sign_flipped")
def l2_penalty_grad__sign_flipped_1(W, lambd, m):
    return -lambd / m * W


@wrong("l2_penalty_grad", "sign_flipped")
def l2_penalty_grad__sign_flipped_2(W, lambd, m):
    return (0 - W) * lambd / m


@wrong("l2_penalty_grad", "sign_flipped")
def l2_penalty_grad__sign_flipped_3(W, lambd, m):
    return np.negative(W) * (lambd / m)


@wrong("l2_penalty_grad", "penalty_not_gradient")
def l2_penalty_grad__penalty_not_gradient_1(W, lambd, m):
    return lambd / (2 * m) * W**2


@wrong("l2_penalty_grad", "penalty_not_gradient")
def l2_penalty_grad__penalty_not_gradient_2(W, lambd, m):
    return lambd * np.square(W) / (2 * m)


@wrong("l2_penalty_grad", "penalty_not_gradient")
def l2_penalty_grad__penalty_not_gradient_3(W, lambd, m):
    return (W * W) * (0.5 * lambd / m)


# ---------------------------------------------------------------- l1_penalty
@valid("l1_penalty")
def l1_penalty__ok_1(params, lambd, m):
    return float(lambd / m * sum(np.abs(W).sum() for W in _W(params)))


@valid("l1_penalty")
def l1_penalty__ok_2(params, lambd, m):
    total = 0.0
    for key, value in params.items():
        if key.startswith("W"):
            total += np.linalg.norm(np.ravel(value), 1)
    return lambd * total / m


@wrong("l1_penalty", "wrong_factor")
def l1_penalty__wrong_factor_1(params, lambd, m):
    return float(lambd / (2 * m) * sum(np.sum(np.abs(W)) for W in _W(params)))


@wrong("l1_penalty", "wrong_factor")
def l1_penalty__wrong_factor_2(params, lambd, m):
    return float(lambd * sum(np.abs(W).sum() for W in _W(params)))


@wrong("l1_penalty", "wrong_factor")
def l1_penalty__wrong_factor_3(params, lambd, m):
    return 0.5 * lambd * sum(np.linalg.norm(W.ravel(), 1) for W in _W(params)) / m


@wrong("l1_penalty", "penalises_biases")
def l1_penalty__penalises_biases_1(params, lambd, m):
    return float(lambd / m * sum(np.sum(np.abs(p)) for p in params.values()))


@wrong("l1_penalty", "penalises_biases")
def l1_penalty__penalises_biases_2(params, lambd, m):
    return float(lambd / m * sum(np.abs(v).sum() for k, v in params.items() if k[0] in "Wb"))


@wrong("l1_penalty", "penalises_biases")
def l1_penalty__penalises_biases_3(params, lambd, m):
    return float(lambd / m * np.abs(np.concatenate([np.ravel(v) for v in params.values()])).sum())


@wrong("l1_penalty", "no_abs")
def l1_penalty__no_abs_1(params, lambd, m):
    return float(lambd / m * sum(np.sum(W) for W in _W(params)))


@wrong("l1_penalty", "no_abs")
def l1_penalty__no_abs_2(params, lambd, m):
    return float(lambd * sum(W.sum() for W in _W(params)) / m)


@wrong("l1_penalty", "no_abs")
def l1_penalty__no_abs_3(params, lambd, m):
    total = 0.0
    for W in _W(params):
        for x in W.ravel():
            total += x
    return lambd / m * total


@wrong("l1_penalty", "squared")
def l1_penalty__squared_1(params, lambd, m):
    return float(lambd / m * sum(np.sum(W**2) for W in _W(params)))


@wrong("l1_penalty", "squared")
def l1_penalty__squared_2(params, lambd, m):
    return float(lambd / m * sum(np.linalg.norm(W) ** 2 for W in _W(params)))


@wrong("l1_penalty", "squared")
def l1_penalty__squared_3(params, lambd, m):
    return float(lambd / m * sum(np.abs(W * W).sum() for W in _W(params)))


# ---------------------------------------------------------------- dropout_forward
@valid("dropout_forward")
def dropout_forward__ok_1(A, keep_prob, *, rng=None):
    gen = np.random.default_rng(rng)
    D = gen.random(A.shape) < keep_prob
    return np.where(D, A / keep_prob, 0.0), D


@valid("dropout_forward")
def dropout_forward__ok_2(A, keep_prob, *, rng=None):
    D = np.random.default_rng(rng).random(size=A.shape) < keep_prob
    out = A.copy()
    out[~D] = 0
    out /= keep_prob
    return out, D.astype(int)


@wrong("dropout_forward", "not_scaled")
def dropout_forward__not_scaled_1(A, keep_prob, *, rng=None):
    D = np.random.default_rng(rng).random(A.shape) < keep_prob
    return A * D, D


@wrong("dropout_forward", "not_scaled")
def dropout_forward__not_scaled_2(A, keep_prob, *, rng=None):
    D = np.random.default_rng(rng).random(A.shape) < keep_prob
    return np.where(D, A, 0.0), D


@wrong("dropout_forward", "not_scaled")
def dropout_forward__not_scaled_3(A, keep_prob, *, rng=None):
    rng = np.random.default_rng(rng)
    D = (rng.random(A.shape) < keep_prob).astype(float)
    return np.multiply(A, D), D


@wrong("dropout_forward", "mask_inverted")
def dropout_forward__mask_inverted_1(A, keep_prob, *, rng=None):
    D = np.random.default_rng(rng).random(A.shape) > keep_prob
    return A * D / keep_prob, D


@wrong("dropout_forward", "mask_inverted")
def dropout_forward__mask_inverted_2(A, keep_prob, *, rng=None):
    drop_prob = 1 - keep_prob
    D = np.random.default_rng(rng).random(A.shape) < drop_prob
    return A * D / keep_prob, D


@wrong("dropout_forward", "mask_inverted")
def dropout_forward__mask_inverted_3(A, keep_prob, *, rng=None):
    r = np.random.default_rng(rng).random(A.shape)
    D = ~(r <= keep_prob)
    return np.where(D, A / keep_prob, 0.0), D


@wrong("dropout_forward", "times_keep_prob")
def dropout_forward__times_keep_prob_1(A, keep_prob, *, rng=None):
    D = np.random.default_rng(rng).random(A.shape) < keep_prob
    return A * D * keep_prob, D


@wrong("dropout_forward", "times_keep_prob")
def dropout_forward__times_keep_prob_2(A, keep_prob, *, rng=None):
    D = np.random.default_rng(rng).random(A.shape) < keep_prob
    return keep_prob * np.where(D, A, 0.0), D


@wrong("dropout_forward", "times_keep_prob")
def dropout_forward__times_keep_prob_3(A, keep_prob, *, rng=None):
    D = np.random.default_rng(rng).random(A.shape) < keep_prob
    A = A * D
    A *= keep_prob
    return A, D


# ---------------------------------------------------------------- dropout_backward
@valid("dropout_backward")
def dropout_backward__ok_1(dA, D, keep_prob):
    return np.where(D, dA, 0.0) / keep_prob


@valid("dropout_backward")
def dropout_backward__ok_2(dA, D, keep_prob):
    out = dA.copy()
    out[~np.asarray(D, dtype=bool)] = 0.0
    return out / keep_prob


@wrong("dropout_backward", "not_scaled")
def dropout_backward__not_scaled_1(dA, D, keep_prob):
    return dA * D


@wrong("dropout_backward", "not_scaled")
def dropout_backward__not_scaled_2(dA, D, keep_prob):
    return np.where(D, dA, 0.0)


@wrong("dropout_backward", "not_scaled")
def dropout_backward__not_scaled_3(dA, D, keep_prob):
    return np.multiply(dA, D.astype(dA.dtype))


@wrong("dropout_backward", "mask_forgotten")
def dropout_backward__mask_forgotten_1(dA, D, keep_prob):
    return dA / keep_prob


@wrong("dropout_backward", "mask_forgotten")
def dropout_backward__mask_forgotten_2(dA, D, keep_prob):
    return np.divide(dA, keep_prob)


@wrong("dropout_backward", "mask_forgotten")
def dropout_backward__mask_forgotten_3(dA, D, keep_prob):
    return dA * (1.0 / keep_prob)


@wrong("dropout_backward", "times_keep_prob")
def dropout_backward__times_keep_prob_1(dA, D, keep_prob):
    return dA * D * keep_prob


@wrong("dropout_backward", "times_keep_prob")
def dropout_backward__times_keep_prob_2(dA, D, keep_prob):
    return np.where(D, dA * keep_prob, 0.0)


@wrong("dropout_backward", "times_keep_prob")
def dropout_backward__times_keep_prob_3(dA, D, keep_prob):
    out = dA * D
    return out * keep_prob


# ---------------------------------------------------------------- early_stopping_epoch
@valid("early_stopping_epoch")
def early_stopping_epoch__ok_1(dev_costs, patience=5):
    best, best_cost, waited = 0, dev_costs[0], 0
    for epoch, cost in enumerate(list(dev_costs)[1:], start=1):
        if cost < best_cost:
            best, best_cost, waited = epoch, cost, 0
        else:
            waited += 1
            if waited == patience:
                return best
    return best


@valid("early_stopping_epoch")
def early_stopping_epoch__ok_2(dev_costs, patience=5):
    costs = np.asarray(dev_costs, dtype=float)
    best = 0
    epoch = 1
    while epoch < len(costs) and epoch - best <= patience:
        if costs[epoch] < costs[best]:
            best = epoch
        elif epoch - best >= patience:
            break
        epoch += 1
    return int(best)


@valid("early_stopping_epoch")
def early_stopping_epoch__ok_3(dev_costs, patience=5):
    best = 0
    for epoch in range(1, len(dev_costs)):
        if epoch - best > patience:
            break
        if dev_costs[epoch] < dev_costs[best]:
            best = epoch
    return best


@wrong("early_stopping_epoch", "global_minimum")
def early_stopping_epoch__global_minimum_1(dev_costs, patience=5):
    return int(np.argmin(dev_costs))


@wrong("early_stopping_epoch", "global_minimum")
def early_stopping_epoch__global_minimum_2(dev_costs, patience=5):
    costs = list(dev_costs)
    return costs.index(min(costs))


@wrong("early_stopping_epoch", "global_minimum")
def early_stopping_epoch__global_minimum_3(dev_costs, patience=5):
    best = 0
    for epoch in range(1, len(dev_costs)):
        if dev_costs[epoch] < dev_costs[best]:
            best = epoch
    return best


@wrong("early_stopping_epoch", "stop_epoch")
def early_stopping_epoch__stop_epoch_1(dev_costs, patience=5):
    best, waited = 0, 0
    for epoch in range(1, len(dev_costs)):
        if dev_costs[epoch] < dev_costs[best]:
            best, waited = epoch, 0
        else:
            waited += 1
            if waited >= patience:
                return epoch
    return best


@wrong("early_stopping_epoch", "stop_epoch")
def early_stopping_epoch__stop_epoch_2(dev_costs, patience=5):
    best = 0
    for epoch in range(1, len(dev_costs)):
        if dev_costs[epoch] < dev_costs[best]:
            best = epoch
        elif epoch - best == patience:
            return epoch
    return best


@wrong("early_stopping_epoch", "stop_epoch")
def early_stopping_epoch__stop_epoch_3(dev_costs, patience=5):
    best, waited, epoch = 0, 0, 0
    stopped = None
    for epoch, cost in enumerate(dev_costs):
        if epoch and cost < dev_costs[best]:
            best, waited = epoch, 0
        elif epoch:
            waited += 1
        if waited >= patience:
            stopped = epoch
            break
    return best if stopped is None else stopped


@wrong("early_stopping_epoch", "patience_off_by_one")
def early_stopping_epoch__patience_off_by_one_1(dev_costs, patience=5):
    best, waited = 0, 0
    for epoch in range(1, len(dev_costs)):
        if dev_costs[epoch] < dev_costs[best]:
            best, waited = epoch, 0
        else:
            waited += 1
            if waited > patience:
                break
    return best


@wrong("early_stopping_epoch", "patience_off_by_one")
def early_stopping_epoch__patience_off_by_one_2(dev_costs, patience=5):
    best = 0
    for epoch in range(1, len(dev_costs)):
        if epoch - best >= patience:  # gives up before looking at epoch best + patience
            break
        if dev_costs[epoch] < dev_costs[best]:
            best = epoch
    return best


@wrong("early_stopping_epoch", "patience_off_by_one")
def early_stopping_epoch__patience_off_by_one_3(dev_costs, patience=5):
    best, waited = 0, 0
    for epoch in range(1, len(dev_costs)):
        if dev_costs[epoch] < dev_costs[best]:
            best, waited = epoch, 0
        else:
            waited += 1
            if waited >= patience - 1:
                break
    return best


@wrong("early_stopping_epoch", "non_strict")
def early_stopping_epoch__non_strict_1(dev_costs, patience=5):
    best, waited = 0, 0
    for epoch in range(1, len(dev_costs)):
        if dev_costs[epoch] <= dev_costs[best]:
            best, waited = epoch, 0
        else:
            waited += 1
            if waited >= patience:
                break
    return best


@wrong("early_stopping_epoch", "non_strict")
def early_stopping_epoch__non_strict_2(dev_costs, patience=5):
    best, waited = 0, 0
    for epoch in range(1, len(dev_costs)):
        if not dev_costs[epoch] > dev_costs[best]:
            best = epoch
            waited = 0
            continue
        waited += 1
        if waited == patience:
            break
    return best


@wrong("early_stopping_epoch", "non_strict")
def early_stopping_epoch__non_strict_3(dev_costs, patience=5):
    costs = np.asarray(dev_costs)
    best, waited = 0, 0
    for epoch in range(1, costs.size):
        improved = costs[epoch] - costs[best] <= 0
        best, waited = (epoch, 0) if improved else (best, waited + 1)
        if waited >= patience:
            break
    return int(best)


@wrong("early_stopping_epoch", "compared_with_previous")
def early_stopping_epoch__compared_with_previous_1(dev_costs, patience=5):
    best, waited = 0, 0
    for epoch in range(1, len(dev_costs)):
        if dev_costs[epoch] < dev_costs[epoch - 1]:
            best, waited = epoch, 0
        else:
            waited += 1
            if waited >= patience:
                break
    return best


@wrong("early_stopping_epoch", "compared_with_previous")
def early_stopping_epoch__compared_with_previous_2(dev_costs, patience=5):
    best, waited, previous = 0, 0, dev_costs[0]
    for epoch, cost in enumerate(dev_costs[1:], 1):
        if cost < previous:
            best, waited = epoch, 0
        else:
            waited += 1
        previous = cost
        if waited >= patience:
            break
    return best


@wrong("early_stopping_epoch", "compared_with_previous")
def early_stopping_epoch__compared_with_previous_3(dev_costs, patience=5):
    drops = np.diff(np.asarray(dev_costs, dtype=float)) < 0
    best, waited = 0, 0
    for epoch, dropped in enumerate(drops, 1):
        best, waited = (epoch, 0) if dropped else (best, waited + 1)
        if waited >= patience:
            break
    return best


# ---------------------------------------------------------------- augment
def _move(image, dr, dc):
    h, w = image.shape
    out = np.zeros_like(image)
    for r in range(h):
        for c in range(w):
            if 0 <= r + dr < h and 0 <= c + dc < w:
                out[r + dr, c + dc] = image[r, c]
    return out


@valid("augment")
def augment__ok_1(X, image_shape=(8, 8), *, flip_prob=0.5, max_shift=1, rng=None):
    rng = np.random.default_rng(rng)
    h, w = image_shape
    m = X.shape[1]
    flips = rng.random(m) < flip_prob
    shifts = rng.integers(-max_shift, max_shift + 1, size=(m, 2))
    out = np.empty_like(X)
    for i in range(m):
        image = X[:, i].reshape(h, w)
        if flips[i]:
            image = image[:, ::-1]
        out[:, i] = _move(image, *shifts[i]).ravel()
    return out


@valid("augment")
def augment__ok_2(X, image_shape=(8, 8), *, flip_prob=0.5, max_shift=1, rng=None):
    rng = np.random.default_rng(rng)
    h, w = image_shape
    m = X.shape[1]
    flips = rng.random(m) < flip_prob
    shifts = rng.integers(-max_shift, max_shift + 1, size=(m, 2))
    images = X.T.reshape(m, h, w)
    images = np.where(flips[:, None, None], images[:, :, ::-1], images)
    padded = np.pad(images, ((0, 0), (max_shift, max_shift), (max_shift, max_shift)))
    out = np.stack([padded[i, max_shift - dr:max_shift - dr + h, max_shift - dc:max_shift - dc + w]
                    for i, (dr, dc) in enumerate(shifts)])
    return out.reshape(m, h * w).T


def _augment_with(X, image_shape, flip_prob, max_shift, rng, *, flip=lambda im: im[:, ::-1], move=_move,
                  shifts_first=False):
    rng = np.random.default_rng(rng)
    h, w = image_shape
    m = X.shape[1]
    if shifts_first:
        shifts = rng.integers(-max_shift, max_shift + 1, size=(m, 2))
        flips = rng.random(m) < flip_prob
    else:
        flips = rng.random(m) < flip_prob
        shifts = rng.integers(-max_shift, max_shift + 1, size=(m, 2))
    cols = []
    for i in range(m):
        image = X[:, i].reshape(h, w)
        image = flip(image) if flips[i] else image
        cols.append(move(image, *shifts[i]).ravel())
    return np.stack(cols, axis=1)


@wrong("augment", "flip_up_down")
def augment__flip_up_down_1(X, image_shape=(8, 8), *, flip_prob=0.5, max_shift=1, rng=None):
    return _augment_with(X, image_shape, flip_prob, max_shift, rng, flip=lambda im: im[::-1, :])


@wrong("augment", "flip_up_down")
def augment__flip_up_down_2(X, image_shape=(8, 8), *, flip_prob=0.5, max_shift=1, rng=None):
    return _augment_with(X, image_shape, flip_prob, max_shift, rng, flip=np.flipud)


@wrong("augment", "flip_up_down")
def augment__flip_up_down_3(X, image_shape=(8, 8), *, flip_prob=0.5, max_shift=1, rng=None):
    return _augment_with(X, image_shape, flip_prob, max_shift, rng, flip=lambda im: np.rot90(im, 2))


@wrong("augment", "shift_reversed")
def augment__shift_reversed_1(X, image_shape=(8, 8), *, flip_prob=0.5, max_shift=1, rng=None):
    return _augment_with(X, image_shape, flip_prob, max_shift, rng, move=lambda im, dr, dc: _move(im, -dr, -dc))


@wrong("augment", "shift_reversed")
def augment__shift_reversed_2(X, image_shape=(8, 8), *, flip_prob=0.5, max_shift=1, rng=None):
    def move(image, dr, dc):  # reads from (r + dr, c + dc) instead of writing there
        h, w = image.shape
        out = np.zeros_like(image)
        for r in range(h):
            for c in range(w):
                if 0 <= r + dr < h and 0 <= c + dc < w:
                    out[r, c] = image[r + dr, c + dc]
        return out
    return _augment_with(X, image_shape, flip_prob, max_shift, rng, move=move)


@wrong("augment", "shift_reversed")
def augment__shift_reversed_3(X, image_shape=(8, 8), *, flip_prob=0.5, max_shift=1, rng=None):
    def move(image, dr, dc):
        k = max(abs(dr), abs(dc), 1)
        padded = np.pad(image, k)
        h, w = image.shape
        return padded[k + dr:k + dr + h, k + dc:k + dc + w]
    return _augment_with(X, image_shape, flip_prob, max_shift, rng, move=move)


@wrong("augment", "wraps_around")
def augment__wraps_around_1(X, image_shape=(8, 8), *, flip_prob=0.5, max_shift=1, rng=None):
    return _augment_with(X, image_shape, flip_prob, max_shift, rng,
                         move=lambda im, dr, dc: np.roll(im, (dr, dc), axis=(0, 1)))


@wrong("augment", "wraps_around")
def augment__wraps_around_2(X, image_shape=(8, 8), *, flip_prob=0.5, max_shift=1, rng=None):
    return _augment_with(X, image_shape, flip_prob, max_shift, rng,
                         move=lambda im, dr, dc: np.roll(np.roll(im, dr, axis=0), dc, axis=1))


@wrong("augment", "wraps_around")
def augment__wraps_around_3(X, image_shape=(8, 8), *, flip_prob=0.5, max_shift=1, rng=None):
    def move(image, dr, dc):
        h, w = image.shape
        out = np.empty_like(image)
        for r in range(h):
            for c in range(w):
                out[(r + dr) % h, (c + dc) % w] = image[r, c]
        return out
    return _augment_with(X, image_shape, flip_prob, max_shift, rng, move=move)


@wrong("augment", "draw_order")
def augment__draw_order_1(X, image_shape=(8, 8), *, flip_prob=0.5, max_shift=1, rng=None):
    return _augment_with(X, image_shape, flip_prob, max_shift, rng, shifts_first=True)


@wrong("augment", "draw_order")
def augment__draw_order_2(X, image_shape=(8, 8), *, flip_prob=0.5, max_shift=1, rng=None):
    rng = np.random.default_rng(rng)
    h, w = image_shape
    m = X.shape[1]
    shifts = rng.integers(-max_shift, max_shift + 1, size=(m, 2))
    flips = rng.random(m) < flip_prob
    images = X.T.reshape(m, h, w).copy()
    images[flips] = images[flips][:, :, ::-1]
    return np.stack([_move(images[i], *shifts[i]).ravel() for i in range(m)], axis=1)


@wrong("augment", "draw_order")
def augment__draw_order_3(X, image_shape=(8, 8), *, flip_prob=0.5, max_shift=1, rng=None):
    rng = np.random.default_rng(rng)
    m = X.shape[1]
    dr = rng.integers(-max_shift, max_shift + 1, size=(m, 2))
    flip = rng.random(m) < flip_prob
    h, w = image_shape
    out = np.zeros_like(X)
    for i in range(m):
        im = X[:, i].reshape(h, w)
        out[:, i] = _move(np.fliplr(im) if flip[i] else im, dr[i, 0], dr[i, 1]).ravel()
    return out


@wrong("augment", "rows_cols_swapped")
def augment__rows_cols_swapped_1(X, image_shape=(8, 8), *, flip_prob=0.5, max_shift=1, rng=None):
    return _augment_with(X, image_shape, flip_prob, max_shift, rng, move=lambda im, dr, dc: _move(im, dc, dr))


@wrong("augment", "rows_cols_swapped")
def augment__rows_cols_swapped_2(X, image_shape=(8, 8), *, flip_prob=0.5, max_shift=1, rng=None):
    def move(image, dx, dy):  # (x, y) read as (column, row)
        return _move(image, dy, dx)
    return _augment_with(X, image_shape, flip_prob, max_shift, rng, move=move)


@wrong("augment", "rows_cols_swapped")
def augment__rows_cols_swapped_3(X, image_shape=(8, 8), *, flip_prob=0.5, max_shift=1, rng=None):
    def move(image, dr, dc):
        return _move(image.T, dr, dc).T if image.shape[0] == image.shape[1] else _move(image, dc, dr)
    return _augment_with(X, image_shape, flip_prob, max_shift, rng, move=move)
