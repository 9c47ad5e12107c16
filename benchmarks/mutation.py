"""Mutation testing of the grader: do the visible and hidden cases catch small slips in a correct solution?

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/mutation.py [--exercise NAME ...] [--notebook NB] [--show]

The reference solution of each exercise is the instructor's solution cell in its notebook (`ex_<name>`, what a
student writes). Its AST is mutated automatically, one change per mutant: an arithmetic operator swapped (+ -, * /,
** *, / //), a comparison swapped (< <=, > >=, < >, == !=), and/or, a term or factor dropped (a + b -> a), a unary
minus or `not` dropped, an integer constant off by one, a float constant replaced (0, 1, 2c, c/2), a boolean
flipped, an `axis=` changed, a call dropped (f(x) -> x) or swapped for its neighbour (sum/mean, max/min,
argmax/argmin, floor/ceil/round, log/log10/log2, sqrt/square), a slice bound off by one, an augmented assignment's
operator swapped, a statement deleted, and an argument ignored (every use of a defaulted parameter replaced by its
default). Validation guards (an `if` whose body only raises) are left alone: raising ValueError on invalid input is
not scored.

Each mutant runs in this process (it is our own code) under a time limit, through check() with the visible cases,
then the hidden cases. A mutant the hidden cases do not kill is probed on 8 more seeds of the exercise's case
generators: if it differs there, it is a real survivor (the cases must get stronger), even if judged equivalent;
if not, it must be judged equivalent in EQUIVALENT below, with the reason. Prints per exercise: generated / killed
by the visible cases / killed by the hidden cases / judged equivalent / survivors, then (--show) each equivalent
with its reason and each survivor with its change. Exits 1 while a survivor or an unjudged agreement remains. Not a
test: it takes about a minute (tests/test_mutation.py runs it on one exercise so it cannot rot).
"""

import argparse
import ast
import contextlib
import copy
import io
import json
import os
import re
import signal
import sys
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("MPLBACKEND", "Agg")

from autograder import CheckFailed, check, registry  # noqa: E402
from autograder.checks import outcome_differs  # noqa: E402

# Why a mutant cannot be told from the solution by any input its docstring allows (or by what the grader compares).
NUMPY_SCALAR = ("a numpy scalar instead of the Python one: np.float64 is a float, and the grader compares numpy "
                "integers and booleans as integers and booleans (the values are the same)")
ALREADY_ARRAY = "the argument is an array by the docstring; np.asarray(x) only converts, and returns x itself"
COPY = ("the result is a new array either way (a view of an array made inside the function): the values and the "
        "inputs are unchanged")
REBOUND = ("the backup keeps the original arrays because the model REPLACES its arrays (set_parameters and the "
           "batch-norm statistics rebind, never write in place), so the copy adds nothing")
BROADCAST = ("keepdims=False gives a (m,) row, which broadcasts over the columns of (C, m) exactly like the (1, m) "
             "one")
TIE_RANDOM = ("rng.random() returns one of 2**53 evenly spaced numbers in [0, 1); it equals keep_prob (or "
              "flip_prob) on no case short of a constructed generator, so < and <= draw the same mask")
SYMMETRIC = ("0.5 * (1 - tanh(Z / 2)) = sigmoid(-Z) = 1 - sigmoid(Z), and s * (1 - s) is symmetric in s and 1 - s")
CALLABLE_INIT = ("the branch for a callable init: the exercise's docstring offers the five names only, so no case "
                 "passes a function (a student's function could not cross the sandbox either)")
FACTOR_ONE = "at norm == max_norm the factor max_norm / norm is exactly 1: scaling by it changes nothing"
FLOOR_OF_FLOOR = "np.floor(a // b) == np.floor(a / b) for every epoch_num >= 0 and time_interval >= 1"
ZERO_D = ("a 0-d array instead of the float: the grader compares a number's value (as for numpy scalars), and the "
          "0-d array holds the same value")
