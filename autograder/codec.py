"""Values that cross the sandbox boundary, as JSON (never pickle).

    encode(value) -> JSON-able tree        decode(tree) -> value        assign_inplace(original, new)

Crossable values: None, bool, int, float (nan/inf too), str, numpy arrays and scalars (as base64 .npy written with
allow_pickle=False), lists, tuples, dicts (any crossable keys), np.random.Generator (by bit-generator state),
dlcore Sequential models (by dlcore.model.to_arrays), and callables that are module-level functions of dlcore or
autograder (by qualified name) or functools.partial of such. Anything else raises CodecError.

assign_inplace writes a value the child changed back into the caller's object (arrays via np.copyto, dicts and
lists by content, generators by state, models by parameters and state), so a caller's "inputs not mutated" check
still sees a mutation made inside the sandbox.
"""

import base64
import functools
import importlib
import io
import math
import types

import numpy as np

TRUSTED_MODULES = ("dlcore", "autograder")
MAX_DEPTH = 64


class CodecError(TypeError):
    """A value that cannot cross the sandbox boundary."""


def _npy(a):
    buf = io.BytesIO()
    try:
        np.save(buf, np.asarray(a), allow_pickle=False)
    except ValueError as exc:  # object arrays
        raise CodecError(f"an array of dtype {np.asarray(a).dtype} cannot cross the sandbox boundary") from exc
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _unnpy(text):
    return np.load(io.BytesIO(base64.b64decode(text)), allow_pickle=False)


def _qualname(fn):
    module = getattr(fn, "__module__", None) or ""
    name = getattr(fn, "__qualname__", None) or ""
    if module.split(".")[0] not in TRUSTED_MODULES or "<" in name:
        return None
    try:
        if resolve(f"{module}:{name}") is fn:
            return f"{module}:{name}"
    except (ImportError, AttributeError, CodecError):
        return None
    return None


def resolve(ref):
    """'module:qual.name' -> the object, only inside dlcore and autograder."""
    module, _, name = ref.partition(":")
    if module.split(".")[0] not in TRUSTED_MODULES:
        raise CodecError(f"callable {ref!r} is not from dlcore or autograder")
    obj = importlib.import_module(module)
    for part in name.split("."):
        if part.startswith("__"):
            raise CodecError(f"callable {ref!r}: private attributes do not cross")
        obj = getattr(obj, part)
        if isinstance(obj, types.ModuleType):  # no walking out through an imported module (os, sys, ...)
            raise CodecError(f"callable {ref!r} is a module, not a function of dlcore or autograder")
    owner = getattr(obj, "__module__", None) or ""
    if not callable(obj) or owner.split(".")[0] not in TRUSTED_MODULES:
        raise CodecError(f"callable {ref!r} is not defined in dlcore or autograder")
    return obj


def _is_model(value):
    cls = type(value)
    return cls.__name__ == "Sequential" and cls.__module__ == "dlcore.model"


