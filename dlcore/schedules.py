"""Learning-rate schedules: plain functions of (learning_rate0, epoch_num, ...) -> learning rate.

Pass one to train() with functools.partial, e.g. schedule=partial(inverse_time_decay, decay_rate=1.0).
epoch_num counts from 0 (the first epoch uses learning_rate0 for every decay; a warm-up starts lower).
The counter may as well count steps: call a schedule with the step number in a hand-written loop.
"""

import numpy as np

from ._validate import non_negative, positive, positive_int


def _check(learning_rate0, epoch_num):
    positive(learning_rate0, "learning_rate0")
    if np.any(np.asarray(epoch_num) < 0):
        raise ValueError(f"epoch_num: expected >= 0; got {epoch_num!r}")


def inverse_time_decay(learning_rate0, epoch_num, decay_rate=1.0):
    """learning_rate0 / (1 + decay_rate * epoch_num)."""
    _check(learning_rate0, epoch_num)
    non_negative(decay_rate, "decay_rate")
    return learning_rate0 / (1 + decay_rate * epoch_num)


def exponential_decay(learning_rate0, epoch_num, base=0.95):
    """base**epoch_num * learning_rate0 (base < 1, e.g. 0.95)."""
    _check(learning_rate0, epoch_num)
    if not 0 < base <= 1:
        raise ValueError(f"base: expected a number in (0, 1]; got {base!r}")
    return base**epoch_num * learning_rate0


def inverse_sqrt_decay(learning_rate0, epoch_num, k=1.0):
    """k / sqrt(epoch_num) * learning_rate0, for epoch_num >= 1 (epoch 0 uses the epoch-1 value)."""
    _check(learning_rate0, epoch_num)
    positive(k, "k")
    return k / np.sqrt(np.maximum(epoch_num, 1)) * learning_rate0


def staircase_decay(learning_rate0, epoch_num, decay_rate=1.0, time_interval=1000):
    """learning_rate0 / (1 + decay_rate * floor(epoch_num / time_interval)): constant steps."""
    _check(learning_rate0, epoch_num)
    non_negative(decay_rate, "decay_rate")
    if not time_interval >= 1:
        raise ValueError(f"time_interval: expected a number of epochs >= 1; got {time_interval!r}")
    return learning_rate0 / (1 + decay_rate * np.floor(epoch_num / time_interval))


def cosine_decay(learning_rate0, epoch_num, period=10, learning_rate_min=0.0):
    """Cyclic cosine with warm restarts: lr_min + (lr0 - lr_min) * (1 + cos(pi * (epoch_num % period) / period)) / 2.

    The learning rate falls from learning_rate0 to near learning_rate_min over `period` epochs, then restarts;
    the model at the end of each cycle is a snapshot for a snapshot ensemble.
    """
    _check(learning_rate0, epoch_num)
    if not period >= 1:
        raise ValueError(f"period: expected a number of epochs >= 1; got {period!r}")
    phase = np.mod(epoch_num, period) / period
    return learning_rate_min + (learning_rate0 - learning_rate_min) * 0.5 * (1 + np.cos(np.pi * phase))


def constant(learning_rate0, epoch_num):
    """No decay."""
    _check(learning_rate0, epoch_num)
    return learning_rate0 + 0.0 * np.asarray(epoch_num)


def linear_warmup(learning_rate0, epoch_num, warmup_epochs=5, then=constant):
    """Linear warm-up (Goyal et al. 2017): learning_rate0 * (epoch_num + 1) / warmup_epochs for the first
    warmup_epochs epochs (so epoch 0 already trains, at learning_rate0 / warmup_epochs), then
    then(learning_rate0, epoch_num - warmup_epochs): any schedule above, started afresh (default: constant).
    """
    _check(learning_rate0, epoch_num)
    warmup_epochs = positive_int(warmup_epochs, "warmup_epochs")
    if not callable(then):
        raise ValueError(f"then: expected a schedule function (learning_rate0, epoch_num); got {then!r}")
    epoch_num = np.asarray(epoch_num)
    ramp = learning_rate0 * (np.minimum(epoch_num, warmup_epochs - 1) + 1) / warmup_epochs
    rate = np.where(epoch_num < warmup_epochs, ramp,
                    then(learning_rate0, np.maximum(epoch_num - warmup_epochs, 0)))
    return rate if rate.ndim else float(rate)


SCHEDULES = {
    "constant": constant,
    "inverse_time": inverse_time_decay,
    "exponential": exponential_decay,
    "inverse_sqrt": inverse_sqrt_decay,
    "staircase": staircase_decay,
    "cosine": cosine_decay,
    "linear_warmup": linear_warmup,
}
