"""Optimizer rules: each updates ONE array and returns (new_w, new_state); nothing is changed in place.

    new_w, new_state = rule(w, dw, state, learning_rate, **hparams)

Every rule starts from the same state: v = 0, s = 0 (arrays like w) and t = 0 (see `init_state`).
`Optimizer(rule, **hparams)` applies a rule to each array of a parameter dict (`update`), or to all of them at
once as one long vector (`stepper`, what train() uses: same numbers, far fewer calls).
"""

import inspect
import math

import numpy as np

from ._validate import as_array, beta_in_range, non_negative, positive


def init_state(w):
    """The starting state of every rule: zero velocity v, zero squared-gradient average s, step t = 0."""
    return {"v": np.zeros_like(w), "s": np.zeros_like(w), "t": 0}


def gd(w, dw, state, learning_rate):
    """Plain gradient descent: w = w - learning_rate * dw."""
    return w - learning_rate * dw, state


def momentum(w, dw, state, learning_rate, beta=0.9):
    """Heavy-ball momentum (Polyak 1964) as an average: v = beta * v + (1 - beta) * dw;  w = w - learning_rate * v.

    The same steps as Polyak's w = w - lr * dw + beta * (w - w_previous) with lr = learning_rate * (1 - beta).
    """
    v = beta * state["v"] + (1 - beta) * dw
    return w - learning_rate * v, {**state, "v": v}


def nesterov(w, dw, state, learning_rate, beta=0.9):
    """Nesterov momentum (Nesterov 1983; Sutskever et al. 2013), rewritten with the gradient at the current point
    instead of the look-ahead one (Bengio et al. 2013): v = beta * v + (1 - beta) * dw;
    w = w - learning_rate * (beta * v + (1 - beta) * dw).

    beta = 0 is plain gradient descent. PyTorch's SGD(momentum=beta, nesterov=True) with lr = learning_rate *
    (1 - beta) takes the same steps.
    """
    v = beta * state["v"] + (1 - beta) * dw
    return w - learning_rate * (beta * v + (1 - beta) * dw), {**state, "v": v}


def adagrad(w, dw, state, learning_rate, epsilon=1e-8):
    """AdaGrad (Duchi et al. 2011, diagonal form): s = s + dw**2 (a SUM over all steps, never forgotten);
    w = w - learning_rate * dw / (sqrt(s) + epsilon). Steps shrink like 1/sqrt(t) on a steady gradient."""
    s = state["s"] + dw**2
    return w - learning_rate * dw / (np.sqrt(s) + epsilon), {**state, "s": s}


def rmsprop(w, dw, state, learning_rate, beta=0.999, epsilon=1e-8):
    """RMSProp (Tieleman & Hinton 2012): s = beta * s + (1 - beta) * dw**2;
    w = w - learning_rate * dw / (sqrt(s) + epsilon).

    The default beta = 0.999 is Adam's beta2, so that the course's races compare like with like; the lecture
    that introduced RMSProp used 0.9 (PyTorch's RMSprop: alpha = 0.99).
    """
    s = beta * state["s"] + (1 - beta) * dw**2
    return w - learning_rate * dw / (np.sqrt(s) + epsilon), {**state, "s": s}


