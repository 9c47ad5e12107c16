"""train(): mini-batch training with any optimizer rule, schedule and penalty; returns a History.

The learning rate is a call argument, so a schedule is just a function of the epoch number. The only hook is
`callback(epoch_num, history, model)`, called after each epoch; returning True stops training.
"""

import math
import sys
import time
import warnings
from dataclasses import dataclass, field

import numpy as np

from ._validate import as_array, as_rng, columns, positive, positive_int
from .data import labels, minibatches
from .model import DEFAULT_LOSS, compute_cost, cost_and_gradients
from .optim import Optimizer, clip_by_norm


class DivergenceWarning(UserWarning):
    """Training stopped because the cost became NaN/inf or grew past `divergence_factor` x the first epoch's."""


@dataclass
class History:
    """Per-epoch records. `cost` is the mean mini-batch cost of the epoch (penalty included); the train_/val_
    entries are measured after the epoch at test time (dropout off, batch-norm running statistics)."""

    epoch: list = field(default_factory=list)
    cost: list = field(default_factory=list)
    learning_rate: list = field(default_factory=list)
    train_cost: list = field(default_factory=list)
    train_accuracy: list = field(default_factory=list)
    val_cost: list = field(default_factory=list)
    val_accuracy: list = field(default_factory=list)
    stopped: str | None = None
    optimizer_state: dict | None = None

    def __len__(self):
        return len(self.epoch)


def accuracy(model, X, Y):
    """Fraction of columns whose predicted label equals the true label (Y as labels or one-hot)."""
    return float(np.mean(model.predict(X) == labels(Y)))


def is_diverging(costs, factor=3.0):
    """True if the latest cost is NaN/inf or above factor x the first cost (stop and lower the learning rate)."""
    if len(costs) == 0:
        raise ValueError("costs: expected at least one cost")
    last = costs[-1]
    return bool(not np.isfinite(last) or last > factor * costs[0])


def early_stopping_epoch(dev_costs, patience=5):
    """The epoch (0-based index) early stopping keeps: the best dev cost seen before `patience` epochs in a row
    brought no strict improvement on it."""
    if len(dev_costs) == 0:
        raise ValueError("dev_costs: expected at least one dev cost")
    patience = positive_int(patience, "patience")
    best, waited = 0, 0
    for epoch in range(1, len(dev_costs)):
        if dev_costs[epoch] < dev_costs[best]:
            best, waited = epoch, 0
        else:
            waited += 1
            if waited >= patience:
                break
    return best


class _Progress:
    """A one-line text progress bar, shown only when a run takes more than a second."""

    def __init__(self, total, enabled):
        self.total, self.enabled, self.start, self.last = total, enabled, time.perf_counter(), 0.0

    def update(self, done, cost):
        now = time.perf_counter()
        if not self.enabled or now - self.start < 1.0 or (now - self.last < 0.25 and done < self.total):
            return
        self.last = now
        filled = int(30 * done / self.total)
        sys.stdout.write(f"\repoch {done}/{self.total} [{'=' * filled}{' ' * (30 - filled)}] cost {cost:.4f} "
                         f"({now - self.start:.1f} s)")
        sys.stdout.flush()

    def close(self):
        if self.enabled and time.perf_counter() - self.start >= 1.0:
            sys.stdout.write("\n")


def _evaluate(model, X, Y, loss, lambd, penalty):
    return (compute_cost(model, X, Y, loss=loss, lambd=lambd, penalty=penalty),
            accuracy(model, X, Y) if model.output != "linear" else float("nan"))


