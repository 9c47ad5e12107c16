"""dlcore — the small numpy reference stack of the course "Improving deep neural networks".

The axis contract (as in the lecture notes): columns are examples.
    X is (n_x, m); Y is (1, m) labels or one-hot (C, m); W[l] is (n[l], n[l-1]); b[l], gamma[l], beta[l] are
    (n[l], 1); Z = W @ A_prev + b; reductions over examples use axis=1, keepdims=True; softmax normalises axis=0.

Where 1/m goes: the cost J is the MEAN loss over the m examples (+ penalty (lambd / 2m) * sum ||W||_F^2).
Backward passes carry per-example gradients (dAL, dZ have no 1/m); each layer with parameters averages over
the columns (dW = dZ @ A_prev.T / m, db = sum(dZ, axis=1) / m), and L2 adds (lambd / m) * W. Gradient checks
compare against exactly that J.

Randomness: every random function takes rng = None | int | np.random.Generator (never global seeding).
Numbers are float64 unless you ask for float32 (mlp(..., dtype=np.float32)). Functions never modify inputs.
Importing dlcore needs numpy only; dlcore.viz and dlcore.widgets need matplotlib / ipywidgets.
"""

from . import (
    activations,
    data,
    diagnostics,
    ewma,
    gradcheck,
    initializers,
    layers,
    losses,
    model,
    optim,
    schedules,
    training,
    tuning,
)
from .layers import Activation, BatchNorm, Dense, Dropout, Maxout, PReLU
from .model import Sequential, mlp
from .optim import Optimizer
from .training import DivergenceWarning, History, train

__version__ = "0.1.0"
__all__ = [
    "activations", "data", "diagnostics", "ewma", "gradcheck", "initializers", "layers", "losses", "model",
    "optim", "schedules", "training", "tuning", "Activation", "BatchNorm", "Dense", "Dropout", "Maxout", "PReLU",
    "Sequential", "mlp", "Optimizer", "DivergenceWarning", "History", "train",
]
