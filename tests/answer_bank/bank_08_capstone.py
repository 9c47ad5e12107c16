"""Answers for 08_capstone."""

import numpy as np

from dlcore import data, mlp, train

from . import valid, wrong


# ---------------------------------------------------------------- one_hot
@valid("one_hot")
def one_hot__ok_1(Y, C=None):
    y = np.asarray(Y, dtype=int).reshape(-1)
    n = y.max() + 1 if C is None else C
    return (np.arange(n)[:, None] == y[None, :]).astype(float)


@valid("one_hot")
def one_hot__ok_2(Y, C=None):
    y = [int(v) for v in np.ravel(Y)]
    n = max(y) + 1 if C is None else C
    out = np.zeros((n, len(y)))
    for j, label in enumerate(y):
        out[label, j] = 1.0
    return out


@wrong("one_hot", "transposed")
def one_hot__transposed_1(Y, C=None):
    y = np.ravel(Y).astype(int)
    n = y.max() + 1 if C is None else C
    return np.eye(n)[y]


@wrong("one_hot", "transposed")
def one_hot__transposed_2(Y, C=None):
    y = np.ravel(Y).astype(int)
    n = y.max() + 1 if C is None else C
    out = np.zeros((y.size, n))
    out[np.arange(y.size), y] = 1
    return out


@wrong("one_hot", "transposed")
def one_hot__transposed_3(Y, C=None):
    y = np.ravel(Y).astype(int)
    n = y.max() + 1 if C is None else C
    return (y[:, None] == np.arange(n)[None, :]).astype(float)


@wrong("one_hot", "C_from_data")
def one_hot__C_from_data_1(Y, C=None):
    y = np.ravel(Y).astype(int)
    return np.eye(y.max() + 1)[:, y]


@wrong("one_hot", "C_from_data")
def one_hot__C_from_data_2(Y, C=None):
    y = np.ravel(Y).astype(int)
    n = int(np.max(y)) + 1  # C is never looked at
    out = np.zeros((n, y.size))
    out[y, range(y.size)] = 1
    return out


@wrong("one_hot", "C_from_data")
def one_hot__C_from_data_3(Y, C=None):
    y = np.ravel(Y).astype(int)
    classes = np.unique(y)
    return (classes[:, None] == y[None, :]).astype(float)


@wrong("one_hot", "max_label_as_C")
def one_hot__max_label_as_C_1(Y, C=None):
    y = np.ravel(Y).astype(int)
    n = y.max() if C is None else C
    return (np.arange(n)[:, None] == y[None, :]).astype(float)


@wrong("one_hot", "max_label_as_C")
def one_hot__max_label_as_C_2(Y, C=None):
    y = np.ravel(Y).astype(int)
    n = int(np.max(y)) if C is None else C
    out = np.zeros((n, y.size))
    for j, label in enumerate(y):
        if label < n:
            out[label, j] = 1
    return out


@wrong("one_hot", "max_label_as_C")
def one_hot__max_label_as_C_3(Y, C=None):
    y = np.ravel(Y).astype(int)
    n = C or y.max()
    return np.eye(n + 1)[:n, y]


# ---------------------------------------------------------------- labels
@valid("labels")
def labels__ok_1(Y):
    Y = np.asarray(Y)
    return Y if len(Y) == 1 else np.argmax(Y, axis=0, keepdims=True)


@valid("labels")
def labels__ok_2(Y):
    Y = np.asarray(Y)
    if Y.shape[0] == 1:
        return Y.copy()
    return np.array([[int(np.argmax(Y[:, j])) for j in range(Y.shape[1])]])


@wrong("labels", "wrong_axis")
def labels__wrong_axis_1(Y):
    Y = np.asarray(Y)
    return Y if Y.shape[0] == 1 else Y.argmax(axis=1)[None, :]


@wrong("labels", "wrong_axis")
def labels__wrong_axis_2(Y):
    Y = np.asarray(Y)
    return Y if Y.shape[0] == 1 else np.argmax(Y, axis=-1).reshape(1, -1)


@wrong("labels", "wrong_axis")
def labels__wrong_axis_3(Y):
    Y = np.asarray(Y)
    if Y.shape[0] == 1:
        return Y
    return np.array([[int(np.argmax(row)) for row in Y]])


@wrong("labels", "flat")
def labels__flat_1(Y):
    Y = np.asarray(Y)
    return Y.ravel() if Y.shape[0] == 1 else Y.argmax(axis=0)


@wrong("labels", "flat")
def labels__flat_2(Y):
    Y = np.asarray(Y)
    return Y[0] if Y.shape[0] == 1 else np.argmax(Y, axis=0)


@wrong("labels", "flat")
def labels__flat_3(Y):
    Y = np.asarray(Y)
    return np.reshape(Y, -1) if len(Y) == 1 else np.array([np.argmax(c) for c in Y.T])


@wrong("labels", "argmin")
def labels__argmin_1(Y):
    Y = np.asarray(Y)
    return Y if Y.shape[0] == 1 else Y.argmin(axis=0)[None, :]


@wrong("labels", "argmin")
def labels__argmin_2(Y):
    Y = np.asarray(Y)
    return Y if Y.shape[0] == 1 else np.argmax(-Y, axis=0, keepdims=True)


