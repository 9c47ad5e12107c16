"""How fast is dlcore? One epoch of a 784-256-128-10 ReLU/softmax MLP with Adam, batch 256, 60,000 synthetic
examples, in float64 and float32, on ONE BLAS thread. Prints (a script, not a test):

  dlcore      median epoch time of dlcore.train(..., epochs=1)
  matmuls     the same matmuls alone (forward 3, backward dW 3, backward dA_prev 2: the first layer needs no dX)
              = a lower bound for any numpy implementation; and dlcore / bound
  torch       PyTorch CPU (torch.set_num_threads(1)), same model, default Adam, same batches; and dlcore / torch
              (skipped when torch is not installed; it is never a dependency)
  parts       where dlcore's epoch goes: forward + backward (cost_and_gradients on each batch, gathers left out),
              the `adam` rule (on one flat vector of all the parameters, once per batch, as train() applies
              it) and the rest (shuffled gathers, joining the gradients, Python, and the cache misses the
              parts cause each other when they alternate); and PyTorch's own matmuls alone, because its
              BLAS (MKL) is not numpy's (OpenBLAS) and the two differ on the same shapes

Goals: dlcore within 1.35x of the matmul bound and faster than PyTorch CPU, in both dtypes.
Usage: python benchmarks/bench_dlcore.py [--repeats 5] [--examples 60000] [--no-torch]
"""

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "VECLIB_MAXIMUM_THREADS",
             "NUMEXPR_NUM_THREADS"):
    os.environ[_var] = "1"  # must happen before numpy is imported

import argparse  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import dlcore  # noqa: E402
from dlcore.model import cost_and_gradients  # noqa: E402

try:  # optional: pin the threads of an already-loaded BLAS too
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)
except ImportError:
    pass

LAYER_DIMS = [784, 256, 128, 10]
BATCH = 256


def synthetic_data(m, dtype, seed=0):
    """Random inputs and one-hot labels of a fixed random linear teacher (learnable, not trivial)."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((LAYER_DIMS[0], m)).astype(dtype)
    teacher = rng.standard_normal((LAYER_DIMS[-1], LAYER_DIMS[0]))
    Y = dlcore.data.one_hot((teacher @ X).argmax(axis=0)[None, :], LAYER_DIMS[-1]).astype(dtype)
    return X, Y


def matmul_epoch(X, dtype, to=None):
    """A function running only the 8 matmuls of an epoch, on the same shapes and memory layouts (batches are
    column views of contiguous rows, as dlcore.data.minibatches hands them out). to=torch.from_numpy runs the
    very same arrays through PyTorch's BLAS instead of numpy's."""
    rng = np.random.default_rng(0)
    Ws = [rng.standard_normal((n_out, n_in)).astype(dtype) for n_in, n_out in zip(LAYER_DIMS, LAYER_DIMS[1:])]
    XT = np.ascontiguousarray(X.T)
    if to is not None:
        Ws, XT = [to(W) for W in Ws], to(XT)

    def run():
        for s in range(0, XT.shape[0], BATCH):
            A0 = XT[s:s + BATCH].T
            A1 = Ws[0] @ A0
            A2 = Ws[1] @ A1
            Z3 = Ws[2] @ A2
            _ = Z3 @ A2.T, Ws[2].T @ Z3      # dW3, dA2
            _ = A2 @ A1.T, Ws[1].T @ A2      # dW2, dA1
            _ = A1 @ A0.T                    # dW1 (no dX)

    return run


def part_epochs(X, Y, dtype):
    """Functions timing two parts of a dlcore epoch alone, each returning the seconds it spent: forward +
    backward on every shuffled batch (the gathers outside the clock) and the readable `adam` rule, applied once
    per batch to a vector as long as all the parameters. Their own model: train()'s is left alone."""
    model = dlcore.mlp(LAYER_DIMS, output="softmax", rng=0, dtype=dtype)
    Xf, Yf = np.asfortranarray(X), np.asfortranarray(Y)  # the layout train() gathers from
    steps = -(-X.shape[1] // BATCH)

    def forward_backward():
        spent = 0.0
        for X_batch, Y_batch in dlcore.data.minibatches(Xf, Yf, BATCH, rng=2):
            start = time.perf_counter()
            cost_and_gradients(model, X_batch, Y_batch)
            spent += time.perf_counter() - start
        return spent

    rng = np.random.default_rng(3)
    n = sum(w.size for w in model.parameters().values())
    w0 = (0.05 * rng.standard_normal(n)).astype(dtype)
    grads = [(0.01 * rng.standard_normal(n)).astype(dtype) for _ in range(2)]

    def adam_rule():
        w, state = w0, dlcore.optim.init_state(w0)
        start = time.perf_counter()
        for step in range(steps):
            w, state = dlcore.optim.adam(w, grads[step % 2], state, 1e-3)
        return time.perf_counter() - start

    return {"forward+backward": forward_backward, "adam rule": adam_rule}


def torch_matmul_epoch(X, dtype):
    """matmul_epoch by PyTorch (one thread), or None without torch."""
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)
    return matmul_epoch(X, dtype, to=torch.from_numpy)


