"""Sequential models, the mlp() builder, cost-and-gradients, freezing, save/load.

Parameter names follow the notes: a Dense (or Maxout) layer starts block l = 1, 2, ...; its W and b are "W{l}",
"b{l}", and a BatchNorm / PReLU after it adds "gamma{l}", "beta{l}" / "alpha{l}". Gradients use the same keys.
"""

import json

import numpy as np

from . import losses
from ._validate import as_rng, columns, keep_prob_in_range
from .activations import softmax
from .layers import LAYERS, Activation, BatchNorm, Dense, Dropout, Maxout

OUTPUTS = ("sigmoid", "softmax", "linear")
DEFAULT_LOSS = {"sigmoid": "binary_cross_entropy", "softmax": "softmax_cross_entropy", "linear": "mse"}


class Sequential:
    """Layers applied in order. `output` says what the last layer's output means:
    "sigmoid" (probabilities of class 1), "softmax" (logits of C classes) or "linear" (regression values)."""

    def __init__(self, *layers, output="linear"):
        if output not in OUTPUTS:
            raise ValueError(f"output: expected one of {OUTPUTS}; got {output!r}")
        self.layers, self.output = list(layers), output
        self._names = []  # (layer, local key, global key)
        block = 0
        for layer in self.layers:
            if isinstance(layer, (Dense, Maxout)):
                block += 1
            for key in layer.params:
                self._names.append((layer, key, f"{key}{max(block, 1)}"))
        globals_ = [g for _, _, g in self._names]
        if len(set(globals_)) != len(globals_):
            raise ValueError(f"layers: two layers would share a parameter name: {globals_}")

    def __repr__(self):
        inner = ",\n    ".join(map(repr, self.layers))
        return f"Sequential(\n    {inner},\n    output={self.output!r})"

    @property
    def n_x(self):
        first = next((la for la in self.layers if isinstance(la, (Dense, Maxout))), None)
        return None if first is None else first.n_in

    @property
    def dtype(self):
        arrays = [la.params[k] for la, k, _ in self._names]
        return arrays[0].dtype if arrays else np.float64

    # ---- forward and backward
    def forward(self, X, *, training=False):
        """Output of the last layer for X (n_x, m). training=True uses dropout and batch statistics."""
        A = columns(X, "X", self.n_x)
        if A.dtype != self.dtype:
            A = A.astype(self.dtype)
        for layer in self.layers:
            A = layer.forward(A, training=training)
        return A

    def backward(self, dAL):
        """Back-propagate the per-example gradient dAL of the cost; fills every layer's .grads."""
        dA = dAL
        for i in range(len(self.layers) - 1, -1, -1):
            layer = self.layers[i]
            if i == 0 and isinstance(layer, (Dense, Maxout)):
                layer.backward(dA, input_grad=False)  # nobody needs dX: skip the largest matmul
            else:
                dA = layer.backward(dA)

    # ---- parameters
    def parameters(self):
        """{"W1": ..., "b1": ..., "gamma1": ...}: the layers' own arrays (not copies), trainable or not."""
        return {g: layer.params[k] for layer, k, g in self._names}

    def gradients(self):
        """Gradients of the trainable parameters after backward(), keyed like parameters()."""
        return {g: layer.grads[k] for layer, k, g in self._names if layer.trainable and k in layer.grads}

    def set_parameters(self, params):
        """Put arrays into the layers by name (a subset is fine). Shapes must match. The arrays themselves are
        stored (no copy, no cast): train() keeps the parameters as views of one flat vector this way."""
        owners = {g: (layer, k) for layer, k, g in self._names}
        for g, value in params.items():
            if g not in owners:
                raise ValueError(f"params: unknown parameter {g!r}; this model has {list(owners)}")
            layer, k = owners[g]
            if np.shape(value) != layer.params[k].shape:
                raise ValueError(f"params[{g!r}]: expected shape {layer.params[k].shape}; got {np.shape(value)}")
            layer.params[k] = value

    def freeze(self, blocks):
        """Freeze parameter blocks 1..blocks (transfer learning: keep early features, retrain the head)."""
        for layer, _, g in self._names:
            if int("".join(c for c in g if c.isdigit())) <= blocks:
                layer.trainable = False

    def unfreeze(self):
        for layer in self.layers:
            layer.trainable = True

    # ---- predictions
    def test_forward(self, X):
        """forward(X, training=False), then the layers' caches are dropped: they are kept for a backward pass,
        which a test-time pass never has, and would keep a copy of every activation over X alive in the model."""
        out = self.forward(X, training=False)
        for layer in self.layers:
            layer.cache = None
        return out

    def predict_proba(self, X):
        """Class probabilities at test time: (1, m) for sigmoid, (C, m) for softmax; values for linear."""
        out = self.test_forward(X)
        return softmax(out) if self.output == "softmax" else out

    def predict(self, X):
        """Labels (1, m): 1 where p > 0.5 for sigmoid, the argmax class for softmax; values for linear."""
        out = self.test_forward(X)
        if self.output == "sigmoid":
            return (out > 0.5).astype(int)
        if self.output == "softmax":
            return out.argmax(axis=0)[None, :]
        return out


