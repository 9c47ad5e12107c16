"""The class report of one assignment, from the gradebook and the per-submission results of `grade`.

reports/<assignment>/: report.md (summary), pass_rates.csv (per exercise), mistakes.csv (catalogued mistakes by
frequency), lookalikes.csv (solutions whose normalised code is nearly identical to dlcore's reference: flagged for
the instructor to review, never zeroed), scores.png (histogram of total scores).
"""

import ast
import collections
import csv
import difflib
import inspect
import json
import textwrap


def normalized(source):
    """AST dump without names, docstrings or constants' spelling: two codes that differ only in naming match."""
    try:
        tree = ast.parse(textwrap.dedent(source))
    except SyntaxError:
        return ""
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and \
                isinstance(getattr(body[0], "value", None), ast.Constant) and isinstance(body[0].value.value, str):
            node.body = body[1:] or [ast.Pass()]
        for attr in ("name", "id", "arg", "attr", "asname"):
            if isinstance(getattr(node, attr, None), str):
                setattr(node, attr, "_")
    funcs = [n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    return "\n".join(ast.dump(f, annotate_fields=False) for f in funcs) or ast.dump(tree, annotate_fields=False)


MIN_NODES = 80  # a reference shorter than this is a formula: a copy cannot be told from an honest answer


def size(source):
    """AST nodes in the body of the first function of `source` (its docstring left out)."""
    try:
        tree = ast.parse(textwrap.dedent(source))
    except SyntaxError:
        return 0
    fn = next((n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))), None)
    if fn is None:
        return 0
    body = fn.body[1:] if fn.body and isinstance(fn.body[0], ast.Expr) and \
        isinstance(getattr(fn.body[0], "value", None), ast.Constant) else fn.body
    return sum(1 for _ in ast.walk(ast.Module(body=body, type_ignores=[])))


def similarity(a, b):
    na, nb = normalized(a), normalized(b)
    if not na or not nb:
        return 0.0
    return difflib.SequenceMatcher(None, na, nb, autojunk=False).ratio()


def _reference_source(name):
    try:
        from . import registry

        return inspect.getsource(registry.reference_for(name))
    except Exception:
        return None


def _exercise_of(grade_id):
    name = grade_id[len("test_"):] if grade_id.startswith("test_") else grade_id
    return name[: -len("_hidden")] if name.endswith("_hidden") else name