def torch_epoch(X, Y, dtype):
    """A function running one PyTorch epoch (same model, default Adam, shuffled batches), or None without torch."""
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)
    torch.manual_seed(0)
    tdtype = torch.float64 if dtype == np.float64 else torch.float32
    Xt = torch.from_numpy(np.ascontiguousarray(X.T)).to(tdtype)
    yt = torch.from_numpy(Y.argmax(axis=0)).long()
    layers = []
    for i, (n_in, n_out) in enumerate(zip(LAYER_DIMS, LAYER_DIMS[1:])):
        layers.append(torch.nn.Linear(n_in, n_out))
        if i < len(LAYER_DIMS) - 2:
            layers.append(torch.nn.ReLU())
    net = torch.nn.Sequential(*layers).to(tdtype)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()

    def run():
        perm = torch.randperm(Xt.shape[0])
        for s in range(0, Xt.shape[0], BATCH):
            idx = perm[s:s + BATCH]
            opt.zero_grad()
            loss = loss_fn(net(Xt[idx]), yt[idx])
            loss.backward()
            opt.step()

    return run


def measure(X, Y, dtype, repeats, use_torch=True):
    """Epoch times {name: array of `repeats` wall-clock seconds} with the contenders INTERLEAVED (dlcore
    epoch, matmuls, torch, dlcore epoch, ...), so that load from other processes hits them alike. dlcore trains
    in one train() call of repeats + 1 epochs; the others run inside its callback, outside dlcore's timed
    intervals. The first round is a warm-up (for dlcore it also holds train()'s one-time set-up), returned apart.
    A contender that returns a number of seconds is timed by that number (the parts keep their gathers out)."""
    others = {"matmuls": matmul_epoch(X, dtype), "torch": torch_epoch(X, Y, dtype) if use_torch else None,
              **part_epochs(X, Y, dtype), "torch matmuls": torch_matmul_epoch(X, dtype) if use_torch else None}
    others = {k: v for k, v in others.items() if v is not None}
    times = {"dlcore": [], **{k: [] for k in others}}
    model = dlcore.mlp(LAYER_DIMS, output="softmax", rng=0, dtype=dtype)
    last = [time.perf_counter()]

    def between_epochs(epoch_num, history, model):
        times["dlcore"].append(time.perf_counter() - last[0])
        for name, run in others.items():
            start = time.perf_counter()
            spent = run()
            times[name].append(time.perf_counter() - start if spent is None else spent)
        last[0] = time.perf_counter()

    history = dlcore.train(model, X, Y, optimizer="adam", learning_rate=1e-3, epochs=repeats + 1,
                           batch_size=BATCH, rng=1, evaluate=False, progress=False, callback=between_epochs)
    assert model.parameters()["W1"].dtype == dtype, "the model changed dtype during training"
    first = {k: v[0] for k, v in times.items()}
    return {k: np.array(v[1:]) for k, v in times.items()}, first, history.cost[-1]


def machine():
    """One line on what the ratios depend on: the CPU, its per-core L2 cache and numpy's BLAS."""
    def read(path):
        return Path(path).read_text() if Path(path).exists() else ""

    cpu = [line.split(":", 1)[1].strip() for line in read("/proc/cpuinfo").splitlines()
           if line.startswith("model name")]
    l2 = read("/sys/devices/system/cpu/cpu0/cache/index2/size").strip() or "?"
    blas = np.show_config(mode="dicts").get("Build Dependencies", {}).get("blas", {})
    return (f"machine: {cpu[0] if cpu else 'unknown CPU'}, L2 {l2} per core; numpy's BLAS "
            f"{blas.get('name', '?')} {blas.get('version', '')}").rstrip()