def adam(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
    """Momentum + RMSProp with bias correction; t counts steps from 1 (Kingma & Ba 2015)."""
    t = state["t"] + 1
    v = beta1 * state["v"] + (1 - beta1) * dw
    s = beta2 * state["s"] + (1 - beta2) * dw**2
    v_corrected = v / (1 - beta1**t)
    s_corrected = s / (1 - beta2**t)
    w = w - learning_rate * v_corrected / (np.sqrt(s_corrected) + epsilon)
    return w, {"v": v, "s": s, "t": t}


def adamw(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8, weight_decay=0.01):
    """Adam with decoupled weight decay (Loshchilov & Hutter 2019): the Adam step on dw, then
    w = w - learning_rate * weight_decay * w (the w from before the step).

    The decay never enters v and s, so every weight shrinks by the same factor (1 - learning_rate *
    weight_decay) whatever its gradients; an L2 term added to dw would be divided by sqrt(s) like the rest.
    weight_decay is multiplied by learning_rate (as in PyTorch and optax; the paper multiplies it by the
    schedule's factor only), so a schedule passed as learning_rate decays both together.
    """
    new_w, new_state = adam(w, dw, state, learning_rate, beta1, beta2, epsilon)
    if weight_decay:  # in place on adam's fresh array (no input changes): one large allocation fewer per step
        new_w -= learning_rate * weight_decay * w
    return new_w, new_state


RULES = {"gd": gd, "momentum": momentum, "nesterov": nesterov, "adagrad": adagrad, "rmsprop": rmsprop,
         "adam": adam, "adamw": adamw}
_BETAS = ("beta", "beta1", "beta2")


def clip_by_norm(grads, max_norm):
    """Scale a gradient dict so its global L2 norm is at most max_norm (against exploding gradients).

    norm = sqrt(sum of all squared entries); if norm > max_norm every array is multiplied by max_norm / norm.
    """
    max_norm = positive(max_norm, "max_norm")
    grads = {k: as_array(g, f"grads[{k!r}]") for k, g in grads.items()}  # float32 stays float32
    norm = math.sqrt(sum(float(np.sum(np.square(g))) for g in grads.values()))  # a Python float: no upcast
    if norm <= max_norm:
        return {k: g.copy() for k, g in grads.items()}
    return {k: g * (max_norm / norm) for k, g in grads.items()}


def is_weight(key):
    """The default decay mask: weight decay on the weights W1, W2, ... only (as the L2 penalty of the losses),
    never on biases, batch-norm gamma and beta, or PReLU slopes."""
    return key.startswith("W")


def _hparam_names(rule):
    """The keyword hyperparameters `rule` accepts (after w, dw, state, learning_rate), or None if it takes
    **kwargs (anything goes) or its signature cannot be read."""
    try:
        params = list(inspect.signature(rule).parameters.values())
    except (TypeError, ValueError):
        return None
    if any(p.kind is p.VAR_KEYWORD for p in params):
        return None
    return [p.name for p in params[4:]]


class Optimizer:
    """Apply `rule` (a function above, or its name) to every array of a params dict.

    state = opt.init(params);  params, state = opt.update(params, grads, state, learning_rate)
    Only keys present in `grads` are updated (frozen layers simply have no gradients).
    decay_mask(key) -> bool says which parameters get a rule's weight_decay (default `is_weight`: the W's only,
    as optax's add_decayed_weights(mask=...)); the others are updated with weight_decay = 0.
    """

    def __init__(self, rule="gd", *, decay_mask=is_weight, **hparams):
        if isinstance(rule, str):
            if rule not in RULES:
                raise ValueError(f"rule: expected one of {sorted(RULES)} or a function; got {rule!r}")
            rule = RULES[rule]
        if not callable(rule):
            raise ValueError(f"rule: expected a function (w, dw, state, learning_rate, ...); got {rule!r}")
        if not callable(decay_mask):
            raise ValueError(f"decay_mask: expected a function key -> bool (e.g. dlcore.optim.is_weight); "
                             f"got {decay_mask!r}")
        accepted = _hparam_names(rule)
        name = getattr(rule, "__name__", repr(rule))
        for key in hparams:
            if accepted is not None and key not in accepted:
                raise ValueError(f"{key}: {name} has no hyperparameter {key!r}; it takes {accepted}")
        for key in _BETAS:
            if key in hparams:
                beta_in_range(hparams[key], key)
        if "epsilon" in hparams and not (np.isscalar(hparams["epsilon"]) and hparams["epsilon"] > 0):
            raise ValueError(f"epsilon: expected a small positive number; got {hparams['epsilon']!r}")
        if "weight_decay" in hparams:
            non_negative(hparams["weight_decay"], "weight_decay")
        self.rule, self.hparams, self.decay_mask = rule, hparams, decay_mask
        self._decays = accepted is not None and "weight_decay" in accepted or "weight_decay" in hparams

    def __repr__(self):
        args = "".join(f", {k}={v!r}" for k, v in self.hparams.items())
        return f"Optimizer({getattr(self.rule, '__name__', repr(self.rule))}{args})"

    def hparams_for(self, key):
        """The hyperparameters parameter `key` is updated with: weight_decay = 0 where decay_mask(key) is false."""
        if self._decays and not self.decay_mask(key):
            return {**self.hparams, "weight_decay": 0.0}
        return self.hparams

    def init(self, params):
        return {k: init_state(w) for k, w in params.items()}

    def update(self, params, grads, state, learning_rate):
        positive(learning_rate, "learning_rate")
        new_params, new_state = dict(params), dict(state)
        for k, dw in grads.items():
            new_params[k], new_state[k] = self.rule(params[k], dw, state[k], learning_rate, **self.hparams_for(k))
        return new_params, new_state

    def stepper(self, params, state=None):
        """A Stepper over `params` (a dict of the arrays to train), continuing from `state` (missing keys start
        fresh): update() on one long vector per group of parameters that share their hyperparameters."""
        return Stepper(self, params, {} if state is None else state)


class Stepper:
    """Optimizer.update, one rule call per step for each GROUP of parameters with the same hyperparameters
    (one group, or two when a decay mask splits W from the rest): the parameters become views into one flat
    buffer per group, so `adam` (say) runs on one long vector instead of once per array. Same rule, same
    numbers, far fewer calls. Falls back to Optimizer.update (one call per array) when the arrays or states do
    not join up (mixed dtypes, different step counts t, a subclass with its own update), or when the caller
    replaced an array or passed gradients for other keys.

        stepper = opt.stepper(params, state);  use stepper.params (views) in the model
        params = stepper.step(params, grads, learning_rate)   # the updated arrays, keyed like grads
        stepper.state()                                       # per-array state, as Optimizer.update keeps it
    """

    def __init__(self, opt, params, state):
        self.opt, self.keys = opt, list(params)
        self._state = {**state, **{k: init_state(params[k]) for k in self.keys if k not in state}}
        self.params = dict(params)
        self.groups = None  # [(keys, hparams, shapes, slices, theta, flat_state)] while on the fast path
        if not self.keys or type(opt).update is not Optimizer.update:
            return
        by_hparams = {}
        for k in self.keys:
            hp = opt.hparams_for(k)
            by_hparams.setdefault(repr(sorted(hp.items())), (hp, []))[1].append(k)
        groups = []
        for hp, keys in by_hparams.values():
            if len({params[k].dtype for k in keys}) != 1:
                return
            shapes = [params[k].shape for k in keys]
            ends = np.cumsum([params[k].size for k in keys]).tolist()
            slices = [slice(start, end) for start, end in zip([0] + ends, ends)]
            flat_state = _join_state([self._state[k] for k in keys], shapes)
            if flat_state is None:
                return
            theta = np.concatenate([params[k].ravel() for k in keys])
            groups.append([keys, hp, shapes, slices, theta, flat_state])
        self.groups = groups
        self.params = {}
        for group in groups:
            self.params.update(_split(group[4], group))

    def _owns(self, params, grads):
        """True while the caller still holds our views and asks for exactly our keys, in our order."""
        return (list(grads) == self.keys
                and all(params[k].base is group[4] for group in self.groups for k in group[0]))

    def step(self, params, grads, learning_rate):
        if self.groups is not None and not self._owns(params, grads):
            # a callback replaced arrays or (un)froze layers: carry on with one update per array
            self._state, self.groups = self.state(), None
        if self.groups is None:
            state = {**{k: init_state(params[k]) for k in grads if k not in self._state}, **self._state}
            new_params, self._state = self.opt.update(params, grads, state, learning_rate)
            return {k: new_params[k] for k in grads}
        positive(learning_rate, "learning_rate")
        new_params = {}
        for group in self.groups:
            keys, hp = group[0], group[1]
            dtheta = np.concatenate([grads[k].ravel() for k in keys])
            group[4], group[5] = self.opt.rule(group[4], dtheta, group[5], learning_rate, **hp)
            new_params.update(_split(group[4], group))
        self.params = new_params
        return new_params

    def state(self):
        """The per-array state {key: {...}} (views into the flat state), as Optimizer.update would keep it."""
        if self.groups is None:
            return self._state
        per_key = {}
        for keys, _, shapes, slices, theta, flat_state in self.groups:
            group = (keys, None, shapes, slices)
            pieces = {name: _split(v, group) for name, v in flat_state.items()
                      if isinstance(v, np.ndarray) and v.shape == theta.shape}
            for k in keys:
                per_key[k] = {name: pieces[name][k] if name in pieces else v for name, v in flat_state.items()}
        return {**self._state, **per_key}


def _split(flat, group):
    keys, _, shapes, slices = group[:4]
    return {k: flat[piece].reshape(shape) for k, piece, shape in zip(keys, slices, shapes)}


def _join_state(states, shapes):
    """Per-array states [{"v": array, "t": 3, ...}, ...] -> one state of flat arrays, or None."""
    flat = {}
    for name, value in states[0].items():
        entries = [st.get(name) for st in states]
        if all(isinstance(e, np.ndarray) and e.shape == shape for e, shape in zip(entries, shapes)):
            flat[name] = np.concatenate([e.ravel() for e in entries])
        elif all(not isinstance(e, np.ndarray) and e == value for e in entries):
            flat[name] = value
        else:
            return None
    return flat
