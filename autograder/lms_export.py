"""Grades back to the LMS: a CSV each LMS imports as it is (export --lms canvas|moodle|blackboard).

- Canvas, Grades > Import (lib/gradebook_importer.rb): the header must start Student, ID (and, as Canvas exports
  them, SIS User ID, SIS Login ID), end its student columns with Section, and name each assignment "Title (id)";
  rows are matched on ID (the Canvas user id), then SIS ids, then the name. A column whose "(id)" matches no
  assignment becomes a new assignment, so the real header is taken from the Canvas export (--roster) or --column.
  The "Points Possible" row is written only with Canvas's own values (the importer would otherwise change them).
- Moodle, the assignment's "Upload grading worksheet" (mod/assign/feedback/offline/importgradeslib.php): it needs
  the columns Identifier ("Participant <id>", the per-assignment id of the download), Grade and
  "Last modified (grade)" (a grade changed in Moodle after that time is not overwritten unless the upload says
  so); with the worksheet given as --roster, its own rows and (localised) headers are kept and only Grade filled.
  Moodle's CSV reader removes a UTF-8 BOM (core_text::trim_utf8_bom) and its own download writes one.
- Blackboard, Grade Center > Work Offline > Upload: rows matched on Username, columns on the "|<column id>" suffix
  of the header (a header without one creates a new column), every field quoted.
Scores are nbgrader's (after any late penalty), scaled to the LMS column's points when its export says them.
"""

import csv
import datetime
import json
import re
from pathlib import Path

from .intake import roster as rosters_mod
from .intake.naming import slug

UTF8_BOM = "utf-8-sig"


def graded(course, assignment=None):
    """[{assignment, student, first, last, email, key, score, max_score, seconds_late, record}] from the gradebook."""
    from nbgrader.api import Gradebook

    if not course.path(course.db_name).exists():
        return []
    out = []
    with Gradebook(course.db_url) as gb:
        for a in gb.assignments:
            if assignment and a.name != assignment:
                continue
            for sub in gb.assignment_submissions(a.name):
                s = sub.student
                rec_path = course.path("submitted", s.id, a.name, "lms.json")
                try:
                    rec = json.loads(rec_path.read_text(encoding="utf-8"))
                except (OSError, ValueError):
                    rec = {}
                out.append({"assignment": a.name, "student": s.id, "first": s.first_name or "",
                            "last": s.last_name or "", "email": s.email or "", "key": s.lms_user_id or "",
                            "score": float(sub.score or 0) - float(sub.late_submission_penalty or 0),
                            "max_score": float(a.max_score or 0), "seconds_late": sub.total_seconds_late,
                            "person": rec.get("person") or {}})
    return out


def _number(x):
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return text if text != "-0" else "0"


def _scaled(row, points):
    if points and row["max_score"] and abs(points - row["max_score"]) > 1e-9:
        return row["score"] * points / row["max_score"]
    return row["score"]


def _points(text):
    try:
        return float(str(text).replace(",", "."))
    except ValueError:
        return None


def _display(row):
    if row["last"] and row["first"]:
        return f"{row['last']}, {row['first']}"
    return row["first"] or row["last"] or row["person"].get("name") or row["student"]


