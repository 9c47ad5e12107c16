"""collect: LMS downloads -> submitted/<student>/<assignment>/<notebook>.ipynb (+ timestamp.txt, lms.json)."""

import datetime
from collections import defaultdict
from pathlib import Path

from . import blackboard, canvas, gradebook, gradescope, moodle, nbgrader_layout, roster, store, times
from .archive import Download
from .identity import Directory, load_records, token
from .model import Candidate, Person, Report
from .naming import course_notebooks, is_notebook, notebook_of, slug, valid_id

# most specific naming first; a plain folder per student last
PARSERS = [gradescope.parse, nbgrader_layout.parse, blackboard.parse, moodle.parse, canvas.parse,
           nbgrader_layout.parse_folders]


class Context:
    """What a format parser may ask of the course and tell the report."""

    def __init__(self, notebooks, report, tz, tz_name, hint=None, forced=None):
        self.notebooks, self.report, self.tz, self.tz_name = notebooks, report, tz, tz_name
        self.hint, self.forced = hint, forced
        self.other = []

    def notebook_of(self, filename, hint=None):
        return notebook_of(filename, self.notebooks, hint=hint or self.hint, forced=self.forced)

    def assignment_named(self, text):
        want = slug(text)
        names = sorted(set(self.notebooks.values()), key=len, reverse=True)
        return next((a for a in names if slug(a) == want), None) or next((a for a in names if slug(a) in want), None)

    def other_file(self, entry, leaf):
        if leaf.lower() == "timestamp.txt":
            self.report.note(f"{entry.name}: a timestamp.txt uploaded by the student; ignored (times come from the "
                             "LMS, never from a student's file)")
        else:
            self.other.append(entry.name)

    def unknown_notebook(self, entry, leaf):
        self.report.problem(entry.name, f"{leaf} is not a notebook of this course's assignments "
                            f"({', '.join(sorted(set(self.notebooks.values())))}); not collected",
                            "if it is a misnamed submission: collect --student ID --assignment NAME FILE; if its "
                            "assignment is missing, add it under notebooks/")

    def zone_used(self, what):
        self.report.note(f"{what} carry no time zone: read in {self.tz_name} (set --timezone if the LMS shows "
                         "another)")


def collect(course, sources, *, rosters=(), due=None, timezone=None, student=None, assignment=None):
    """Collect downloads into submitted/; returns a Report. ValueError for bad arguments."""
    notebooks = course_notebooks(course)
    if not notebooks:
        raise ValueError(f"no assignments: {course.path(course.source)} has no <assignment>/<notebook>.ipynb")
    assignments = sorted(set(notebooks.values()))
    if assignment is not None and assignment not in assignments:
        raise ValueError(f"--assignment: unknown assignment {assignment!r}; known: {', '.join(assignments)}")
    if student is not None:
        if not valid_id(student):
            raise ValueError(f"--student: {student!r} is not a usable student id (letters, digits, . _ -; a letter "
                             "or digit first)")
        if assignment is None:
            raise ValueError("--student needs --assignment NAME too (which assignment the file is)")
        if len(sources) != 1 or not Path(sources[0]).is_file() or not is_notebook(Path(sources[0]).name):
            raise ValueError("--student: give exactly one notebook file (.ipynb) to assign by hand")
    tz = times.zone(timezone)
    tz_name = timezone or f"this machine's time zone ({datetime.datetime.now().astimezone().tzname()})"
    due_at = None
    if due is not None:
        try:
            due_at = times.parse(due, tz)
        except ValueError as exc:
            raise ValueError(f"--due: {due!r} is not a date and time ({exc}); e.g. --due '2026-03-01 23:59'") from None
    lists = [roster.read(p) for p in rosters]

    report = Report()
    downloads = [Download(p) for p in sources]
    try:
        cands = []
        for dl in downloads:
            for name, what, fix in dl.problems:
                report.problem(name, what, fix)
            hint = assignment or Context(notebooks, report, tz, tz_name).assignment_named(Path(dl.label).stem)
            ctx = Context(notebooks, report, tz, tz_name, hint=hint, forced=assignment if student else None)
            found = _parse(dl.entries, ctx)
            if student is not None:
                found = _by_hand(dl, found, ctx, student, assignment)
            cands += found
            if ctx.other:
                report.note(f"{len(ctx.other)} file(s) that are not notebooks were not collected, e.g. "
                            f"{', '.join(ctx.other[:3])}")
        _apply_rosters(cands, lists, report, tz, tz_name)
        return _store(course, cands, report, due_at, assignment)
    finally:
        for dl in downloads:
            dl.close()