@wrong("labels", "argmin")
def labels__argmin_3(Y):
    Y = np.asarray(Y)
    return Y if Y.shape[0] == 1 else np.argsort(Y, axis=0)[:1]


# ---------------------------------------------------------------- digits_classifier
@valid("digits_classifier")
def digits_classifier__ok_1(X_train, Y_train, X_new, *, rng=None):
    """One nearest neighbour on the raw pixels: not a network, but the grade is the held-out accuracy."""
    distances = (X_new**2).sum(axis=0)[None, :] - 2 * X_train.T @ X_new + (X_train**2).sum(axis=0)[:, None]
    return Y_train[:, distances.argmin(axis=0)]


@valid("digits_classifier")
def digits_classifier__ok_2(X_train, Y_train, X_new, *, rng=None):
    """A plain [64, 64, 10] network (no batch norm, no dropout) on standardised pixels, Adam, 30 epochs."""
    mu, sigma = data.standardize_fit(X_train)
    model = mlp([64, 64, 10], output="softmax", rng=rng)
    train(model, data.standardize_apply(X_train, mu, sigma), data.one_hot(Y_train, 10), learning_rate=0.003,
          epochs=30, rng=rng, progress=False, evaluate=False)
    return model.predict(data.standardize_apply(X_new, mu, sigma))


def _nearest(X_train, Y_train, X_new):
    distances = ((X_new[:, None, :] - X_train[:, :, None]) ** 2).sum(axis=0)
    return Y_train[:, distances.argmin(axis=0)]


@wrong("digits_classifier", "scores_not_labels")
def digits_classifier__scores_not_labels_1(X_train, Y_train, X_new, *, rng=None):
    return data.one_hot(_nearest(X_train, Y_train, X_new), 10)


@wrong("digits_classifier", "scores_not_labels")
def digits_classifier__scores_not_labels_2(X_train, Y_train, X_new, *, rng=None):
    mu, sigma = data.standardize_fit(X_train)
    model = mlp([64, 10], output="softmax", rng=rng)
    train(model, data.standardize_apply(X_train, mu, sigma), data.one_hot(Y_train, 10), epochs=2, rng=rng,
          progress=False, evaluate=False)
    return model.predict_proba(data.standardize_apply(X_new, mu, sigma))  # probabilities, not labels


@wrong("digits_classifier", "scores_not_labels")
def digits_classifier__scores_not_labels_3(X_train, Y_train, X_new, *, rng=None):
    means = np.stack([X_train[:, Y_train[0] == c].mean(axis=1) for c in range(10)], axis=1)
    return -((X_new[:, None, :] - means[:, :, None]) ** 2).sum(axis=0)  # (10, m) scores


@wrong("digits_classifier", "one_class")
def digits_classifier__one_class_1(X_train, Y_train, X_new, *, rng=None):
    return np.full((1, X_new.shape[1]), np.bincount(Y_train.ravel()).argmax())


@wrong("digits_classifier", "one_class")
def digits_classifier__one_class_2(X_train, Y_train, X_new, *, rng=None):
    model = mlp([64, 32, 10], output="softmax", init="zeros", rng=rng)  # zeros: every unit the same, no learning
    train(model, X_train, data.one_hot(Y_train, 10), learning_rate=1e-6, epochs=1, rng=rng, progress=False,
          evaluate=False)
    return np.full((1, X_new.shape[1]), int(model.predict(X_new)[0, 0]))


@wrong("digits_classifier", "one_class")
def digits_classifier__one_class_3(X_train, Y_train, X_new, *, rng=None):
    return np.zeros(X_new.shape[1], dtype=int)[None, :] + 3


@wrong("digits_classifier", "flat_labels")
def digits_classifier__flat_labels_1(X_train, Y_train, X_new, *, rng=None):
    return _nearest(X_train, Y_train, X_new).ravel()


@wrong("digits_classifier", "flat_labels")
def digits_classifier__flat_labels_2(X_train, Y_train, X_new, *, rng=None):
    return _nearest(X_train, Y_train, X_new)[0]


@wrong("digits_classifier", "flat_labels")
def digits_classifier__flat_labels_3(X_train, Y_train, X_new, *, rng=None):
    mu, sigma = data.standardize_fit(X_train)
    model = mlp([64, 32, 10], output="softmax", rng=rng)
    train(model, data.standardize_apply(X_train, mu, sigma), data.one_hot(Y_train, 10), epochs=3, rng=rng,
          progress=False, evaluate=False)
    return np.argmax(model.forward(data.standardize_apply(X_new, mu, sigma)), axis=0)


@valid("digits_classifier")
def digits_classifier__ok_3(X_train, Y_train, X_new, *, rng=None):
    """Softmax regression (no hidden layer) on standardised pixels: the registry says even this clears 94%."""
    mu, sigma = data.standardize_fit(X_train)
    model = mlp([64, 10], output="softmax", rng=rng)
    train(model, data.standardize_apply(X_train, mu, sigma), data.one_hot(Y_train, 10), learning_rate=0.01,
          epochs=30, rng=rng, progress=False, evaluate=False)
    return model.predict(data.standardize_apply(X_new, mu, sigma))