def encode(value, _depth=0):
    """Turn a crossable value into a JSON-able tree; CodecError for anything else."""
    if _depth > MAX_DEPTH:
        raise CodecError("value nested too deeply to cross the sandbox boundary")
    d = _depth + 1
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return value if type(value) is int else int(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else {"__float__": repr(float(value))}
    if isinstance(value, complex):
        return {"__nd__": _npy(np.complex128(value)), "scalar": "complex"}
    if isinstance(value, np.ndarray):
        return {"__nd__": _npy(value)}
    if isinstance(value, np.generic):
        return {"__nd__": _npy(value), "scalar": "numpy"}
    if isinstance(value, list):
        return [encode(v, d) for v in value]
    if isinstance(value, tuple):
        return {"__tuple__": [encode(v, d) for v in value]}
    if isinstance(value, dict):
        return {"__dict__": [[encode(k, d), encode(v, d)] for k, v in value.items()]}
    if isinstance(value, np.random.Generator):
        bg = value.bit_generator
        return {"__rng__": type(bg).__name__, "state": _jsonable_state(bg.state)}
    if _is_model(value):
        from dlcore.model import to_arrays

        return {"__model__": {k: _npy(v) for k, v in to_arrays(value).items()}}
    if isinstance(value, functools.partial):
        return {"__partial__": encode(value.func, d), "args": encode(tuple(value.args), d),
                "kwargs": encode(dict(value.keywords), d)}
    if callable(value):
        ref = _qualname(value)
        if ref is None:
            raise CodecError(f"the callable {getattr(value, '__qualname__', value)!r} cannot cross the sandbox "
                             "boundary (only module-level functions of dlcore or autograder can)")
        return {"__fn__": ref}
    raise CodecError(f"a value of type {type(value).__name__} cannot cross the sandbox boundary")


def _jsonable_state(state):
    if isinstance(state, dict):
        return {k: _jsonable_state(v) for k, v in state.items()}
    if isinstance(state, np.ndarray):
        return {"__nd__": _npy(state)}
    if isinstance(state, np.integer):
        return int(state)
    return state


def _unstate(state):
    if isinstance(state, dict):
        if "__nd__" in state:
            return _unnpy(state["__nd__"])
        return {k: _unstate(v) for k, v in state.items()}
    return state


def decode(tree, _depth=0):
    """Inverse of encode."""
    if _depth > MAX_DEPTH:
        raise CodecError("value nested too deeply")
    d = _depth + 1
    if tree is None or isinstance(tree, (bool, int, float, str)):
        return tree
    if isinstance(tree, list):
        return [decode(v, d) for v in tree]
    if not isinstance(tree, dict):
        raise CodecError(f"malformed value of type {type(tree).__name__}")
    if "__nd__" in tree:
        a = _unnpy(tree["__nd__"])
        if tree.get("scalar") == "complex":
            return complex(a)
        return a[()] if tree.get("scalar") else a
    if "__float__" in tree:
        return float(tree["__float__"])
    if "__tuple__" in tree:
        return tuple(decode(v, d) for v in tree["__tuple__"])
    if "__dict__" in tree:
        return {_hashable(decode(k, d)): decode(v, d) for k, v in tree["__dict__"]}
    if "__rng__" in tree:
        name = tree["__rng__"]
        bg_cls = getattr(np.random, name, None)
        if not (isinstance(bg_cls, type) and issubclass(bg_cls, np.random.BitGenerator)):
            raise CodecError(f"unknown bit generator {name!r}")
        bg = bg_cls()
        bg.state = _unstate(tree["state"])
        return np.random.Generator(bg)
    if "__model__" in tree:
        from dlcore.model import from_arrays

        return from_arrays({k: _unnpy(v) for k, v in tree["__model__"].items()})
    if "__partial__" in tree:
        return functools.partial(decode(tree["__partial__"], d), *decode(tree["args"], d),
                                 **decode(tree["kwargs"], d))
    if "__fn__" in tree:
        return resolve(tree["__fn__"])
    raise CodecError("malformed value: unknown tag")


def _hashable(key):
    if isinstance(key, list):
        return tuple(_hashable(k) for k in key)
    if isinstance(key, np.ndarray):
        return key.item() if key.ndim == 0 else tuple(key.tolist())
    return key


def assign_inplace(original, new):
    """Make `original` look like `new` without replacing it; returns False when that is impossible."""
    if isinstance(original, np.ndarray):
        new = np.asarray(new)
        if new.shape != original.shape or not original.flags.writeable:
            return False
        try:
            np.copyto(original, new, casting="unsafe")
        except (TypeError, ValueError):
            return False
        return True
    if isinstance(original, dict) and isinstance(new, dict):
        for key in list(original):
            if key not in new:
                del original[key]
        for key, value in new.items():
            if key not in original or not assign_inplace(original[key], value):
                original[key] = value
        return True
    if isinstance(original, list) and isinstance(new, list):
        if len(original) == len(new):
            for i, value in enumerate(new):
                if not assign_inplace(original[i], value):
                    original[i] = value
        else:
            original[:] = new
        return True
    if isinstance(original, tuple) and isinstance(new, tuple) and len(original) == len(new):
        return all(_same_immutable(o, n) or assign_inplace(o, n) for o, n in zip(original, new))
    if isinstance(original, np.random.Generator) and isinstance(new, np.random.Generator):
        if type(original.bit_generator) is not type(new.bit_generator):
            return False
        original.bit_generator.state = new.bit_generator.state
        return True
    if _is_model(original) and _is_model(new):
        old_params, new_params = original.parameters(), new.parameters()
        if set(old_params) != set(new_params):
            return False
        for key, value in new_params.items():
            if not assign_inplace(old_params[key], value):
                return False
        for layer, new_layer in zip(original.layers, new.layers):
            layer.state.clear()
            layer.state.update(new_layer.state)
            layer.trainable = new_layer.trainable
        return True
    return _same_immutable(original, new)


def _same_immutable(a, b):
    try:
        return type(a) is type(b) and not isinstance(a, (np.ndarray, dict, list)) and bool(a == b)
    except Exception:
        return False