def build_report(course, assignment, *, threshold=0.9, say=print):
    results_dir = course.path("reports", "results", assignment)
    results = [json.loads(p.read_text()) for p in sorted(results_dir.glob("*.json"))] if results_dir.is_dir() \
        else []
    if not results:
        return None
    out = course.path("reports", assignment)
    out.mkdir(parents=True, exist_ok=True)

    passed, tried = collections.Counter(), collections.Counter()
    mistakes = collections.Counter()
    mistake_students = collections.defaultdict(set)
    totals, max_total = {}, 0.0
    lookalikes = []
    refs = {}
    full = {}
    close = collections.defaultdict(list)
    for res in results:
        student = res["student"]
        total, max_total = 0.0, 0.0
        for nb in res["notebooks"].values():
            for gid, cell in nb["cells"].items():
                total += cell["score"] or 0.0
                max_total += cell["max_score"]
                if cell["kind"] != "test":
                    continue
                ex = _exercise_of(gid)
                tried[ex] += 1
                passed[ex] += bool(cell["passed"])
                full[(student, ex)] = full.get((student, ex), True) and bool(cell["passed"])
                if cell.get("mistake"):
                    key = (ex, cell["mistake"])
                    if student not in mistake_students[key]:
                        mistakes[key] += 1
                        mistake_students[key].add(student)
            for gid, source in nb.get("solutions", {}).items():
                ex = gid[3:] if gid.startswith("ex_") else gid
                if ex not in refs:
                    refs[ex] = _reference_source(ex)
                if refs[ex]:
                    close[ex].append((student, similarity(source, refs[ex])))
        totals[student] = total
    # Near-identical to the reference AND unlike most of the class: a short formula that everyone writes the
    # same way is no sign of copying, so an exercise where most solutions match is reported, not flagged.
    natural = {}
    short = sorted(ex for ex in close if size(refs[ex]) < MIN_NODES)
    for ex, sims in close.items():
        if ex in short:
            continue
        hits = [(s, v) for s, v in sims if v >= threshold]
        if len(hits) > len(sims) / 2:
            natural[ex] = (len(hits), len(sims))
        else:
            lookalikes += [(s, ex, v) for s, v in hits]

    def n_full(ex):
        return sum(ok for (_, e), ok in full.items() if e == ex)

    with open(out / "pass_rates.csv", "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["exercise", "cells_passed", "cells_graded", "pass_rate", "students_passing_all"])
        for ex in tried:
            w.writerow([ex, passed[ex], tried[ex], f"{passed[ex] / tried[ex]:.3f}", n_full(ex)])
    with open(out / "mistakes.csv", "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["exercise", "mistake", "students"])
        for (ex, mid), n in mistakes.most_common():
            w.writerow([ex, mid, n])
    with open(out / "lookalikes.csv", "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["student", "exercise", "similarity_to_reference"])
        for student, ex, score in sorted(lookalikes, key=lambda r: -r[2]):
            w.writerow([student, ex, f"{score:.3f}"])
    _histogram(out / "scores.png", list(totals.values()), max_total, assignment)

    lines = [f"# {assignment}: class report", "", f"{len(results)} submission(s); mean score "
             f"{sum(totals.values()) / len(totals):.2f} / {max_total:g}", "", "## Pass rates (test cells)", "",
             "| exercise | cells passed | cells graded | rate | students passing every case |",
             "|---|---|---|---|---|"]
    lines += [f"| {ex} | {passed[ex]} | {tried[ex]} | {passed[ex] / tried[ex]:.0%} | {n_full(ex)} of {len(results)} |"
              for ex in tried]
    lines += ["", "## Most common catalogued mistakes", ""]
    lines += [f"- {ex}: `{mid}` ({n} student(s))" for (ex, mid), n in mistakes.most_common(15)] or ["- none"]
    lines += ["", f"## Solutions nearly identical to dlcore's reference (similarity >= {threshold:g}; review, "
              "not zeroed)", ""]
    lines += [f"- {s}: {ex} ({score:.2f})" for s, ex, score in sorted(lookalikes)] or ["- none"]
    lines += [f"- not flagged: {ex}, where {k} of {n} solutions match the reference closely (a formula most "
              "students write the same way)" for ex, (k, n) in sorted(natural.items())]
    if short:
        lines += [f"- not compared (the reference is a short formula): {', '.join(short)}"]
    lines += ["", "![scores](scores.png)", ""]
    (out / "report.md").write_text("\n".join(lines))
    say(f"{assignment}: {len(results)} submissions, {len(mistakes)} distinct mistakes, "
        f"{len(lookalikes)} look-alike(s)")
    return out / "report.md"


def _histogram(path, totals, max_total, assignment):
    """Histogram of total scores: one bar per whole point when scores are whole numbers, whole-number counts."""
    from matplotlib.figure import Figure  # no pyplot: nothing global changes in the caller's process
    from matplotlib.ticker import MaxNLocator

    fig = Figure(figsize=(6, 3.5), dpi=100)
    ax = fig.subplots()
    top = max(max_total, 1e-9)
    whole = max_total <= 60 and all(float(t).is_integer() for t in totals)
    bins = [k - 0.5 for k in range(int(max_total) + 2)] if whole else [top * k / 20 for k in range(21)]
    ax.hist(totals, bins=bins, color="#4c72b0", edgecolor="white")
    ax.set_xlim(bins[0], bins[-1])
    ax.xaxis.set_major_locator(MaxNLocator(integer=whole))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(f"total score (of {max_total:g})")
    ax.set_ylabel("students")
    ax.set_title(f"{assignment}: score distribution (n={len(totals)})")
    fig.tight_layout()
    fig.savefig(path)