NUMBER_OR_ARRAY = ("np.where, np.maximum and + take a Python or numpy number as well as an array, and an array "
                   "argument is already one: np.asarray only converts")
EMPTY_SLICE = ("a window with start == stop is empty on both sides: assigning it is a no-op (a window with "
               "stop < start, a shift beyond the picture, still goes through the guard)")

# exercises the tool leaves out, and why
NOT_MUTATED = {"digits_classifier": "graded by a threshold on held-out accuracy, not by a formula: most changes to a "
                                    "training recipe (an epoch more, another width) still clear it, by design"}

# (exercise, mutant key) -> why it is equivalent
EQUIVALENT = {
    ('train_dev_test_split',
      'call dropped: Y = np.asarray(Y) :: np.asarray(Y) -> Y'):
        ALREADY_ARRAY,
    ('train_dev_test_split',
      'call dropped: ratios = tuple(float(r) for r in ratios) :: float(r) -> r'):
        NUMPY_SCALAR,
    ('error_rate',
      'call dropped: return float(np.mean(Y_pred != Y)) :: float(np.mean(Y_pred != Y)) -> '
      'np.mean(Y_pred != Y)'):
        NUMPY_SCALAR,
    ('error_rate',
      'call dropped: Y_pred, Y = np.asarray(Y_pred), np.asarray(Y) :: np.asarray(Y_pred) -> Y_pred'):
        ALREADY_ARRAY,
    ('error_rate',
      'call dropped: Y_pred, Y = np.asarray(Y_pred), np.asarray(Y) :: np.asarray(Y) -> Y'):
        ALREADY_ARRAY,
    ('iterations_per_epoch',
      'call dropped: return int(-(-int(m) // int(batch_size))) :: int(-(-int(m) // int(batch_size))) ->'
      ' -(-int(m) // int(batch_size))'):
        NUMPY_SCALAR,
    ('iterations_per_epoch',
      'call dropped: return int(-(-int(m) // int(batch_size))) :: int(batch_size) -> batch_size'):
        NUMPY_SCALAR,
    ('iterations_per_epoch',
      'call dropped: return int(-(-int(m) // int(batch_size))) :: int(m) -> m'):
        NUMPY_SCALAR,
    ('l2_penalty',
      'call dropped: return float(lambd / (2 * m) * total) :: float(lambd / (2 * m) * total) -> lambd /'
      ' (2 * m) * total'):
        NUMPY_SCALAR,
    ('l2_penalty',
      'statement deleted: W = np.asarray(W, dtype=float) :: W = np.asarray(W, dtype=float) -> (deleted)'):
        ALREADY_ARRAY,
    ('l1_penalty',
      'call dropped: return float(lambd / m * total) :: float(lambd / m * total) -> lambd / m * total'):
        NUMPY_SCALAR,
    ('l1_penalty',
      'call dropped: total = sum(float(np.sum(np.abs(np.asarray(W, dtype=float)))) for key, W in '
      'params.items() :: float(np.sum(np.abs(np.asarray(W, dtype=float)))) -> '
      'np.sum(np.abs(np.asarray(W, dtype=float)))'):
        NUMPY_SCALAR,
    ('dropout_forward',
      'comparison swap: D = rng.random(np.shape(A)) < keep_prob :: rng.random(np.shape(A)) < keep_prob '
      '-> rng.random(np.shape(A)) <= keep_prob'):
        TIE_RANDOM,
    ('augment',
      'comparison swap: flips = rng.random(m) < flip_prob :: rng.random(m) < flip_prob -> rng.random(m)'
      ' <= flip_prob'):
        TIE_RANDOM,
    ('augment',
      'call dropped: return out.reshape(m, h * w).T.copy() :: out.reshape(m, h * w).T.copy() -> '
      'out.reshape(m, h * w).T'):
        COPY,
    ('augment',
      'call dropped: dr, dc = int(shifts[i, 0]), int(shifts[i, 1]) :: int(shifts[i, 0]) -> shifts[i, 0]'):
        NUMPY_SCALAR,
    ('augment',
      'call dropped: dr, dc = int(shifts[i, 0]), int(shifts[i, 1]) :: int(shifts[i, 1]) -> shifts[i, 1]'):
        NUMPY_SCALAR,
    ('augment',
      'comparison swap: if rows_src.start < rows_src.stop and cols_src.start < cols_src.stop: :: '
      'rows_src.start < rows_src.stop -> rows_src.start <= rows_src.stop'):
        EMPTY_SLICE,
    ('augment',
      'comparison swap: if rows_src.start < rows_src.stop and cols_src.start < cols_src.stop: :: '
      'cols_src.start < cols_src.stop -> cols_src.start <= cols_src.stop'):
        EMPTY_SLICE,
    ('sigmoid_backward',
      'operator swap: s = 0.5 * (1.0 + np.tanh(0.5 * np.asarray(Z, dtype=float))) :: 1.0 + np.tanh(0.5 '
      '* np.asarray(Z, dtype=float)) -> 1.0 - np.tanh(0.5 * np.asarray(Z, dtype=float))'):
        SYMMETRIC,
    ('relu_backward',
      'call dropped: return dA * (np.asarray(Z) > 0) :: np.asarray(Z) -> Z'):
        ALREADY_ARRAY,
    ('leaky_relu_backward',
      'call dropped: return dA * np.where(np.asarray(Z) > 0, 1.0, alpha) :: np.asarray(Z) -> Z'):
        ALREADY_ARRAY,
    ('initialize_parameters',
      'statement deleted: W = init(shape, rng, gain=gain) :: W = init(shape, rng, gain=gain) -> '
      '(deleted)'):
        CALLABLE_INIT,
    ('initialize_parameters',
      'call dropped: n_out, n_in = int(layer_dims[l]), int(layer_dims[l - 1]) :: int(layer_dims[l]) -> '
      'layer_dims[l]'):
        NUMPY_SCALAR,
    ('initialize_parameters',
      'call dropped: n_out, n_in = int(layer_dims[l]), int(layer_dims[l - 1]) :: int(layer_dims[l - 1])'
      ' -> layer_dims[l - 1]'):
        NUMPY_SCALAR,
    ('clip_by_norm',
      'comparison swap: factor = 1.0 if norm <= max_norm else float(max_norm / norm) :: norm <= '
      'max_norm -> norm < max_norm'):
        FACTOR_ONE,
    ('clip_by_norm',
      'call dropped: factor = 1.0 if norm <= max_norm else float(max_norm / norm) :: float(max_norm / '
      'norm) -> max_norm / norm'):
        NUMPY_SCALAR,
    ('clip_by_norm',
      'call dropped: return {k: np.asarray(g) * factor for k, g in grads.items()}  # a new array; '
      'float32 stays float32 :: np.asarray(g) -> g'):
        ALREADY_ARRAY,
    ('clip_by_norm',
      'call dropped: norm = np.sqrt(sum(float(np.sum(np.square(g))) for g in grads.values())) :: '
      'float(np.sum(np.square(g))) -> np.sum(np.square(g))'):
        NUMPY_SCALAR,
    ('vector_to_params',
      'call dropped: params[key] = theta[start:start + size].reshape(np.shape(p)).copy() :: '
      'theta[start:start + size].reshape(np.shape(p)).copy() -> theta[start:start + '
      'size].reshape(np.shape(p))'):
        COPY,
    ('relative_difference',
      'call dropped: return float(numerator if denominator < atol else numerator / denominator) :: '
      'float(numerator if denominator < atol else numerator / denominator) -> numerator if denominator '
      '< atol else numerator / denominator'):
        NUMPY_SCALAR,
    ('gradient_check',
      'call dropped: original = {k: v.copy() for k, v in model.parameters().items()} :: v.copy() -> v'):
        REBOUND,
    ('gradient_check',
      'call dropped: saved_state = [{k: v.copy() for k, v in layer.state.items()} for layer in '
      'model.layers] :: v.copy() -> v'):
        REBOUND,
    ('softmax',
      'constant: return E / E.sum(axis=0, keepdims=True) :: True -> False'):
        BROADCAST,
    ('softmax',
      'constant: E = np.exp(Z - Z.max(axis=0, keepdims=True)) :: True -> False'):
        BROADCAST,
    ('softmax_cross_entropy_backward',
      'constant: E = np.exp(Z - Z.max(axis=0, keepdims=True)) :: True -> False'):
        BROADCAST,
    ('softmax_cross_entropy_backward',
      'constant: return E / E.sum(axis=0, keepdims=True) - Y :: True -> False'):
        BROADCAST,
    ('random_mini_batches',
      'call dropped: Y = np.asarray(Y) :: np.asarray(Y) -> Y'):
        ALREADY_ARRAY,
    ('staircase_decay',
      'operator swap: return learning_rate0 / (1 + decay_rate * np.floor(epoch_num / time_interval)) ::'
      ' epoch_num / time_interval -> epoch_num // time_interval'):
        FLOOR_OF_FLOOR,
    ('random_search',
      'call dropped: trials.append({"params": params, "score": float(objective(**params))}) :: '
      'float(objective(**params)) -> objective(**params)'):
        NUMPY_SCALAR,
    ('random_search',
      'call dropped: params[name] = float(10 ** rng.uniform(np.log10(low), np.log10(high))) :: float(10'
      ' ** rng.uniform(np.log10(low), np.log10(high))) -> 10 ** rng.uniform(np.log10(low), '
      'np.log10(high))'):
        NUMPY_SCALAR,
    ('random_search',
      'call dropped: params[name] = float(1 - 10 ** rng.uniform(np.log10(1 - high), np.log10(1 - low)))'
      ' :: float(1 - 10 ** rng.uniform(np.log10(1 - high), np.log10(1 - low))) -> 1 - 10 ** '
      'rng.uniform(np.log10(1 - high), np.log10(1 - low))'):
        NUMPY_SCALAR,
    ('random_search',
      'call dropped: params[name] = float(rng.uniform(low, high)) :: float(rng.uniform(low, high)) -> '
      'rng.uniform(low, high)'):
        NUMPY_SCALAR,
    ('random_search',
      'call dropped: params[name] = int(rng.integers(low, high + 1)) :: int(rng.integers(low, high + '
      '1)) -> rng.integers(low, high + 1)'):
        NUMPY_SCALAR,
    ('is_diverging',
      'call dropped: return bool(not np.isfinite(last) or last > factor * costs[0]) :: bool(not '
      'np.isfinite(last) or last > factor * costs[0]) -> not np.isfinite(last) or last > factor * '
      'costs[0]'):
        NUMPY_SCALAR,
    ('expected_initial_loss',
      'call dropped: return float(np.log(n_classes)) :: float(np.log(n_classes)) -> np.log(n_classes)'):
        NUMPY_SCALAR,
    ('linear_warmup',
      'call dropped: epoch_num = np.asarray(epoch_num) :: np.asarray(epoch_num) -> epoch_num'):
        NUMBER_OR_ARRAY,
    ('linear_warmup',
      'call dropped: return rate if rate.ndim else float(rate) :: float(rate) -> rate'):
        ZERO_D,
    ('one_hot',
      'call dropped: y = np.asarray(Y).ravel() :: np.asarray(Y).ravel() -> np.asarray(Y)'):
        ("indexing out[y, np.arange(m)] with a (1, m) row of labels broadcasts to the same m entries as with a "
         "flat one, and y.max(), y.size and the comparisons do not care about the shape"),
    ('one_hot',
      'call dropped: C = int(y.max()) + 1 if C is None else int(C) :: int(C) -> C'):
        NUMPY_SCALAR,
    ('one_hot',
      'call dropped: y = np.asarray(Y).ravel() :: np.asarray(Y) -> Y'):
        ALREADY_ARRAY,
    ('one_hot',
      'call dropped: C = int(y.max()) + 1 if C is None else int(C) :: int(y.max()) -> y.max()'):
        NUMPY_SCALAR,
    ('labels',
      'call dropped: Y = np.asarray(Y) :: np.asarray(Y) -> Y'):
        ALREADY_ARRAY,
}