def train(model, X, Y, *, loss=None, optimizer="adam", learning_rate=0.01, schedule=None, epochs=100,
          batch_size=64, lambd=0.0, penalty="l2", validation=None, rng=None, callback=None, progress="auto",
          optimizer_state=None, initial_epoch=0, evaluate=True, divergence_factor=3.0, max_norm=None):
    """Train `model` in place on X (n_x, m), Y (k, m) and return a History.

    optimizer: a rule name (see dlcore.optim.RULES: "gd", "momentum", "adam", ...), a rule function, or an
    Optimizer (which owns how it steps: Optimizer.stepper).
    schedule(learning_rate, epoch_num) gives each epoch's rate (epoch_num counts from initial_epoch).
    batch_size=None uses the whole set (batch gradient descent); 1 is stochastic gradient descent.
    validation=(X_dev, Y_dev) adds dev cost and accuracy. rng draws the shuffles (and nothing else).
    To resume, pass history.optimizer_state back as optimizer_state with initial_epoch=len(history).
    max_norm clips the global gradient norm (dlcore.optim.clip_by_norm).
    Stops with a DivergenceWarning if the cost is NaN/inf or exceeds divergence_factor x the first epoch's.
    """
    X = columns(X, "X", model.n_x)
    m = X.shape[1]
    Y = as_array(Y, "Y", ndim=2)
    if Y.shape[1] != m:
        raise ValueError(f"Y: expected shape (k, {m}) to match X's {m} columns; got {Y.shape}")
    for name, value in (("X", X), ("Y", Y)):
        if not np.all(np.isfinite(value)):
            raise ValueError(f"{name}: contains NaN or inf; clean the data before training")
    # once, not per batch: the model's dtype, and each example's values contiguous (cheap mini-batch gathers)
    X, Y = np.asfortranarray(X, dtype=model.dtype), np.asfortranarray(Y, dtype=model.dtype)
    loss = loss or DEFAULT_LOSS[model.output]
    positive(learning_rate, "learning_rate")
    epochs = positive_int(epochs, "epochs")
    batch_size = m if batch_size is None else positive_int(batch_size, "batch_size")
    opt = optimizer if isinstance(optimizer, Optimizer) else Optimizer(optimizer)
    rng = as_rng(rng)
    params = model.parameters()
    stepper = opt.stepper({g: params[g] for layer, _, g in model._names if layer.trainable}, optimizer_state)
    model.set_parameters(stepper.params)  # on the fast path: views into the optimizer's flat vectors
    history = History()
    bar = _Progress(epochs, progress is True or (progress == "auto"))

    for epoch_num in range(initial_epoch, initial_epoch + epochs):
        lr = positive(float(schedule(learning_rate, epoch_num)), "learning_rate") if schedule else learning_rate
        total, seen = 0.0, 0
        for X_batch, Y_batch in minibatches(X, Y, batch_size, rng=rng):
            cost, grads = cost_and_gradients(model, X_batch, Y_batch, loss=loss, lambd=lambd, penalty=penalty)
            if not math.isfinite(cost):
                total, seen = cost, 1
                break
            if max_norm is not None:
                grads = clip_by_norm(grads, max_norm)
            model.set_parameters(stepper.step(model.parameters(), grads, lr))
            total += cost * X_batch.shape[1]
            seen += X_batch.shape[1]
        epoch_cost = total / seen
        history.epoch.append(epoch_num)
        history.cost.append(epoch_cost)
        history.learning_rate.append(lr)
        history.optimizer_state = stepper.state()
        if is_diverging(history.cost, divergence_factor):
            what = f"became {epoch_cost}" if not math.isfinite(epoch_cost) else f"rose to {epoch_cost:.4g}"
            history.stopped = (
                f"Training stopped at epoch {epoch_num}: the cost {what} (first epoch: {history.cost[0]:.4g}). "
                f"The learning rate ({lr:g}) is probably too large: "
                f"try a smaller one, e.g. {lr / 10:g}. The history so far is kept.")
            _pad(history)
            warnings.warn(history.stopped, DivergenceWarning, stacklevel=2)
            break
        if evaluate:
            tc, ta = _evaluate(model, X, Y, loss, lambd, penalty)
            history.train_cost.append(tc)
            history.train_accuracy.append(ta)
            if validation is not None:
                vc, va = _evaluate(model, *validation, loss, lambd, penalty)
                history.val_cost.append(vc)
                history.val_accuracy.append(va)
        bar.update(epoch_num - initial_epoch + 1, epoch_cost)
        if callback is not None and callback(epoch_num, history, model):
            history.stopped = f"Stopped by the callback after epoch {epoch_num}."
            break
    bar.close()
    return history


def _pad(history):
    """Keep the per-epoch lists aligned when the last epoch could not be evaluated."""
    n = len(history.epoch)
    for name in ("train_cost", "train_accuracy", "val_cost", "val_accuracy"):
        values = getattr(history, name)
        if values and len(values) < n:
            values.append(float("nan"))


def digits_classifier(X_train, Y_train, X_new, *, rng=None):
    """The capstone's reference classifier: train on (X_train (n_x, m), labels Y_train (1, m)), return the predicted
    labels (1, m_new) of X_new.

    Standardised with the training set's mean and deviation; an mlp [n_x, 128, 64, C] with ReLU, He init, batch
    norm and dropout (keep_prob 0.9); AdamW (learning rate 0.003, weight decay 0.01 on the W's) with a 3-epoch
    linear warm-up, then inverse-time decay (decay_rate 0.05); 40 epochs of mini-batches of 64. rng seeds the
    weights, the dropout masks and the shuffles.
    """
    from functools import partial

    from .data import one_hot, standardize_apply, standardize_fit
    from .model import mlp
    from .schedules import inverse_time_decay, linear_warmup

    rng = as_rng(rng)
    Y_train = as_array(Y_train, "Y_train", ndim=2)
    mu, sigma = standardize_fit(X_train)
    classes = int(Y_train.max()) + 1
    model = mlp([X_train.shape[0], 128, 64, classes], output="softmax", batchnorm=True, keep_prob=0.9, rng=rng)
    schedule = partial(linear_warmup, warmup_epochs=3, then=partial(inverse_time_decay, decay_rate=0.05))
    train(model, standardize_apply(X_train, mu, sigma), one_hot(Y_train, classes),
          optimizer=Optimizer("adamw", weight_decay=0.01), learning_rate=0.003, schedule=schedule, epochs=40,
          batch_size=64, rng=rng, progress=False, evaluate=False)
    return model.predict(standardize_apply(X_new, mu, sigma))
