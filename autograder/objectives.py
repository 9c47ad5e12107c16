"""Named functions the checks hand to student code, and the gradient-checking bug hunt.

A function passed to a student's function must cross the grading sandbox by name, so every cost, objective and
loss surface used by a check lives here at module level (arrays are bound with functools.partial):

- quadratic / quartic: costs of a 1-D vector, for numerical_gradient;
- two_layer_cost / two_layer_gradients: a small tanh -> sigmoid network's cost and its correct backward pass over a
  params dict {"W1", "b1", "W2", "b2"}, for gradient_check_by_parameter;
- toy_dev_error: a smooth "dev error" surface over hyperparameters, for random_search;
- the bug hunt: buggy_cost_and_gradients(params, X, Y, variant) has exactly one wrong gradient, a different bug
  (key and kind) for different variants; bug_hunt_problem(variant) builds its params and data; buggy_parameter(variant)
  names the wrong key, found with dlcore.gradcheck.gradient_check_by_parameter; student_variant(student) is a
  student's own variant (from their id), so that no single answer can be shared.
"""

from functools import partial

import numpy as np

from dlcore.gradcheck import gradient_check_by_parameter


# ---------------------------------------------------------------- costs of a vector
def quadratic(theta, A, b):
    """J = 0.5 * theta^T A theta + b^T theta (gradient A_sym theta + b)."""
    theta = np.asarray(theta, dtype=float)
    return float(0.5 * theta @ A @ theta + b @ theta)


def quartic(theta, c):
    """J = sum(c * theta**4) + sum(sin(theta)): curved enough that a one-sided difference shows."""
    theta = np.asarray(theta, dtype=float)
    return float(np.sum(c * theta**4) + np.sum(np.sin(theta)))


# ---------------------------------------------------------------- a two-layer network over a params dict
def _forward(params, X):
    Z1 = params["W1"] @ X + params["b1"]
    A1 = np.tanh(Z1)
    Z2 = params["W2"] @ A1 + params["b2"]
    A2 = 0.5 * (1 + np.tanh(0.5 * Z2))
    return Z1, A1, A2


def two_layer_cost(params, X, Y):
    """Binary cross-entropy (mean over the m columns) of X -> tanh -> sigmoid with params W1, b1, W2, b2."""
    _, _, A2 = _forward(params, X)
    return float(-np.mean(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)))


def two_layer_gradients(params, X, Y):
    """The correct gradients of two_layer_cost, keyed like params."""
    m = X.shape[1]
    _, A1, A2 = _forward(params, X)
    dZ2 = A2 - Y
    dZ1 = (params["W2"].T @ dZ2) * (1 - A1**2)
    return {"W1": dZ1 @ X.T / m, "b1": dZ1.sum(axis=1, keepdims=True) / m,
            "W2": dZ2 @ A1.T / m, "b2": dZ2.sum(axis=1, keepdims=True) / m}


def two_layer_problem(n_x=3, n_h=4, m=6, seed=0):
    """(params, X, Y) for two_layer_cost: small random weights and data, binary labels."""
    rng = np.random.default_rng(seed)
    params = {"W1": rng.standard_normal((n_h, n_x)) * 0.8, "b1": rng.standard_normal((n_h, 1)) * 0.1,
              "W2": rng.standard_normal((1, n_h)) * 0.8, "b2": rng.standard_normal((1, 1)) * 0.1}
    X = rng.standard_normal((n_x, m))
    Y = (rng.random((1, m)) < 0.5).astype(float)
    return params, X, Y


# ---------------------------------------------------------------- the bug hunt
# Each bug spoils exactly one gradient (nothing else is computed from it): (its key, what the slip is).
BUGS = [("W2", "dW2 is computed from Z1, before the tanh, instead of A1"),
        ("b2", "db2 is not divided by m"),
        ("W1", "dW1 uses the tanh derivative 1 - A1 instead of 1 - A1**2"),
        ("b1", "db1 leaves out the tanh derivative"),
        ("W1", "dW1 is not divided by m"),
        ("W2", "dW2 multiplies by the sigmoid derivative A2 * (1 - A2) once more"),
        ("b1", "db1 is divided by m twice"),
        ("b2", "db2 sums A2 instead of A2 - Y")]


def buggy_cost_and_gradients(params, X, Y, variant=0):
    """(J, grads) for the two-layer net, with a hand-written backward pass that has ONE plausible bug: the bug
    BUGS[variant % len(BUGS)] (a different one for different variants)."""
    m = X.shape[1]
    Z1, A1, A2 = _forward(params, X)
    J = two_layer_cost(params, X, Y)
    bug = int(variant) % len(BUGS)
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (params["W2"].T @ dZ2) * (1 - A1**2)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    if bug == 0:
        dW2 = dZ2 @ Z1.T / m
    elif bug == 1:
        db2 = np.sum(dZ2, axis=1, keepdims=True)
    elif bug == 2:
        dW1 = ((params["W2"].T @ dZ2) * (1 - A1)) @ X.T / m
    elif bug == 3:
        db1 = np.sum(params["W2"].T @ dZ2, axis=1, keepdims=True) / m
    elif bug == 4:
        dW1 = dZ1 @ X.T
    elif bug == 5:
        dW2 = (dZ2 * A2 * (1 - A2)) @ A1.T / m
    elif bug == 6:
        db1 = np.sum(dZ1, axis=1, keepdims=True) / m / m
    else:
        db2 = np.sum(A2, axis=1, keepdims=True) / m
    return J, {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


def bug_hunt_problem(variant=0):
    """(params, X, Y) for the bug hunt of `variant` (the data change with the variant too)."""
    return two_layer_problem(n_x=3, n_h=4, m=8, seed=2024 + int(variant))


def buggy_parameter(variant):
    """The key of the wrong gradient of buggy_cost_and_gradients(..., variant) at bug_hunt_problem(variant): the
    largest relative difference."""
    params, X, Y = bug_hunt_problem(variant)
    _, grads = buggy_cost_and_gradients(params, X, Y, variant)
    differences = gradient_check_by_parameter(partial(two_layer_cost, X=X, Y=Y), grads, params)
    return max(differences, key=differences.get)


def student_id():
    """Who is working here: $COURSE_STUDENT_ID, else $JUPYTERHUB_USER (JupyterHub's login, nbgrader's student id
    on a hub), else the operating system's user name."""
    import getpass
    import os

    return os.environ.get("COURSE_STUDENT_ID") or os.environ.get("JUPYTERHUB_USER") or getpass.getuser()


def student_variant(student=None):
    """The bug-hunt variant of a student (default: student_id()): a number from 0 to 9999 drawn from the id, so
    each student hunts their own bug, and the grader, which knows the id, checks that very variant."""
    import zlib

    return zlib.crc32(str(student_id() if student is None else student).encode()) % 10_000


# ---------------------------------------------------------------- hyperparameter search
def toy_dev_error(learning_rate, beta=0.9, **others):
    """A smooth dev-error surface: best near learning_rate = 0.003 and beta = 0.98 (1 - beta = 0.02),
    judged on log scales; other hyperparameters (numbers) add a small penalty."""
    score = 0.05 + 0.04 * (np.log10(learning_rate) + 2.5) ** 2 + 0.03 * (np.log10(1 - beta) + 1.7) ** 2
    score += sum(0.001 * (float(v) - 3) ** 2 for v in others.values())
    return float(score)