SWAP_BINOP = {ast.Add: [ast.Sub], ast.Sub: [ast.Add], ast.Mult: [ast.Div], ast.Div: [ast.Mult, ast.FloorDiv],
              ast.FloorDiv: [ast.Div], ast.Pow: [ast.Mult], ast.Mod: [ast.FloorDiv], ast.MatMult: [ast.Mult]}
SWAP_CMP = {ast.Lt: [ast.LtE, ast.Gt], ast.LtE: [ast.Lt], ast.Gt: [ast.GtE, ast.Lt], ast.GtE: [ast.Gt],
            ast.Eq: [ast.NotEq], ast.NotEq: [ast.Eq], ast.Is: [ast.IsNot], ast.IsNot: [ast.Is], ast.In: [ast.NotIn],
            ast.NotIn: [ast.In]}
SWAP_AUG = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult}
SWAP_CALL = {"sum": ["mean"], "mean": ["sum"], "max": ["min"], "min": ["max"], "argmax": ["argmin"],
             "argmin": ["argmax"], "floor": ["ceil", "round"], "ceil": ["floor"], "round": ["floor"],
             "log": ["log10"], "log10": ["log", "log2"], "log2": ["log10"], "sqrt": ["square"], "exp": ["expm1"],
             "maximum": ["minimum"], "minimum": ["maximum"], "all": ["any"], "any": ["all"], "abs": ["negative"]}
