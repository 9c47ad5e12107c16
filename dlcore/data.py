"""Datasets and data handling, all in the columns layout: X is (n_x, m), Y is (1, m) labels or one-hot (C, m)."""

import gzip
from importlib import resources

import numpy as np

from ._validate import as_array, as_rng, columns, non_negative, positive_int


def _noisy(X, noise, rng):
    return X + non_negative(noise, "noise") * rng.standard_normal(X.shape)


def make_moons(m=200, *, noise=0.1, rng=None):
    """Two interleaving half circles. Returns X (2, m), Y (1, m) in {0, 1}."""
    m, rng = positive_int(m, "m"), as_rng(rng)
    m0 = m // 2
    t = np.pi * rng.random(m)
    Y = (np.arange(m) >= m0).astype(int)
    X = np.where(Y == 0, [np.cos(t), np.sin(t)], [1 - np.cos(t), 0.5 - np.sin(t)])
    perm = rng.permutation(m)
    return _noisy(X[:, perm], noise, rng), Y[None, perm]


def make_circles(m=200, *, noise=0.05, factor=0.5, rng=None):
    """A small circle (class 1, radius `factor`) inside a big one (class 0). Returns X (2, m), Y (1, m)."""
    m, rng = positive_int(m, "m"), as_rng(rng)
    t = 2 * np.pi * rng.random(m)
    Y = (np.arange(m) >= m // 2).astype(int)
    r = np.where(Y == 1, factor, 1.0)
    X = np.stack([r * np.cos(t), r * np.sin(t)])
    perm = rng.permutation(m)
    return _noisy(X[:, perm], noise, rng), Y[None, perm]


def make_blobs(m=200, *, centers=3, n_features=2, cluster_std=1.0, box=(-6.0, 6.0), rng=None):
    """Gaussian blobs around `centers` random centres. Returns X (n_features, m), Y (1, m) labels 0..centers-1."""
    m, rng = positive_int(m, "m"), as_rng(rng)
    centers = positive_int(centers, "centers")
    mu = rng.uniform(box[0], box[1], size=(n_features, centers))
    Y = np.arange(m) % centers
    X = mu[:, Y] + cluster_std * rng.standard_normal((n_features, m))
    perm = rng.permutation(m)
    return X[:, perm], Y[None, perm]


def make_spirals(m=300, *, classes=2, noise=0.2, turns=1.0, rng=None):
    """Interleaved spiral arms, one per class (the classic "not linearly separable" set). X (2, m), Y (1, m)."""
    m, rng, classes = positive_int(m, "m"), as_rng(rng), positive_int(classes, "classes")
    Y = np.arange(m) % classes
    r = rng.random(m)
    theta = 2 * np.pi * (turns * r + Y / classes) + non_negative(noise, "noise") * rng.standard_normal(m)
    X = np.stack([r * np.cos(theta), r * np.sin(theta)])
    return X, Y[None, :]


def load_digits():
    """The real 8x8 handwritten digits (1,797 images, UCI; as shipped by scikit-learn, BSD licence).

    Returns X (64, 1797) with pixel values 0..16 (row-major 8x8 images in columns) and Y (1, 1797) labels 0..9.
    """
    with resources.files("dlcore").joinpath("datasets/digits.csv.gz").open("rb") as fh:
        table = np.loadtxt(gzip.open(fh), delimiter=",")
    return table[:, :-1].T.copy(), table[:, -1].astype(int)[None, :]


def one_hot(Y, C=None):
    """Labels (1, m) or (m,) -> one-hot (C, m)."""
    y = np.asarray(Y)
    if y.ndim > 2 or (y.ndim == 2 and y.shape[0] != 1):
        raise ValueError(f"Y: expected labels of shape (1, m) or (m,); got {y.shape} (already one-hot?)")
    y = y.ravel()
    if y.size == 0 or not np.all(np.equal(np.mod(y, 1), 0)) or y.min() < 0:
        raise ValueError("Y: expected non-negative integer labels of shape (1, m)")
    y = y.astype(int)
    C = int(y.max()) + 1 if C is None else positive_int(C, "C")
    if y.max() >= C:
        raise ValueError(f"C: labels go up to {y.max()}, so C must be at least {y.max() + 1}; got {C}")
    out = np.zeros((C, y.size))
    out[y, np.arange(y.size)] = 1
    return out


def train_dev_test_split(X, Y, ratios=(0.6, 0.2, 0.2), *, rng=None):
    """Shuffle the columns (perm = rng.permutation(m)) and cut them into train, dev and test.

    n_train = int(ratios[0] * m), n_dev = int(ratios[1] * m), test gets the rest.
    Returns ((X_train, Y_train), (X_dev, Y_dev), (X_test, Y_test)).
    """
    X = columns(X, "X")
    Y = np.asarray(Y)
    if Y.ndim != 2 or Y.shape[1] != X.shape[1]:
        raise ValueError(f"Y: expected shape (k, {X.shape[1]}) to match X's {X.shape[1]} columns; got {Y.shape}")
    ratios = tuple(float(r) for r in ratios)
    if len(ratios) != 3 or min(ratios) < 0 or abs(sum(ratios) - 1) > 1e-9:
        raise ValueError(f"ratios: expected three non-negative fractions that sum to 1; got {ratios}")
    m = X.shape[1]
    perm = as_rng(rng).permutation(m)
    n_train, n_dev = int(ratios[0] * m), int(ratios[1] * m)
    parts = np.split(perm, [n_train, n_train + n_dev])
    return tuple((X[:, idx], Y[:, idx]) for idx in parts)


def standardize_fit(X):
    """Per-feature mean and standard deviation over the training examples: (mu, sigma), each (n_x, 1).

    A constant feature gets sigma = 1 (it becomes all zeros instead of dividing by zero).
    """
    X = columns(X, "X")
    mu = X.mean(axis=1, keepdims=True)
    sigma = X.std(axis=1, keepdims=True)
    return mu, np.where(sigma > 0, sigma, 1.0)


def standardize_apply(X, mu, sigma):
    """(X - mu) / sigma with the TRAINING set's mu and sigma (apply the same to dev and test)."""
    X = columns(X, "X", np.shape(mu)[0])
    return (X - mu) / sigma


def iterations_per_epoch(m, batch_size):
    """Number of mini-batch steps in one pass over m examples: ceil(m / batch_size)."""
    m, batch_size = positive_int(m, "m"), positive_int(batch_size, "batch_size")
    return -(-m // batch_size)


def minibatches(X, Y, batch_size=64, *, rng=None):
    """Yield (X_batch, Y_batch) over one shuffled epoch: perm = rng.permutation(m), then consecutive slices of
    perm of batch_size columns; the last batch has the m % batch_size leftovers. rng=False keeps the order."""
    X = columns(X, "X")
    Y = np.asarray(Y)
    if Y.ndim != 2 or Y.shape[1] != X.shape[1]:
        raise ValueError(f"Y: expected shape (k, {X.shape[1]}) to match X's columns; got {Y.shape}")
    m, batch_size = X.shape[1], positive_int(batch_size, "batch_size")
    perm = np.arange(m) if rng is False else as_rng(rng).permutation(m)
    # one batch at a time, gather rows of the transposed data and hand out column views. The gather reads
    # contiguous memory when X is Fortran-ordered (examples contiguous), which is how train() passes it.
    for start in range(0, m, batch_size):
        idx = perm[start:start + batch_size]
        yield np.take(X.T, idx, axis=0).T, np.take(Y.T, idx, axis=0).T  # = X[:, idx], Y[:, idx]


def random_mini_batches(X, Y, mini_batch_size=64, *, rng=None):
    """The list of shuffled mini-batches of one epoch (same draws and order as `minibatches`)."""
    return list(minibatches(X, Y, mini_batch_size, rng=rng))


def augment(X, image_shape=(8, 8), *, flip_prob=0.5, max_shift=1, rng=None):
    """Randomly mirror and shift image columns (more data for free). X is (h*w, m), images row-major.

    Draws, in this order: flips = rng.random(m) < flip_prob; shifts = rng.integers(-max_shift, max_shift + 1,
    size=(m, 2)) as (rows, cols). Each image is mirrored left-right if flipped, then moved by its shift with zeros
    filling the gap. Returns a new (h*w, m) array.
    """
    h, w = image_shape
    X = columns(X, "X", h * w)
    if not 0 <= flip_prob <= 1:
        raise ValueError(f"flip_prob: expected a probability in [0, 1]; got {flip_prob!r}")
    if isinstance(max_shift, bool) or not isinstance(max_shift, (int, np.integer)) or max_shift < 0:
        raise ValueError(f"max_shift: expected an integer >= 0; got {max_shift!r}")
    rng = as_rng(rng)
    m = X.shape[1]
    flips = rng.random(m) < flip_prob
    shifts = rng.integers(-max_shift, max_shift + 1, size=(m, 2))
    images = X.T.reshape(m, h, w).copy()
    images[flips] = images[flips, :, ::-1]
    out = np.zeros_like(images)
    for i, (dr, dc) in enumerate(shifts):
        src = images[i, max(0, -dr):max(0, h - max(0, dr)), max(0, -dc):max(0, w - max(0, dc))]
        if src.size:  # a shift as large as the picture moves all of it out
            out[i, max(0, dr):max(0, dr) + src.shape[0], max(0, dc):max(0, dc) + src.shape[1]] = src
    return out.reshape(m, h * w).T.copy()


def labels(Y):
    """One-hot (C, m) -> labels (1, m); labels pass through."""
    Y = as_array(Y, "Y", ndim=2)
    return Y.argmax(axis=0)[None, :] if Y.shape[0] > 1 else Y
