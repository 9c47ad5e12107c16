"""Choosing among a student's files and writing submitted/<student>/<assignment>/.

Per notebook, the newest file by the LMS's own evidence wins (attachment id, attempt time, created_at), except
that an empty file never replaces a non-empty one and an unreadable one is passed over; every file passed over
is reported. What the folder already holds is compared the same way (its lms.json keeps the evidence), so
re-running a collect changes nothing and an older download never replaces a newer submission. timestamp.txt is
written from the LMS's time only (never from a file a student uploaded).
"""

import datetime
import hashlib
import json
import os

from . import times
from .identity import RECORD
from .model import EntryError


def _nonempty(data):
    return bool(data and data.strip())


def choose(cands, report):
    """(winner, [(loser, reason)]) among the candidates for one notebook of one student."""
    cands = sorted(cands, key=lambda c: c.rank, reverse=True)
    readable = []
    for c in cands:
        if c.data is None:
            try:
                c.data = c.entry.read()
            except EntryError as exc:
                report.problem(c.entry.name, f"{exc}; not collected" + (" (an older file of the same student was "
                               "collected instead)" if len(cands) > 1 else ""),
                               "download it again; if it stays broken, ask the student to submit again")
                continue
        readable.append(c)
    if not readable:
        return None, []
    winner = next((c for c in readable if _nonempty(c.data)), readable[0])
    losers = []
    for c in readable:
        if c is winner:
            continue
        if c.rank > winner.rank:
            losers.append((c, f"it is empty; the older non-empty {winner.entry.name} ({winner.evidence}) was kept"))
        else:
            losers.append((c, f"replaced by the newer {winner.entry.name} ({winner.evidence})"))
    return winner, losers


def _atomic_write(path, data):
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _read_record(folder):
    try:
        return json.loads((folder / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def write(course, student, assignment, winners, person, report):
    """Write the chosen files of one student and assignment; returns the folder's record."""
    folder = course.path("submitted", student, assignment)
    folder.mkdir(parents=True, exist_ok=True)
    rec = _read_record(folder)
    books = rec.setdefault("notebooks", {})
    for nb, c in sorted(winners.items()):
        sha = hashlib.sha256(c.data).hexdigest()
        old = books.get(nb)
        where = f"submitted/{student}/{assignment}/{nb}.ipynb"
        if old and old.get("sha256") == sha and (folder / f"{nb}.ipynb").exists():
            report.unchanged += 1
            continue
        if old and old.get("lms") == "manual" and c.person.lms != "manual":
            report.kept += 1
            report.note(f"{where}: kept the file assigned by hand ({old.get('entry')}); {c.entry.name} not taken")
            continue
        if old and old.get("lms") == c.person.lms and old.get("rank") and list(old["rank"]) > list(c.rank) \
                and (folder / f"{nb}.ipynb").exists():
            report.kept += 1
            report.note(f"{where}: kept {old.get('entry')} ({old.get('evidence')}); {c.entry.name} "
                        f"({c.evidence}) is older")
            continue
        if old and old.get("bytes", 0) > 0 and not _nonempty(c.data) and (folder / f"{nb}.ipynb").exists():
            report.kept += 1
            report.note(f"{where}: kept {old.get('entry')}; {c.entry.name} is empty")
            continue
        _atomic_write(folder / f"{nb}.ipynb", c.data)
        if old:
            report.updated += 1
            report.note(f"{where}: replaced {old.get('entry')} ({old.get('evidence')}) by {c.entry.name} "
                        f"({c.evidence})")
        else:
            report.new += 1
        books[nb] = {"lms": c.person.lms, "entry": c.entry.name, "evidence": c.evidence, "rank": list(c.rank),
                     "sha256": sha, "bytes": len(c.data), "time": c.time.isoformat() if c.time else None,
                     "late": c.late, "time_note": c.time_note, "note": c.note or None}
    rec["person"] = {"lms": person.lms, "key": person.key, "alias": person.alias, "name": person.name,
                     "email": person.email, "anonymous": person.anonymous, "extra": person.extra}
    _atomic_write(folder / RECORD, (json.dumps(rec, indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode())
    return rec


def submission_time(rec, due):
    """(aware UTC time or None, how it was decided) for a folder's record; `due` is aware UTC or None.
    The LMS's time when it gave one (the latest over the notebooks); a Canvas LATE flag without a time becomes one
    second after the due date (late, by an unknown amount: the least nbgrader can record), an on-time flag the
    due date itself."""
    books = (rec.get("notebooks") or {}).values()
    known = [datetime.datetime.fromisoformat(b["time"]) for b in books if b.get("time")]
    if known:
        return max(known), "the LMS's submission time"
    flags = [b.get("late") for b in books]
    if any(f is True for f in flags):
        if due is None:
            return None, "late by the LMS, but the assignment has no due date"
        return due + datetime.timedelta(seconds=1), "late by the LMS (no time given): 1 s after the due date"
    if flags and all(f is False for f in flags) and due is not None:
        return due, "on time by the LMS (no time given): the due date"
    return None, "no submission time"


def write_stamp(folder, when):
    path = folder / "timestamp.txt"
    if when is None:
        path.unlink(missing_ok=True)
        return
    text = times.stamp(when) + "\n"
    if not path.exists() or path.read_text(errors="replace") != text:
        _atomic_write(path, text.encode())