KEEP_CALLS = {"range", "len", "enumerate", "zip", "isinstance", "dict", "list", "tuple", "print", "super"}


@dataclass
class Mutant:
    operator: str
    line: int  # within the cell
    text: str  # the source line changed
    change: str  # "old -> new"
    tree: ast.Module

    def key(self):
        return f"{self.operator}: {self.text.strip()} :: {self.change}"


# ---------------------------------------------------------------- the solutions
def notebook_cells(notebook):
    path = REPO / "notebooks" / notebook / f"{notebook}.ipynb"
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _strip_magics(source):
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())


_NAMESPACES = {}


def solution_namespace(notebook):
    """The namespace of the notebook's setup cell and every solution cell (what the grader's kernel sees)."""
    _cache = _NAMESPACES
    if notebook not in _cache:
        namespace = {"__name__": f"notebook_{notebook}"}
        with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for cell in notebook_cells(notebook):
                meta = cell["metadata"].get("nbgrader", {})
                if meta.get("grade_id") == "setup" or meta.get("solution"):
                    exec(compile(_strip_magics("".join(cell["source"])), f"{notebook}:{meta['grade_id']}", "exec"),
                         namespace)
        _cache[notebook] = namespace
    return _cache[notebook]


def solution_source(ex):
    for cell in notebook_cells(ex.notebook):
        if cell["metadata"].get("nbgrader", {}).get("grade_id") == f"ex_{ex.name}":
            return re.sub(r"^\s*### (BEGIN|END) SOLUTION\s*$\n?", "", "".join(cell["source"]), flags=re.M)
    raise LookupError(f"{ex.notebook} has no solution cell ex_{ex.name}")


