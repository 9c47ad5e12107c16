"""Mutants of a solution's source (benchmarks/mutation.py): one small change per mutant, validation guards,
raises, asserts and docstrings left alone."""

import ast
import copy
from dataclasses import dataclass

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

