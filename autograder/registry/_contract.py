"""An exercise's contract: the promises its docstring makes, each of which some case must exercise.

    contract=[
        accepts("epoch_num", "number", "array", quote="a number or an array"),   # argument kinds allowed
        options("init", "zeros", "small_random", "xavier", "glorot_uniform", "he"),  # each option offered
        outputs("high bias", "good fit", ...),                                   # each result the docstring names
        shape("m = 1", lambda a: a["X"].shape[1] == 1),                          # degenerate shapes
        edge("ties keep their order", tell=_sorted_unstably, quote="ties keep their order"),  # stated behaviour
        exempt("atol", "..."), waive("a sentence of the docstring", "why no case needs it"),
    ]

A promise `holds(args)` on a case's arguments, or `produces(result)` on the reference's result, or `tell`s a wrong
variant apart from the reference (some case makes them differ). `quote`: the docstring's words it stands for
(tests check that they are in the exercise's docstring, and that the docstring's kind lists, quoted options and
edge sentences are each claimed by a promise or waived).

Derived without being written (so they cannot be forgotten): for every parameter with a default, a case that
leaves it out and a case that passes another value; for `rng`, an int seed and a Generator; for an exercise
whose reference keeps float32 arrays float32, a float32 case. `coverage(ex)` evaluates all of them on the
hidden cases (which include the visible ones).
"""

import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ._core import Seeded, as_float32, materialize, split_args


@dataclass(frozen=True)
class Promise:
    topic: str  # the parameter, "result", "shape", "behaviour", "dtype"
    alternative: str  # what must be exercised: "an int seed", "'glorot_uniform'", "m = 1", ...
    holds: Callable | None = None  # args -> bool
    produces: Callable | None = None  # the reference's result -> bool
    tell: Callable | None = None  # a wrong variant the cases must tell apart from the reference
    quote: str | tuple | None = None  # the docstring's words this promise stands for (one string or several)
    source: str = "contract"  # "contract", "signature" or "float32 probe"
    on_case: bool = False  # holds takes the Case (steps, feed) instead of its arguments

    def label(self):
        return f"{self.topic}: {self.alternative}"

    def quotes(self):
        return () if self.quote is None else (self.quote,) if isinstance(self.quote, str) else tuple(self.quote)


@dataclass(frozen=True)
class Exempt:
    """A parameter whose derived promises (default / non-default / kinds) are not required, and why."""

    param: str
    reason: str


@dataclass(frozen=True)
class Waiver:
    """A docstring sentence no case needs to exercise, and why (e.g. errors on invalid input are not scored)."""

    quote: str
    reason: str


def _is_number(v):
    return isinstance(v, (int, float, np.number)) and not isinstance(v, (bool, np.bool_))


KINDS = {
    "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "numpy int": lambda v: isinstance(v, np.integer),
    "float": lambda v: isinstance(v, float),
    "number": _is_number,
    "array": lambda v: isinstance(v, np.ndarray),
    "1-D array": lambda v: isinstance(v, np.ndarray) and v.ndim == 1,
    "list": lambda v: isinstance(v, list),
    "tuple": lambda v: isinstance(v, tuple),
    "None": lambda v: v is None,
    "Generator": lambda v: isinstance(v, (Seeded, np.random.Generator)),
}
# a kind the docstring names is exercised by a case of any of these contract kinds
COVERED_BY = {"number": {"number", "int", "float", "numpy int"}, "array": {"array", "1-D array"},
              "int": {"int"}, "numpy int": {"numpy int"}, "list": {"list"}, "tuple": {"tuple"},
              "None": {"None", "omitted"}, "Generator": {"Generator"}, "float": {"float"}}


def accepts(param, *kinds, quote=None):
    """Each kind of value the docstring allows for param ("int", "array", "list", "Generator", "omitted", ...)."""
    out = []
    for kind in kinds:
        out.append(Promise(param, kind, holds=_kind_test(param, kind), quote=quote))
    return out


def _kind_test(param, kind):
    if kind == "omitted":
        return lambda a: param not in a
    test = KINDS[kind]
    return lambda a: param in a and test(a[param])


def options(param, *values, get=None, quote=None):
    """Each option offered for param. get(args) -> the set of options a case uses (default {args[param]})."""
    get = get or (lambda a, p=param: {a[p]} if p in a and isinstance(a[p], (str, int, float, bool)) else set())
    return [Promise(param, repr(v), holds=(lambda a, v=v: v in get(a)), quote=quote) for v in values]


def outputs(*values, get=None, quote=None):
    """Each result the docstring names (e.g. every verdict of diagnose). get(result) -> the value compared."""
    get = get or (lambda r: r)
    return [Promise("result", repr(v), produces=(lambda r, v=v: _equal(get(r), v)), quote=quote) for v in values]