def parts_line(name, t):
    """Where dlcore's epoch goes, from the medians of its parts timed alone."""
    rest = t["dlcore"] - t["forward+backward"] - t["adam rule"]
    line = (f"{name} parts (median): forward+backward {t['forward+backward']:.3f} s (its matmuls "
            f"{t['matmuls']:.3f} s) + adam rule {t['adam rule']:.3f} s + the rest {rest:.3f} s (shuffled gathers, "
            "joining the gradients, Python, and what the parts lose to each other in cache: alone, each keeps it)")
    if "torch matmuls" in t:
        line += (f"\n{name} PyTorch's own matmuls alone {t['torch matmuls']:.3f} s (numpy's take "
                 f"{t['matmuls'] / t['torch matmuls']:.2f}x as long) -> PyTorch / its own bound = "
                 f"{t['torch'] / t['torch matmuls']:.2f}x")
    return line


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="timed epochs per measurement (median)")
    parser.add_argument("--examples", type=int, default=60_000)
    parser.add_argument("--no-torch", action="store_true", help="skip the PyTorch comparison even if installed")
    args = parser.parse_args()
    print(f"dlcore epoch benchmark: {'-'.join(map(str, LAYER_DIMS))} ReLU/softmax, Adam, batch {BATCH}, "
          f"{args.examples:,} examples, 1 BLAS thread, numpy {np.__version__}, median of {args.repeats} epochs")
    print("Wall-clock seconds per epoch. CPU-time clocks are not used: on shared virtual machines they can count\n"
          "time stolen by the host. 'best' is the fastest epoch, the least disturbed by other jobs.")
    print(machine())
    rows = []
    for dtype in (np.float64, np.float32):
        X, Y = synthetic_data(args.examples, dtype)
        times, first, cost = measure(X, Y, dtype, args.repeats, use_torch=not args.no_torch)
        name = np.dtype(dtype).name
        print(f"\n{name}: first dlcore epoch (with train()'s set-up) {first['dlcore']:.3f} s; final cost {cost:.3f}")
        for stat, reduce in (("median", np.median), ("best", np.min)):
            t = {k: float(reduce(v)) for k, v in times.items()}
            line = (f"{name} {stat:6}: dlcore {t['dlcore']:.3f} s | matmuls alone {t['matmuls']:.3f} s -> "
                    f"dlcore / bound = {t['dlcore'] / t['matmuls']:.2f}x (goal <= 1.35)")
            if "torch" in t:
                line += (f" | PyTorch {t['torch']:.3f} s -> dlcore / torch = {t['dlcore'] / t['torch']:.2f}x"
                         " (goal < 1)")
            print(line)
            rows.append((name, stat, t["dlcore"], t["matmuls"], t.get("torch"), None))
        print(parts_line(name, {k: float(np.median(v)) for k, v in times.items()}))
        # each round's epochs ran back to back, so their ratio cancels most of the outside load
        paired = {k: float(np.median(times["dlcore"] / times[k])) for k in ("matmuls", "torch") if k in times}
        print(f"{name} median of per-round ratios: dlcore / bound = {paired['matmuls']:.2f}x"
              + (f", dlcore / torch = {paired['torch']:.2f}x" if "torch" in paired else ""))
        rows.append((name, "paired", float("nan"), float("nan"), float("nan"), paired))
        if "torch" not in times:
            print(f"{name}: PyTorch comparison skipped ({'--no-torch' if args.no_torch else 'torch is not installed'})")
    print("\nsummary (seconds per epoch; 'paired' = median over rounds of the ratio within a round)")
    print(f"{'dtype':8} {'stat':6} {'dlcore':>8} {'matmuls':>8} {'ratio':>6} {'torch':>8} {'ratio':>6}")
    for name, stat, t_dl, t_mm, t_th, paired in rows:
        if paired is not None:
            torch_ratio = f"{paired['torch']:6.2f}" if "torch" in paired else f"{'-':>6}"
            print(f"{name:8} {stat:6} {'':>8} {'':>8} {paired['matmuls']:6.2f} {'':>8} {torch_ratio}")
            continue
        torch_cols = f"{t_th:8.3f} {t_dl / t_th:6.2f}" if t_th else f"{'-':>8} {'-':>6}"
        print(f"{name:8} {stat:6} {t_dl:8.3f} {t_mm:8.3f} {t_dl / t_mm:6.2f} {torch_cols}")


if __name__ == "__main__":
    main()