def export(course, lms, *, to=None, assignment=None, rosters=(), column=None, say=print):
    """Write the file; returns (path or None, [problems]). ValueError for bad arguments."""
    if lms == "gradescope":
        raise ValueError("--lms gradescope: Gradescope has no CSV import of scores for an assignment it did not grade "
                         "itself; upload to the course's LMS instead (--lms canvas|moodle|blackboard), or use the "
                         "plain export")
    lists = [rosters_mod.read(p) for p in rosters]
    rows = graded(course, assignment)
    if assignment and not rows:
        raise ValueError(f"--assignment: nothing graded for {assignment!r}")
    if not rows:
        return None, ["nothing graded yet: run `python -m autograder grade` first"]
    assignments = sorted({r["assignment"] for r in rows})
    if column and len(assignments) > 1:
        raise ValueError("--column names one assignment's column: give --assignment too")
    writer = {"canvas": _canvas, "moodle": _moodle, "blackboard": _blackboard}[lms]
    default = course.path("reports", f"{lms}_{assignment or ('grades' if len(assignments) > 1 else assignments[0])}"
                                     ".csv")
    out = Path(to) if to else default
    out.parent.mkdir(parents=True, exist_ok=True)
    problems = []
    table, quoting = writer(rows, assignments, [r for r in lists if r.lms.startswith(lms)], column, problems, say)
    if table is None:
        return None, problems
    tmp = out.with_name(f".{out.name}.tmp")
    with open(tmp, "w", encoding=UTF8_BOM, newline="") as fh:
        csv.writer(fh, quoting=quoting).writerows(table)
    tmp.replace(out)
    return out, problems


def _find_column(roster, assignment, pattern):
    for h in roster.header if roster else []:
        m = pattern.match(h)
        if m and slug(m.group("title")) == slug(assignment):
            return h
    return None


def _canvas(rows, assignments, lists, column, problems, say):
    r = lists[0] if lists else None
    headers, points = {}, {}
    for a in assignments:
        h = column or _find_column(r, a, rosters_mod.CANVAS_COLUMN)
        if h is None:
            say(f"warning: no Canvas column for {a} (give --roster <Canvas gradebook export> or --column 'Title "
                f"(id)'): the header {a!r} makes Canvas create a new assignment")
            h = a
        headers[a] = h
        points[a] = _points(r.points.get(h, "")) if r and r.points.get(h) else None
    people = {}
    for row in rows:
        if not row["key"].startswith("canvas:"):
            why = "graded anonymously (Canvas imports no grades for unposted anonymous submissions)" \
                if row["person"].get("anonymous") else f"collected from {row['person'].get('lms', 'another source')}"
            problems.append(f"{row['student']} ({row['assignment']}): no Canvas user id ({why}); not in the file — "
                            "enter the grade in Canvas by hand")
            continue
        people.setdefault(row["key"], []).append(row)
    for a in assignments:
        mx = {row["max_score"] for row in rows if row["assignment"] == a}
        if points[a] is not None and mx and abs(points[a] - max(mx)) > 1e-9:
            say(f"{a}: scores out of {max(mx):g} scaled to Canvas's {points[a]:g} points")
    table = [["Student", "ID", "SIS User ID", "SIS Login ID", "Section"] + [headers[a] for a in assignments]]
    if all(points[a] is not None for a in assignments):
        table.append(["    Points Possible", "", "", "", ""] + [_number(points[a]) for a in assignments])
    roster_rows = {row["ID"]: row for row in (r.rows if r else [])}
    for key, own in sorted(people.items(), key=lambda kv: _display(kv[1][0]).casefold()):
        uid = key.split(":", 1)[1]
        extra = own[0]["person"].get("extra") or {}
        rr = roster_rows.get(uid, {})
        name = _display(own[0])
        if name.lstrip().startswith("="):  # as Canvas's exporter does, so no spreadsheet runs it as a formula
            name = f'="{name}"'
        by = {row["assignment"]: row for row in own}
        table.append([name, uid, extra.get("sis_user_id") or rr.get("SIS User ID", ""),
                      extra.get("sis_login_id") or rr.get("SIS Login ID", ""), extra.get("section") or
                      rr.get("Section", "")] + [_number(_scaled(by[a], points[a])) if a in by else ""
                                                for a in assignments])
    return table, csv.QUOTE_MINIMAL