def shape(description, holds, quote=None):
    """A shape the cases must include: "m = 1", "a single layer", "a column vector"..."""
    return Promise("shape", description, holds=holds, quote=quote)


def edge(description, *, holds=None, tell=None, quote=None, on_case=False):
    """A behaviour the docstring states: a case where it shows (holds), or one that tells a variant which
    ignores it apart from the reference (tell). on_case: holds takes the Case (e.g. case.steps > 1)."""
    if holds is None and tell is None:
        raise ValueError(f"edge {description!r}: give holds= or tell=")
    return Promise("behaviour", description, holds=holds, tell=tell, quote=quote, on_case=on_case)


def exempt(param, reason):
    return Exempt(param, reason)


def waive(quote, reason):
    return Waiver(quote, reason)


def _equal(a, b):
    try:
        return bool(a == b)
    except Exception:
        return False


# ---------------------------------------------------------------- derived promises
def declared(ex):
    """The exercise's own promises (flattened)."""
    out = []
    for item in ex.contract:
        out.extend(item if isinstance(item, list) else [item])
    return [p for p in out if isinstance(p, Promise)]


def exemptions(ex):
    return {item.param: item.reason for item in _flat(ex.contract) if isinstance(item, Exempt)}


def waivers(ex):
    return [item for item in _flat(ex.contract) if isinstance(item, Waiver)]


def _flat(items):
    for item in items:
        yield from (item if isinstance(item, list) else [item])


def signature_promises(ex):
    """From the reference's signature: each defaulted parameter left out and given another value; rng as an int
    seed and as a Generator."""
    exempted = exemptions(ex)
    out = []
    for p in inspect.signature(ex.reference).parameters.values():
        if p.name in exempted:
            continue
        if p.name == "rng":
            out += [Promise("rng", kind, holds=(lambda a, t=KINDS[kind]: "rng" in a and t(a["rng"])),
                            source="signature") for kind in ("int", "Generator")]
        elif p.default is not p.empty:
            out.append(Promise(p.name, "left at its default", holds=(lambda a, n=p.name: n not in a),
                               source="signature"))
            out.append(Promise(p.name, f"a value other than the default {p.default!r}",
                               holds=(lambda a, n=p.name, d=p.default: n in a and not _same(a[n], d)),
                               source="signature"))
    return out


def _same(a, b):
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return False
    return _equal(a, b)


def supports_float32(ex):
    """Does the reference keep float32 arrays float32 (probed on the first visible case)? Then a float32 case is
    owed: a student's dtype-preserving answer is right, and so is one that computes in float64."""
    case = ex.make_cases()[0]
    args = as_float32(materialize(case.args))
    if args == {} or not _has_float32(args):
        return False
    try:
        positional, keyword = split_args(ex.reference, args)
        result = ex.reference(*positional, **keyword)
    except Exception:
        return False
    dtypes = _float_dtypes(result)
    return bool(dtypes) and dtypes == {np.dtype(np.float32)}


def _float_dtypes(value):
    if isinstance(value, np.ndarray):
        return {value.dtype} if value.dtype.kind == "f" and value.ndim > 0 else set()
    if isinstance(value, dict):
        return set().union(*(_float_dtypes(v) for v in value.values())) if value else set()
    if isinstance(value, (list, tuple)):
        return set().union(*(_float_dtypes(v) for v in value)) if value else set()
    return set()