# ---------------------------------------------------------------- generating mutants
def _guarded(tree):
    """ids of nodes inside validation guards (an `if` whose body only raises), raises, asserts and docstrings."""
    skip = set()
    for node in ast.walk(tree):
        guard = isinstance(node, ast.If) and all(isinstance(s, ast.Raise) for s in node.body) and not node.orelse
        doc = isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
        if guard or doc or isinstance(node, (ast.Raise, ast.Assert)):
            skip.update(id(n) for n in ast.walk(node))
    return skip


def _replacements(node, parents):
    """[(operator, new node or None for deletion)] for one node."""
    out = []
    if isinstance(node, ast.BinOp):
        for op in SWAP_BINOP.get(type(node.op), []):
            out.append(("operator swap", ast.BinOp(node.left, op(), node.right)))
        if isinstance(node.op, (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow)):
            out += [("term dropped", node.left), ("term dropped", node.right)]
    elif isinstance(node, ast.Compare) and len(node.ops) == 1:
        for op in SWAP_CMP.get(type(node.ops[0]), []):
            out.append(("comparison swap", ast.Compare(node.left, [op()], node.comparators)))
    elif isinstance(node, ast.BoolOp):
        other = ast.Or() if isinstance(node.op, ast.And) else ast.And()
        out.append(("and/or swap", ast.BoolOp(other, node.values)))
        out += [("term dropped", v) for v in node.values]
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.Not)):
        out.append(("unary dropped", node.operand))
    elif isinstance(node, ast.Constant) and not isinstance(parents.get(id(node)), ast.JoinedStr):
        value = node.value
        if isinstance(value, bool):
            out.append(("constant", ast.Constant(not value)))
        elif isinstance(value, int):
            out += [("off by one", ast.Constant(value + 1)), ("off by one", ast.Constant(value - 1))]
        elif isinstance(value, float):
            for new in dict.fromkeys([0.0, 1.0, 2 * value, value / 2]):
                if new != value:
                    out.append(("constant", ast.Constant(new)))
    elif isinstance(node, ast.Call):
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
        for new_name in SWAP_CALL.get(name, []):
            func = copy.deepcopy(node.func)
            if isinstance(func, ast.Attribute):
                func.attr = new_name
            else:
                func.id = new_name
            out.append(("call swap", ast.Call(func, node.args, node.keywords)))
        if len(node.args) == 1 and not node.keywords and name not in KEEP_CALLS:
            out.append(("call dropped", node.args[0]))
        if isinstance(node.func, ast.Attribute) and not node.args and not node.keywords and name in ("copy", "ravel"):
            out.append(("call dropped", node.func.value))
        for i, kw in enumerate(node.keywords):
            if kw.arg == "axis":
                for new in ([0, 1, None] if not isinstance(kw.value, ast.Constant) else
                            [v for v in (0, 1, None) if v != kw.value.value]):
                    keywords = list(node.keywords)
                    keywords[i] = ast.keyword("axis", ast.Constant(new))
                    out.append(("axis changed", ast.Call(node.func, node.args, keywords)))
    elif isinstance(node, ast.Slice) and node.upper is not None and not isinstance(node.upper, ast.Constant):
        for op in (ast.Add(), ast.Sub()):
            out.append(("slice bound off by one", ast.Slice(node.lower, ast.BinOp(node.upper, op, ast.Constant(1)),
                                                           node.step)))
    elif isinstance(node, ast.AugAssign) and type(node.op) in SWAP_AUG:
        out.append(("operator swap", ast.AugAssign(node.target, SWAP_AUG[type(node.op)](), node.value)))
    if isinstance(node, (ast.Assign, ast.AugAssign, ast.Expr)) and isinstance(parents.get(id(node)),
                                                                              (ast.For, ast.While, ast.If)):
        out.append(("statement deleted", None))
    return out