def _parse(entries, ctx):
    cands, left = [], list(entries)
    for parser in PARSERS:
        found, claimed = parser(left, ctx)
        cands += found
        left = [e for e in left if id(e) not in claimed]
    for entry in left:
        if is_notebook(entry.filename):
            ctx.report.problem(entry.name, "cannot tell whose submission this is (no LMS naming, no student folder)",
                               "collect --student ID --assignment NAME FILE")
        elif entry.filename.lower() != "timestamp.txt":
            ctx.other.append(entry.name)
    return cands


def _by_hand(dl, found, ctx, student, assignment):
    """The one file assigned by hand; the LMS's evidence (time, late flag) kept when its name has it."""
    entry = dl.entries[0] if dl.entries else None
    if entry is None:
        return []
    notebook, _, note = notebook_of(entry.filename, ctx.notebooks, forced=assignment)
    if notebook is None:
        ctx.report.problem(entry.name, f"{assignment} has several notebooks and the file's name names none of them",
                           f"rename it to one of: {', '.join(n for n, a in ctx.notebooks.items() if a == assignment)}")
        return []
    lms = found[0] if found else None
    person = Person("manual", student_id=student, id_hint=student)
    if lms is not None:  # the file's own LMS name says whose it is: the student keeps that link
        p = lms.person
        person.key, person.alias, person.email, person.first, person.last = p.key, p.alias, p.email, p.first, p.last
        person.name, person.extra = ("" if p.lms == "canvas" else p.name), dict(p.extra)
    ctx.report.note(f"{entry.name} assigned by hand to submitted/{student}/{assignment}/{notebook}.ipynb")
    return [Candidate(person, assignment, notebook, entry, rank=(datetime.datetime.now(datetime.UTC).timestamp(),),
                      evidence="assigned by hand", time=lms.time if lms else None, late=lms.late if lms else None,
                      time_note=(lms.time_note if lms else "assigned by hand: no time from an LMS"),
                      note=note or "")]


def _apply_rosters(cands, lists, report, tz, tz_name):
    """Names, e-mails, SIS ids and (Moodle's worksheet) submission times from the LMS's roster files."""
    for r in lists:
        by_key, by_alias = r.by("key"), r.by("alias")
        by_name = defaultdict(list)
        for p in r.people:
            if p.name:
                by_name[" ".join(p.name.casefold().split())].append(p)
        worksheet_time = r.lms == "moodle-worksheet"
        for c in cands:
            p = c.person
            if p.lms != r.lms.split("-")[0]:
                continue
            hit = by_key.get(p.key) if p.key else None
            hit = hit or (by_alias.get(p.alias) if p.alias else None)
            if hit is None and p.lms == "moodle" and not p.anonymous and p.name and r.lms == "moodle-participants":
                same = by_name.get(" ".join(p.name.casefold().split()), [])
                if len(same) == 1:
                    hit = same[0]
                elif len(same) > 1:
                    report.problem(c.entry.name, f"{len(same)} people named {p.name} in {r.path.name}; it cannot "
                                   "say which one this is", "use the grading worksheet (it has participant ids) as "
                                   "--roster")
            if hit is None:
                continue
            for f in ("first", "last", "email"):
                setattr(p, f, getattr(hit, f) or getattr(p, f))
            if hit.name and not p.anonymous:
                p.name = hit.name  # the roster spells the name; a Canvas file name only has "lastfirst"
            p.key = p.key or hit.key
            if hit.id_hint and p.lms == "canvas":
                p.id_hint = hit.id_hint
            p.extra.update({k: v for k, v in hit.extra.items() if k != "worksheet_row" and v})
            row = hit.extra.get("worksheet_row")
            if worksheet_time and row is not None and c.time is None:
                text = next((v for k, v in row.items() if k.casefold() == "last modified (submission)"), "")
                if text and text != "-":
                    try:
                        c.time = times.parse(text, tz)
                        c.time_note = f"Moodle's grading worksheet: Last modified (submission) {text}"
                        report.note(f"Moodle's worksheet times carry no time zone: read in {tz_name} (set "
                                    "--timezone if Moodle shows another)")
                    except ValueError as exc:
                        report.problem(c.entry.name, f"Moodle's 'Last modified (submission)' {text!r} is not a "
                                       f"time ({exc}); no submission time", "download the worksheet in English, "
                                       "or check the time in Moodle")