def mlp(layer_dims, *, hidden="relu", output="sigmoid", init="he", keep_prob=1.0, batchnorm=False, rng=None,
        dtype=np.float64, gain=1.0):
    """A fully connected net for layer_dims = [n_x, n_1, ..., n_L].

    Each hidden layer is Dense -> [BatchNorm] -> Activation(hidden) -> [Dropout(keep_prob)]; a Dense before batch
    norm has no bias (beta does its job). The last layer is Dense, then Activation("sigmoid") for output="sigmoid"
    (softmax and linear outputs stay as logits / values). keep_prob may be one number or one per hidden layer.
    One generator draws the weights in layer order, then the dropout masks during training.
    """
    if len(layer_dims) < 2:
        raise ValueError(f"layer_dims: expected [n_x, ..., n_L] with at least two sizes; got {layer_dims!r}")
    if output not in OUTPUTS:
        raise ValueError(f"output: expected one of {OUTPUTS}; got {output!r}")
    n_hidden = len(layer_dims) - 2
    keep = list(keep_prob) if np.ndim(keep_prob) else [keep_prob] * n_hidden
    if len(keep) != n_hidden:
        raise ValueError(f"keep_prob: expected one value or {n_hidden} (one per hidden layer); got {keep_prob!r}")
    keep = [keep_prob_in_range(k) for k in keep]
    rng = as_rng(rng)
    layers = []
    for l in range(1, len(layer_dims)):
        last = l == len(layer_dims) - 1
        use_bias = last or not batchnorm
        layers.append(Dense(layer_dims[l - 1], layer_dims[l], init=init, use_bias=use_bias, rng=rng, dtype=dtype,
                            gain=gain))
        if last:
            break
        if batchnorm:
            layers.append(BatchNorm(layer_dims[l], dtype=dtype))
        layers.append(Activation(hidden))
        if keep[l - 1] < 1:
            layers.append(Dropout(keep[l - 1], rng=rng))
    if output == "sigmoid":
        layers.append(Activation("sigmoid"))
    return Sequential(*layers, output=output)


# ---------------------------------------------------------------- cost and gradients
def _penalty_terms(model, lambd, penalty, m):
    if lambd == 0:
        return 0.0, None
    cost_fn, grad_fn = losses.get_penalty(penalty)
    return cost_fn(model.parameters(), lambd, m), grad_fn


def compute_cost(model, X, Y, *, loss=None, lambd=0.0, penalty="l2", training=False):
    """J = mean loss over the m columns + penalty on the weights."""
    cost_fn, _ = losses.get(loss or DEFAULT_LOSS[model.output])
    out = model.forward(X, training=True) if training else model.test_forward(X)
    return cost_fn(out, Y) + _penalty_terms(model, lambd, penalty, out.shape[1])[0]


def cost_and_gradients(model, X, Y, *, loss=None, lambd=0.0, penalty="l2"):
    """One training-mode forward and backward pass. Returns (J, grads) with the penalty's gradient added to dW."""
    cost_fn, backward_fn = losses.get(loss or DEFAULT_LOSS[model.output])
    out = model.forward(X, training=True)
    if np.shape(Y) != out.shape:
        raise ValueError(f"Y: expected shape {out.shape} to match the model's output; got {np.shape(Y)}"
                         + (" (use one_hot for softmax)" if model.output == "softmax" else ""))
    Y = np.asarray(Y).astype(out.dtype, copy=False)  # float64 labels would turn a float32 model into float64
    m = out.shape[1]
    penalty_cost, penalty_grad = _penalty_terms(model, lambd, penalty, m)
    model.backward(backward_fn(out, Y))
    grads = model.gradients()
    if penalty_grad is not None:
        grads = {k: g + penalty_grad(model.parameters()[k], lambd, m) if k.startswith("W") else g
                 for k, g in grads.items()}
    return cost_fn(out, Y) + penalty_cost, grads


# ---------------------------------------------------------------- save and load (no pickle)
def to_arrays(model):
    """Everything needed to rebuild the model as a dict of plain arrays (config as a JSON string array)."""
    config = {"output": model.output,
              "layers": [{"kind": type(la).__name__, **la.config()} for la in model.layers]}
    arrays = {"__config__": np.array(json.dumps(config))}
    arrays.update({f"param/{g}": np.asarray(la.params[k]) for la, k, g in model._names})
    for i, layer in enumerate(model.layers):
        arrays.update({f"state/{i}/{k}": v for k, v in layer.state.items()})
        if not layer.trainable:
            arrays[f"frozen/{i}"] = np.array(True)
    return arrays


def from_arrays(arrays):
    """Inverse of to_arrays."""
    config = json.loads(str(arrays["__config__"]))
    layers = []
    for spec in config["layers"]:
        spec = dict(spec)
        kind = spec.pop("kind")
        if kind not in LAYERS:
            raise ValueError(f"model file: unknown layer kind {kind!r}")
        if kind == "Activation":
            layers.append(Activation(spec.pop("name"), **spec))
        elif kind in ("Dense", "Maxout"):  # the weights are set below: no draw (and no initializer call)
            layers.append(LAYERS[kind](**spec, init="zeros"))
        else:
            layers.append(LAYERS[kind](**spec))
    model = Sequential(*layers, output=config["output"])
    model.set_parameters({k[len("param/"):]: np.array(v) for k, v in arrays.items() if k.startswith("param/")})
    for key, v in arrays.items():
        if key.startswith("state/"):
            _, i, name = key.split("/")
            model.layers[int(i)].state[name] = np.array(v)
        elif key.startswith("frozen/"):
            model.layers[int(key.split("/")[1])].trainable = False
    return model


def save(model, path):
    """Save to an .npz file (no pickle)."""
    np.savez(path, **to_arrays(model))


def load(path):
    with np.load(path, allow_pickle=False) as data:
        return from_arrays({k: data[k] for k in data.files})