def _moodle(rows, assignments, lists, column, problems, say):
    if len(assignments) > 1:
        raise ValueError(f"--lms moodle: a grading worksheet is for one assignment; give --assignment (graded: "
                         f"{', '.join(assignments)})")
    a = assignments[0]
    ws = next((r for r in lists if r.lms == "moodle-worksheet"), None)
    graded_by_pid = {}
    for row in rows:
        alias = row["person"].get("alias") or ""
        m = re.match(r"^moodle:participant:(\d+)$", alias)
        if not m:
            problems.append(f"{row['student']} ({a}): no Moodle participant id (not collected from this assignment's "
                            "Moodle download); not in the file — enter the grade in Moodle by hand")
            continue
        graded_by_pid[m.group(1)] = row
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat()
    if ws is None:
        say("warning: without the grading worksheet (--roster) Moodle's maximum grade is unknown: the grades are "
            f"out of {rows[0]['max_score']:g}, and Moodle skips any above the assignment's maximum")
        table = [["Identifier", "Full name", "Email address", "Grade", "Maximum grade", "Last modified (grade)"]]
        for pid, row in sorted(graded_by_pid.items(), key=lambda kv: int(kv[0])):
            name = " ".join(x for x in (row["first"], row["last"]) if x) or row["person"].get("name", "")
            table.append([f"Participant {pid}", name, row["email"], _number(row["score"]), _number(row["max_score"]),
                          now])
        return table, csv.QUOTE_MINIMAL
    header = ws.header
    ident = next((h for h in header if h.casefold() == "identifier"), header[0])
    grade = next((h for h in header if h.casefold() == "grade"), None)
    maxh = next((h for h in header if h.casefold() == "maximum grade"), None)
    modh = next((h for h in header if h.casefold() == "last modified (grade)"), None)
    if grade is None or modh is None:
        raise ValueError(f"--roster {ws.path}: a grading worksheet needs the columns Grade and Last modified (grade) "
                         "(download it in English, or rename the columns)")
    table, seen = [header], set()
    for wrow in ws.rows:
        m = rosters_mod.PARTICIPANT.match(wrow.get(ident, ""))
        row = graded_by_pid.get(m.group("n")) if m else None
        out = dict(wrow)
        if row is not None:
            seen.add(m.group("n"))
            points = _points(wrow.get(maxh, "")) if maxh else None
            out[grade] = _number(_scaled(row, points))
            if not out.get(modh) or out[modh] == "-":
                out[modh] = now
        table.append([out.get(h, "") for h in header])
    for pid in sorted(set(graded_by_pid) - seen, key=int):
        problems.append(f"{graded_by_pid[pid]['student']} (Participant {pid}): not in the worksheet {ws.path.name}; "
                        "not in the file — download the worksheet again, or enter the grade by hand")
    return table, csv.QUOTE_MINIMAL


def _blackboard(rows, assignments, lists, column, problems, say):
    r = lists[0] if lists else None
    headers, points = {}, {}
    for a in assignments:
        h = column or _find_column(r, a, rosters_mod.BB_COLUMN)
        if h is None:
            say(f"warning: no Grade Center column id for {a} (give --roster <Grade Center download> or --column "
                f"'Title [Total Pts: N Score] |id'): Blackboard will create a new text column {a!r}")
            h = a
        headers[a] = h
        pm = re.search(r"\[Total Pts:\s*([\d.]+)", h)
        points[a] = float(pm.group(1)) if pm else None
    people = {}
    for row in rows:
        if not row["key"].startswith("blackboard:"):
            problems.append(f"{row['student']} ({row['assignment']}): no Blackboard username; not in the file — "
                            "enter the grade in the Grade Center by hand")
            continue
        people.setdefault(row["key"], []).append(row)
    table = [["Last Name", "First Name", "Username"] + [headers[a] for a in assignments]]
    for key, own in sorted(people.items()):
        by = {row["assignment"]: row for row in own}
        first, last = own[0]["first"], own[0]["last"]
        table.append([last, first, key.split(":", 1)[1]] + [_number(_scaled(by[a], points[a])) if a in by else ""
                                                              for a in assignments])
    return table, csv.QUOTE_ALL