def _store(course, cands, report, due_at, forced):
    directory = Directory(gradebook.students(course), load_records(course))
    groups, people, first_seen = defaultdict(list), {}, {}
    for c in cands:
        t = token(c.person, c.assignment)
        first_seen.setdefault(t, (c.person, c.assignment))
        groups[t].append(c)
    ids, notes = {}, []
    for t, (person, assignment) in list(first_seen.items()):
        owner = directory.by_key.get(person.key) if person.key else None
        if person.lms == "manual" and owner not in (None, person.student_id):
            report.problem(groups[t][0].entry.name, f"its LMS name says it is {person.key}, who is {owner} here; "
                           "not collected", f"use --student {owner}")
            del groups[t], first_seen[t]
            continue
        sid, note = directory.existing(person, assignment)
        if sid is not None:
            ids[t] = sid
            if note:
                notes.append(note)
    ids.update(directory.assign({t: v for t, v in first_seen.items() if t not in ids}))
    for n in notes:
        report.note(n)
    by_folder = defaultdict(lambda: defaultdict(list))
    for t, cs in groups.items():
        for c in cs:
            by_folder[(ids[t], c.assignment)][c.notebook].append(c)
            prev = people.get(ids[t])
            if prev is None or (c.person.key and not prev.key) or len(c.person.extra) > len(prev.extra):
                people[ids[t]] = c.person
    collected = sorted({a for _, a in by_folder} | ({forced} if forced else set()))
    if due_at is not None and not collected:
        report.note("--due was not stored: nothing was collected (give --assignment to say which assignment)")
    due = gradebook.due_dates(course, collected, due_at)
    for (sid, assignment), books in sorted(by_folder.items()):
        winners = {}
        for nb, cs in books.items():
            winner, losers = store.choose(cs, report)
            for loser, why in losers:
                report.note(f"{loser.entry.name} ({loser.evidence}) not taken: {why}")
            if winner is not None:
                winners[nb] = winner
                if winner.note:
                    report.note(f"{winner.entry.name}: {winner.note}")
        if not winners:
            continue
        person = next(c.person for c in winners.values())
        rec = store.write(course, sid, assignment, winners, person, report)
        report.students.add(sid)
        when, how = store.submission_time(rec, due[assignment])
        folder = course.path("submitted", sid, assignment)
        store.write_stamp(folder, when)
        if when is None and due[assignment] is not None:
            where = f"submitted/{sid}/{assignment}"
            lms = person.lms
            fix = ("collect again with --roster <the assignment's grading worksheet> (it has the submission times)"
                   if lms == "moodle" else "set the submission time by hand in the gradebook if it matters")
            report.problem(where, f"{how}: it will be graded as on time", fix)
        elif when is None and any(b.get("late") for b in rec["notebooks"].values()):
            report.problem(f"submitted/{sid}/{assignment}", f"{how}: lateness cannot be recorded",
                           "set the due date: collect --due 'YYYY-MM-DD HH:MM' (it goes into the gradebook)")
    if people:
        gradebook.save_people(course, {sid: p for sid, p in people.items() if sid in report.students})
    return report