def _has_float32(value):
    if isinstance(value, np.ndarray):
        return value.dtype == np.float32
    if isinstance(value, dict):
        return any(_has_float32(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(_has_float32(v) for v in value)
    return False


def float32_promise(ex):
    return Promise("dtype", "float32 arrays (the reference keeps them float32)", holds=_has_float32,
                   source="float32 probe")


def all_promises(ex):
    """Declared + derived promises of an exercise."""
    out = declared(ex) + signature_promises(ex)
    if supports_float32(ex):
        out.append(float32_promise(ex))
    return out


def coverage(ex):
    """[(promise, [case numbers of the hidden set that exercise it])] for every promise of the exercise."""
    from ..checks import call, outcome_differs

    cases = ex.make_cases(hidden=True)
    results = {}
    out = []
    for promise in all_promises(ex):
        hits = []
        for number, case in enumerate(cases, 1):
            if promise.holds is not None and not promise.holds(case if promise.on_case else case.args):
                continue
            if promise.produces is not None:
                if number not in results:
                    results[number] = call(ex.reference, ex.reference, case.args)
                if not promise.produces(results[number]):
                    continue
            if promise.tell is not None and not outcome_differs(ex, promise.tell, case):
                continue
            hits.append(number)
        out.append((promise, hits))
    return out


# ---------------------------------------------------------------- the contract against the docstrings
EDGE_WORDS = re.compile(r"\b(ties?|latest|strict(ly)?|fewer|leftovers?|constant|fixed|wherever|if any|only|"
                        r"round(ed)?|no draw|at most|in this order|key order|otherwise|else|unless)\b|g'\(0\)", re.I)
KIND_WORDS = [(r"\ba number\b", ("number",)), (r"\barray\b", ("array",)), (r"\blist\b", ("list",)),
              (r"\bseed\b", ("int",)), (r"\bGenerator\b", ("Generator",)), (r"\bNone\b", ("None",)),
              (r"\bint/tuple\b", ("int", "tuple")), (r"\bPython or numpy integers\b", ("int", "numpy int"))]
RNG_NONE = "rng=None draws fresh entropy from the OS: no check can compare two such calls"


def clauses(text):
    """A docstring cut into clauses: at ';', at the end of a sentence and at line ends; whitespace normalised."""
    parts = re.split(r";|\.\s|\n", text)
    return [re.sub(r"\s+", " ", p).strip() for p in parts if p.strip()]


def sentences(text):
    text = re.sub(r"\s+", " ", text)
    return [s.strip() for s in re.split(r"(?<=[.;])\s+", text) if s.strip()]


def _normal(text):
    return re.sub(r"\s+", " ", text).strip()


def docstring_problems(ex, docstrings):
    """What the docstrings promise that the contract does not claim: [text, ...] (empty when all is claimed).

    - a parameter described with two or more kinds ("a number or an array", "list or 1-D array", "None, an int
      seed or a Generator") needs accepts(param, ...) covering each kind (rng's: derived from the signature);
    - a parameter described with two or more quoted options ("zeros", "he", ...) needs options(param, ...);
    - "Returns exactly one of ..." needs outputs(...) with every quoted value;
    - a sentence with an edge word (ties, latest, strictly, fewer, leftovers, constant, fixed, only, round,
      in this order, otherwise, else, unless, g'(0), ...) needs a promise or waiver whose quote is in it;
    - every quote of the contract must be words of the docstrings."""
    params = list(inspect.signature(ex.reference).parameters)
    promises = declared(ex) + signature_promises(ex)
    waived = waivers(ex)
    kinds = {}
    for p in promises:
        kinds.setdefault(p.topic, set()).add(p.alternative)
    problems = []
    for doc in docstrings:
        for clause in clauses(doc):
            named = _leading_params(clause, params)
            if not named:
                continue
            bare = _without_braces(clause)
            if any(_normal(w.quote) in clause for w in waived):
                continue
            doc_kinds = {k for pattern, ks in KIND_WORDS if re.search(pattern, bare) for k in ks}
            if len(doc_kinds) >= 2:
                for param in named:
                    for kind in sorted(doc_kinds):
                        if param == "rng" and kind == "None":
                            continue  # RNG_NONE
                        if not COVERED_BY[kind] & kinds.get(param, set()):
                            problems.append(f"{param}: the docstring allows {kind!r} ({clause!r}) but no promise "
                                            f"accepts({param!r}, ...) covers it")
            quoted = re.findall(r'"([^"]+)"', bare)
            if len(quoted) >= 2:
                for param in named:
                    for value in quoted:
                        if repr(value) not in kinds.get(param, set()):
                            problems.append(f"{param}: the docstring offers {value!r} ({clause!r}) but no "
                                            f"options({param!r}, ...) promise has it")
        for clause in clauses(doc):
            if re.match(r"Returns (exactly )?one of", clause):
                for value in re.findall(r'"([^"]+)"', clause):
                    if repr(value) not in kinds.get("result", set()):
                        problems.append(f"result: the docstring names {value!r} but no outputs(...) promise has it")
        for sentence in sentences(doc):
            if EDGE_WORDS.search(sentence):
                quotes = [q for p in promises for q in p.quotes()] + [w.quote for w in waived]
                if not any(_normal(q) in sentence for q in quotes):
                    problems.append(f"a stated behaviour no promise or waiver quotes: {sentence!r}")
    text = " ".join(_normal(d) for d in docstrings)
    for quote in {q for p in promises for q in p.quotes()} | {w.quote for w in waived}:
        if _normal(quote) not in text:
            problems.append(f"the contract quotes {quote!r}, which is not in the docstrings")
    return problems


def _without_braces(text):
    while True:
        stripped = re.sub(r"\{[^{}]*\}", "", text)
        if stripped == text:
            return text
        text = stripped


def _leading_params(clause, params):
    """The parameters a clause begins with ('m, batch_size: ...', 'epoch_num >= 0 (...)'), or []."""
    match = re.match(r"^([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s*(?::|>=|<=|>|<|\()", clause)
    if not match:
        return []
    names = [n.strip() for n in match.group(1).split(",")]
    return names if all(n in params for n in names) else []