def _replace(tree, target, new):
    """A deep copy of tree with the node `target` (found by position) replaced by new (None: deleted)."""
    class Swap(ast.NodeTransformer):
        def generic_visit(self, node):
            if _same_place(node, target):
                return ast.Pass() if new is None and isinstance(node, ast.stmt) else copy.deepcopy(new)
            return super().generic_visit(node)

    return ast.fix_missing_locations(Swap().visit(copy.deepcopy(tree)))


def _same_place(a, b):
    return (type(a) is type(b) and getattr(a, "lineno", None) == getattr(b, "lineno", -1)
            and getattr(a, "col_offset", None) == getattr(b, "col_offset", -1)
            and getattr(a, "end_col_offset", None) == getattr(b, "end_col_offset", -1)
            and getattr(a, "end_lineno", None) == getattr(b, "end_lineno", -1))


def _ignored_arguments(tree, fn):
    """Mutants that replace every use of a defaulted parameter by its default value."""
    out = []
    args = fn.args
    positional = args.args[len(args.args) - len(args.defaults):]
    pairs = list(zip(positional, args.defaults)) + [(a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults) if d]
    for arg, default in pairs:
        class Ignore(ast.NodeTransformer):
            def visit_Name(self, node, arg=arg, default=default):
                if node.id == arg.arg and isinstance(node.ctx, ast.Load):
                    return copy.deepcopy(default)
                return node
        mutated = copy.deepcopy(tree)
        body = next(n for n in mutated.body if isinstance(n, ast.FunctionDef) and n.name == fn.name)
        body.body = [Ignore().visit(s) for s in body.body]
        out.append(("argument ignored", fn.lineno, f"def {fn.name}(...)",
                    f"{arg.arg} -> {ast.unparse(default)}", ast.fix_missing_locations(mutated)))
    return out


