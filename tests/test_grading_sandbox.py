"""The sandbox boundary: the JSON codec (no pickle), proxies, write-back of mutated arguments, error types,
limits and restarts. Fast unit tests (a few child processes)."""

import functools
import json
import os

import numpy as np
import pytest

from autograder import codec
from autograder.errors import DelegationDetected, StudentCrashed, StudentError, StudentTimeout
from autograder.sandbox import Limits, Sandbox


def roundtrip(value):
    return codec.decode(json.loads(json.dumps(codec.encode(value), allow_nan=False)))


def test_codec_round_trips_crossable_values():
    a = np.arange(12.0).reshape(3, 4)
    value = {"W1": a, "t": 3, "lr": 0.1, "name": "adam", "flag": True, "none": None, 7: (1, 2.5),
             "nan": float("nan"), "inf": -np.inf, "i32": np.int32(4), "f": np.float64(2.0), "list": [a[0], "x"],
             "bool_arr": a > 3, "c": 1 + 2j}
    back = roundtrip(value)
    assert set(back) == set(value)
    np.testing.assert_array_equal(back["W1"], a)
    assert back["W1"].dtype == a.dtype and back[7] == (1, 2.5) and np.isnan(back["nan"]) and back["inf"] == -np.inf
    assert type(back["i32"]) is np.int32 and back["c"] == 1 + 2j and back["bool_arr"].dtype == bool


def test_codec_generators_models_and_named_functions():
    from dlcore.model import mlp

    rng = np.random.default_rng(5)
    rng.random(3)
    back = roundtrip(rng)
    assert back.random() == rng.random()
    model = mlp([3, 4, 1], rng=0)
    X = np.random.default_rng(1).standard_normal((3, 5))
    np.testing.assert_allclose(roundtrip(model).forward(X), model.forward(X))
    from dlcore.losses import l2_penalty

    assert roundtrip(l2_penalty) is l2_penalty
    part = roundtrip(functools.partial(l2_penalty, lambd=0.5))
    assert part.func is l2_penalty and part.keywords == {"lambd": 0.5}


@pytest.mark.parametrize("bad", [lambda x: x, object(), np.array([object()]), print, os.system])
def test_codec_refuses_what_cannot_cross(bad):
    with pytest.raises(codec.CodecError):
        codec.encode(bad)


@pytest.mark.parametrize("ref", ["os:system", "autograder.sandbox:os.system", "dlcore.optim:np.load",
                                 "autograder.codec:importlib.import_module", "dlcore:__builtins__"])
def test_codec_will_not_resolve_outside_trusted_modules(ref):
    with pytest.raises((codec.CodecError, AttributeError)):
        codec.decode({"__fn__": ref})


def test_assign_inplace_writes_back_into_the_callers_objects():
    a = np.zeros(3)
    state = {"v": np.zeros(2), "t": 0}
    rng = np.random.default_rng(0)
    new_rng = np.random.default_rng(0)
    new_rng.random(4)
    assert codec.assign_inplace(a, np.ones(3)) and a.tolist() == [1, 1, 1]
    v = state["v"]
    assert codec.assign_inplace(state, {"v": np.full(2, 2.0), "t": 1, "s": 5})
    assert state["v"] is v and v.tolist() == [2, 2] and state["t"] == 1 and state["s"] == 5
    assert codec.assign_inplace(rng, new_rng) and rng.random() == new_rng.random()


SOURCE = '''
import numpy as np

def mutate(a, state):
    a *= 2
    state["t"] += 1
    return float(a.sum())

def fail(x):
    raise ValueError(f"x must be positive, got {x}")

def loop():
    while True:
        pass

def crash():
    import os
    os._exit(7)

def environment():
    import os, sys
    return {"env": dict(os.environ), "isolated": sys.flags.isolated, "cwd": os.getcwd()}

def draw(rng):
    return rng.random(2)

def delegating_adam(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
    from dlcore.optim import adam
    return adam(w, dw, state, learning_rate, beta1, beta2, epsilon)

adam = delegating_adam
print("top level: never run")
'''


@pytest.fixture(scope="module")
def sandbox():
    sb = Sandbox(Limits(call_timeout=2.0, notebook_timeout=60))
    sb.start()
    problems = sb.load([("cell", SOURCE, "solution")])
    names = sb.names()
    yield sb, problems, names
    sb.close()


def test_load_runs_definitions_only(sandbox):
    sb, problems, names = sandbox
    assert "top-level statement" in problems["cell"][0]
    assert {"mutate", "fail", "loop", "crash", "draw", "delegating_adam"} <= set(names)
    assert "adam" not in names  # `adam = ...` is a top-level statement: not run
    assert "top level" not in sb.take_output()


