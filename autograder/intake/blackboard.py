"""Blackboard Learn (Original): Grade Center > (column menu) > "Assignment File Download".

Each attempt's files are named  <Assignment>_<username>_attempt_<YYYY-MM-DD-HH-MM-SS>_<original file name>
next to a text file  <Assignment>_<username>_attempt_<YYYY-MM-DD-HH-MM-SS>.txt  that says

    Name: Jane Doe (jdoe)
    Assignment: Homework 1
    Date Submitted: Monday, January 30, 2016 3:00:00 PM EST
    ...
    Files:
    \tOriginal filename: problem1.ipynb
    \tFilename: Homework 1_jdoe_attempt_2016-01-30-15-00-00_problem1.ipynb

(the layout nbgrader's zip_collect documents for its FileNameCollectorPlugin, and CodeGrade parses). The username
is Blackboard's key for a student (Grade Center uploads match on it); the attempt time in the name has no zone
(the server's), the .txt's "Date Submitted" usually has one.
"""

import datetime
import re

from .model import Candidate, EntryError, Person
from .naming import is_notebook, slug
from .times import parse as parse_time

NAME = re.compile(r"^(?P<pre>.+)_attempt_(?P<when>\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d)(?:_(?P<file>.+)|\.txt)$", re.S)
TXT = re.compile(r"^Name:\s*(?P<name>.*?)\s*\((?P<username>[^()\n]+)\)\s*$", re.M)
FIELD = re.compile(r"^(?P<key>Assignment|Date Submitted):\s*(?P<value>.*?)\s*$", re.M)
FILES = re.compile(r"^\s*Original filename:\s*(?P<orig>.+?)\s*\n\s*Filename:\s*(?P<stored>.+?)\s*$", re.M)


def _info(entry, ctx):
    try:
        text = entry.read().decode("utf-8", "replace").replace("\r\n", "\n")
    except EntryError as exc:
        ctx.report.problem(entry.name, f"Blackboard's attempt file cannot be read ({exc})", "download it again")
        return None
    m = TXT.search(text)
    fields = {f.group("key"): f.group("value") for f in FIELD.finditer(text)}
    return {"name": m.group("name") if m else "", "username": m.group("username").strip() if m else None,
            "assignment": fields.get("Assignment", ""), "submitted": fields.get("Date Submitted"),
            "files": {f.group("stored"): f.group("orig") for f in FILES.finditer(text)}}


def parse(entries, ctx):
    out, claimed = [], set()
    infos = {}
    for entry in entries:
        m = NAME.match(entry.filename)
        if m and m.group("file") is None:
            claimed.add(id(entry))
            infos[(entry.parts[:-1], m.group("pre"), m.group("when"))] = _info(entry, ctx)
    for entry in entries:
        for depth, part in enumerate(entry.parts):
            m = NAME.match(part)
            if m is None or (depth == len(entry.parts) - 1 and m.group("file") is None):
                continue
            claimed.add(id(entry))
            last = depth == len(entry.parts) - 1
            info = infos.get((entry.parts[:depth], m.group("pre"), m.group("when"))) or {}
            username = info.get("username")
            if not username or not m.group("pre").endswith("_" + username):
                username = m.group("pre").rsplit("_", 1)[-1]
            leaf = (info.get("files", {}).get(part) or m.group("file")) if last else entry.filename
            if not is_notebook(leaf):
                ctx.other_file(entry, leaf)
                break
            assignment = info.get("assignment") or m.group("pre")[:-len(username) - 1]
            notebook, copy, note = ctx.notebook_of(leaf, hint=ctx.assignment_named(assignment))
            if notebook is None:
                ctx.unknown_notebook(entry, leaf)
                break
            when = m.group("when")
            time, time_note = None, ""
            try:
                if info.get("submitted"):
                    time = parse_time(info["submitted"], ctx.tz)
                    time_note = f"Blackboard's Date Submitted: {info['submitted']}"
            except ValueError as exc:
                ctx.report.problem(entry.name, f"Blackboard's 'Date Submitted: {info['submitted']}' is not a "
                                   f"time ({exc}); the attempt time in the file name is used",
                                   "check the submission time in the Grade Center")
            if time is None:
                y, mo, d, h, mi, s = (int(x) for x in when.split("-"))
                time = datetime.datetime(y, mo, d, h, mi, s, tzinfo=ctx.tz).astimezone(datetime.UTC)
                time_note = f"Blackboard's attempt time {when} read in {ctx.tz_name}"
                ctx.zone_used("Blackboard's attempt times")
            person = Person("blackboard", key=f"blackboard:{username}", name=info.get("name", ""),
                            id_hint=slug(username), tag=slug(username), extra={"username": username})
            out.append(Candidate(person, ctx.notebooks[notebook], notebook, entry, rank=(when, -copy),
                                 evidence=f"attempt {when}", time=time, time_note=time_note, note=note or ""))
            break
    return out, claimed