def mutants(source):
    tree = ast.parse(source)
    lines = source.splitlines()
    skip = _guarded(tree)
    parents = {id(child): node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    out, seen = [], set()
    for fn in (n for n in tree.body if isinstance(n, ast.FunctionDef)):
        for node in ast.walk(fn):
            if id(node) in skip or node is fn or isinstance(node, (ast.arguments, ast.arg)):
                continue
            for operator, new in _replacements(node, parents):
                old = ast.unparse(node)
                change = f"{old.splitlines()[0]} -> {'(deleted)' if new is None else ast.unparse(new)}"
                mutated = _replace(tree, node, new)
                if ast.unparse(mutated) == ast.unparse(tree) or (operator, node.lineno, change) in seen:
                    continue
                seen.add((operator, node.lineno, change))
                out.append(Mutant(operator, node.lineno, lines[node.lineno - 1], change, mutated))
        for operator, line, text, change, mutated in _ignored_arguments(tree, fn):
            out.append(Mutant(operator, line, text, change, mutated))
    return out


# ---------------------------------------------------------------- running them
class MutantTimeout(BaseException):
    """A mutant ran past its time limit (a BaseException, so no `except Exception` in the mutant swallows it)."""


def _alarm(signum, frame):
    raise MutantTimeout()


def build(ex, mutant):
    namespace = dict(solution_namespace(ex.notebook))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # e.g. a SyntaxWarning for a mutant that calls a string
        exec(compile(mutant.tree, f"<mutant of {ex.name}>", "exec"), namespace)
    return namespace[ex.name]


def killed(name, fn, hidden, timeout):
    """'killed', 'timeout' or None (passed)."""
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            check(name, fn, hidden=hidden)
        return None
    except CheckFailed:
        return "killed"
    except MutantTimeout:
        return "timeout"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def probe_differs(ex, fn, timeout, seeds=8):
    """Does fn differ from the reference on cases drawn with other seeds (visible and hidden generators)?"""
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout * 4)
    try:
        with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            for seed in range(1, seeds + 1):
                rng = np.random.default_rng(1_000_003 * seed)
                for case in list(ex.cases(rng)) + list(ex.hidden(rng)):
                    if outcome_differs(ex, fn, case):
                        return True
        return False
    except MutantTimeout:
        return True
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def run(name, timeout):
    ex = registry.get(name)
    row = {"generated": 0, "visible": 0, "hidden": 0, "equivalent": [], "survivors": [], "unjudged": []}
    solution = solution_namespace(ex.notebook)[name]
    if killed(name, solution, True, timeout):
        raise SystemExit(f"{name}: the notebook's own solution fails its hidden cases; fix that first")
    for mutant in mutants(solution_source(ex)):
        row["generated"] += 1
        try:
            fn = build(ex, mutant)
        except Exception:
            row["visible"] += 1  # does not even define the function: the visible cell fails
            continue
        if killed(name, fn, False, timeout):
            row["visible"] += 1
            row["hidden"] += 1
        elif killed(name, fn, True, timeout):
            row["hidden"] += 1
        elif probe_differs(ex, fn, timeout):
            row["survivors"].append(mutant)  # judged equivalent or not: it differs on another seed
        elif (name, mutant.key()) in EQUIVALENT:
            row["equivalent"].append((mutant, EQUIVALENT[(name, mutant.key())]))
        else:
            row["unjudged"].append(mutant)
    return row


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exercise", action="append", help="only this exercise (repeatable)")
    parser.add_argument("--notebook", help="only the exercises of this notebook, e.g. 06_optimizers")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per check of one mutant (10)")
    parser.add_argument("--show", action="store_true", help="also print every judged-equivalent mutant")
    args = parser.parse_args()
    names = args.exercise or [n for n in registry.names(args.notebook) if n not in NOT_MUTATED]
    for name in set(names) & set(NOT_MUTATED):
        raise SystemExit(f"{name} is not mutation-tested: {NOT_MUTATED[name]}")
    t0 = time.perf_counter()
    rows = {}
    print(f"{'exercise':<32} {'generated':>9} {'killed visible':>14} {'killed hidden':>13} {'equivalent':>10} "
          f"{'survivors':>9}")
    for name in names:
        rows[name] = row = run(name, args.timeout)
        open_ = len(row["survivors"]) + len(row["unjudged"])
        print(f"{name:<32} {row['generated']:>9} {row['visible']:>14} {row['hidden']:>13} "
              f"{len(row['equivalent']):>10} {open_:>9}", flush=True)
    total = {k: sum(r[k] if isinstance(r[k], int) else len(r[k]) for r in rows.values())
             for k in ("generated", "visible", "hidden", "equivalent", "survivors", "unjudged")}
    non_equivalent = total["generated"] - total["equivalent"] - total["unjudged"]
    print(f"{'total':<32} {total['generated']:>9} {total['visible']:>14} {total['hidden']:>13} "
          f"{total['equivalent']:>10} {total['survivors'] + total['unjudged']:>9}")
    print(f"non-equivalent mutants killed by the hidden cases: {total['hidden']} of {non_equivalent} "
          f"({100 * total['hidden'] / max(non_equivalent, 1):.1f} %); by the visible cases alone: "
          f"{100 * total['visible'] / max(non_equivalent, 1):.1f} %; {time.perf_counter() - t0:.0f} s")
    if args.show:
        print("\njudged equivalent:")
        for name, row in rows.items():
            for mutant, reason in row["equivalent"]:
                print(f"  {name}: {mutant.key()}\n      {reason}")
    for label, key in (("SURVIVORS (they differ from the solution on other seeds: strengthen the cases)",
                        "survivors"), ("UNJUDGED (they agree with the solution on every probe: judge them)",
                                       "unjudged")):
        items = [(n, m) for n, r in rows.items() for m in r[key]]
        if items:
            print(f"\n{label}:")
            for name, mutant in items:
                print(f"  ({name!r}, {mutant.key()!r})")
    return 1 if total["survivors"] + total["unjudged"] else 0


if __name__ == "__main__":
    sys.exit(main())