def test_mutated_arguments_are_written_back(sandbox):
    sb, _, _ = sandbox
    a, state = np.ones(3), {"t": 0}
    assert sb.proxy("mutate")(a, state) == 6.0
    assert a.tolist() == [2, 2, 2] and state == {"t": 1}
    rng = np.random.default_rng(3)
    first = sb.proxy("draw")(rng)
    np.testing.assert_array_equal(first, np.random.default_rng(3).random(2))  # same state crossed over
    expected = np.random.default_rng(3)
    expected.random(2)
    assert rng.random() == expected.random()  # the generator advanced in the caller too


def test_student_exceptions_keep_their_builtin_type(sandbox):
    sb, _, _ = sandbox
    with pytest.raises(ValueError, match="must be positive") as info:
        sb.proxy("fail")(-1)
    assert isinstance(info.value, StudentError)


def test_environment_is_scrubbed_and_isolated(sandbox, monkeypatch):
    sb, _, _ = sandbox
    out = sb.proxy("environment")()
    assert out["isolated"] == 1
    assert out["env"]["HOME"] == out["cwd"] and out["env"]["OPENBLAS_NUM_THREADS"] == "1"
    assert not any(k in out["env"] for k in ("PYTHONPATH", "VIRTUAL_ENV", "SSH_AUTH_SOCK", "AWS_SECRET_ACCESS_KEY"))


def test_timeout_then_restart_for_the_next_cell(sandbox):
    sb, _, _ = sandbox
    with pytest.raises(StudentTimeout, match="longer than 2 s"):
        sb.proxy("loop")()
    with pytest.raises(StudentCrashed):
        sb.proxy("fail")(1)  # the same cell: the child is gone
    sb.new_cell()
    with pytest.raises(ValueError):
        sb.proxy("fail")(1)
    with pytest.raises(StudentCrashed, match="code 7"):
        sb.proxy("crash")()
    sb.new_cell()
    assert sb.proxy("mutate")(np.ones(1), {"t": 0}) == 2.0


def test_delegation_is_detected_in_the_child():
    sb = Sandbox(Limits(call_timeout=5), withheld=["dlcore.optim.adam"])
    with sb:
        sb.load([("ex_adam", SOURCE.replace("adam = delegating_adam", "") +
                  "\nfrom dlcore.optim import adam as _a\ndef adam(w, dw, state, learning_rate, beta1=0.9, "
                  "beta2=0.999, epsilon=1e-8):\n    return _a(w, dw, state, learning_rate)\n", "solution")])
        state = {"v": np.zeros(2), "s": np.zeros(2), "t": 0}
        with pytest.raises(DelegationDetected, match="dlcore.optim.adam"):
            sb.proxy("adam")(np.ones(2), np.ones(2), state, 0.1)


def test_student_code_cannot_write_outside_its_directory(tmp_path):
    victim = tmp_path / "gradebook.db"
    victim.write_text("grades")
    sb = Sandbox(Limits(call_timeout=5))
    with sb:
        if not sb.landlock:
            pytest.skip("Landlock is not available on this kernel: writes are not confined")
        sb.load([("ex", '''
def attack(path):
    import os
    out = []
    for f in (lambda: open(path, "a").write("hacked"), lambda: os.truncate(path, 0), lambda: os.remove(path),
              lambda: os.rename(path, "stolen"), lambda: open(path + ".new", "w"),
              lambda: open("scratch.txt", "w").write("ok")):
        try:
            f()
            out.append("allowed")
        except OSError as exc:
            out.append(type(exc).__name__)
    return out
''', "solution")])
        outcome = sb.proxy("attack")(str(victim))  # isolated, the file is not even there (FileNotFoundError)
        assert all(o in ("PermissionError", "FileNotFoundError") for o in outcome[:5]) and outcome[5] == "allowed"
    assert victim.read_text() == "grades" and sorted(p.name for p in tmp_path.iterdir()) == ["gradebook.db"]


def test_student_code_has_no_tcp_network():
    import socket

    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    sb = Sandbox(Limits(call_timeout=5))
    try:
        with sb:
            if sb.landlock < 4:
                pytest.skip("Landlock ABI < 4: TCP is not restricted on this kernel")
            source = "def dial(port):\n    import socket\n    socket.create_connection(('127.0.0.1', port), 2)\n"
            sb.load([("ex", source, "solution")])
            with pytest.raises(PermissionError):
                sb.proxy("dial")(port)
    finally:
        server.close()
