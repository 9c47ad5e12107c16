"""nbgrader's own layouts, and a plain folder per student.

- the exchange's inbound folders, <student>+<assignment>+<timestamp>[+<random>]/ (nbgrader/exchange/default/
  submit.py names them; collect.py splits them with rsplit('+', 3) and keeps the newest timestamp);
- submitted/ as `nbgrader collect` or another course writes it: <student>/<assignment>/<notebook>.ipynb with the
  timestamp.txt nbgrader wrote beside it;
- a folder per student: "Doe, Jane (jdoe)/..." (the id in parentheses) or "jdoe/...". Such a folder carries no
  submission time: a timestamp.txt in it is the student's, and ignored.
"""

import re

from .model import Candidate, EntryError, Person
from .naming import is_notebook, slug, valid_id
from .times import parse as parse_time

PAREN = re.compile(r"\(([^()]+)\)\s*$")


def _student(text):
    return text if valid_id(text) else slug(text)


def _exchange_name(part, assignments):
    bits = part.rsplit("+", 3)
    if len(bits) == 4 and bits[1] in assignments:
        return bits[0], bits[1], bits[2]
    if len(bits) >= 3 and bits[-2] in assignments:
        return "+".join(bits[:-2]), bits[-2], bits[-1]
    return None


def _stamp(entries_by_folder, folder, ctx):
    stamp = entries_by_folder.get(folder)
    if stamp is None:
        return None, "no timestamp.txt from nbgrader"
    try:
        text = stamp.read().decode("utf-8", "replace").strip()[:200]
        return parse_time(text, ctx.tz), f"nbgrader's timestamp.txt ({text})"
    except (EntryError, ValueError) as exc:
        ctx.report.problem(stamp.name, f"nbgrader's timestamp.txt is not a time ({exc}); the submission has no "
                           "time", "check when it was submitted; lateness cannot be computed without it")
        return None, "unreadable timestamp.txt"


def parse(entries, ctx):
    out, claimed = [], set()
    assignments = set(ctx.notebooks.values())
    stamps = {e.parts[:-1]: e for e in entries if e.filename == "timestamp.txt"}
    for entry in entries:
        if entry.filename == "timestamp.txt":
            continue
        ex = next(((i, _exchange_name(p, assignments)) for i, p in enumerate(entry.parts[:-1])
                   if _exchange_name(p, assignments)), None)
        if ex is not None:
            depth, (student, assignment, ts) = ex
            claimed.add(id(entry))
            try:
                time, note = parse_time(ts, ctx.tz), "nbgrader's exchange timestamp"
            except ValueError:
                time, note = None, ""
                ctx.report.problem(entry.name, f"the exchange folder's timestamp {ts!r} is not a time; no time",
                                   "check when it was submitted")
            _add(out, ctx, entry, Person("nbgrader", student_id=_student(student), id_hint=student),
                 assignment, rank=(time.timestamp() if time else 0,), evidence=f"exchange submission {ts}",
                 time=time, time_note=note)
            continue
        if len(entry.parts) >= 3 and entry.parts[-2] in assignments and is_notebook(entry.filename):
            claimed.add(id(entry))
            time, note = _stamp(stamps, entry.parts[:-1], ctx)
            _add(out, ctx, entry, Person("nbgrader", student_id=_student(entry.parts[-3]),
                                         id_hint=entry.parts[-3]), entry.parts[-2],
                 rank=(time.timestamp() if time else 0,), evidence=note, time=time, time_note=note)
            if entry.parts[:-1] in stamps:
                claimed.add(id(stamps[entry.parts[:-1]]))
            continue
    return out, claimed


def parse_folders(entries, ctx):
    """The last resort: a folder per student."""
    out, claimed = [], set()
    for entry in entries:
        if len(entry.parts) < 2:
            continue
        folder = entry.parts[0]
        claimed.add(id(entry))
        paren = PAREN.search(folder)
        student = _student(paren.group(1).strip() if paren else folder)
        if not is_notebook(entry.filename):
            ctx.other_file(entry, entry.filename)
            continue
        name = folder[:paren.start()].strip().rstrip(",") if paren else ""
        person = Person("folder", student_id=student, id_hint=student)
        if name:
            last, _, first = name.partition(",")
            person.first, person.last = (first.strip(), last.strip()) if first else (name, "")
            person.name = name
        _add(out, ctx, entry, person, None, rank=(entry.mtime.timestamp() if entry.mtime else 0,),
             evidence="file time", time=None, time_note="a plain folder carries no submission time")
    return out, claimed


def _add(out, ctx, entry, person, assignment, **kw):
    if not is_notebook(entry.filename):
        ctx.other_file(entry, entry.filename)
        return
    notebook, copy, note = ctx.notebook_of(entry.filename, hint=assignment)
    if notebook is None:
        ctx.unknown_notebook(entry, entry.filename)
        return
    kw["rank"] = kw["rank"] + (-copy,)
    out.append(Candidate(person, ctx.notebooks[notebook], notebook, entry, note=note or "", **kw))
