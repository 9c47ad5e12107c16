"""The LMS's own roster or gradebook CSV (collect --roster, export --roster): names, e-mails and ids.

Recognised by their headers, as each LMS writes them:
- Canvas Grades > Export "Entire Gradebook" (lib/gradebook_exporter.rb): Student ("Last, First", its sortable
  name), ID, SIS User ID, SIS Login ID, Section, then one column per assignment "Title (assignment id)", and a
  "Points Possible" row;
- Moodle assignment "Download grading worksheet" (mod/assign/gradingtable.php): Identifier ("Participant 17"),
  Full name, the identity fields (Email address), Status, Grade, Maximum grade, ..., Last modified (submission),
  Last modified (grade), Feedback comments;
- Moodle Participants > "Download table data as CSV": First name, Last name, Email address;
- Blackboard Grade Center > Work Offline > Download: Last Name, First Name, Username, Student ID, ...,
  "Column [Total Pts: 10 Score] |12345";
- a Gradescope roster: Name / First Name + Last Name, Email, SID.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from .model import Person

CANVAS_COLUMN = re.compile(r"^(?P<title>.*)\s\((?P<id>\d+)\)$")
BB_COLUMN = re.compile(r"^(?P<title>.*?)\s*(?:\[[^\]]*\])?\s*\|(?P<id>\d+)$")
PARTICIPANT = re.compile(r"^\D*?\s*(?P<n>\d+)$")


@dataclass
class Roster:
    path: Path
    lms: str
    header: list
    rows: list                         # the data rows, as dicts by header (the Canvas "Points Possible" row excluded)
    people: list = field(default_factory=list)
    points: dict = field(default_factory=dict)   # Canvas/Blackboard column header -> points possible
    text_encoding: str = "utf-8"

    def by(self, attr):
        out = {}
        for p in self.people:
            value = getattr(p, attr)
            if value:
                out.setdefault(value, p)
        return out


def _col(header, *names):
    low = {h.strip().casefold(): h for h in header}
    for n in names:
        if n.casefold() in low:
            return low[n.casefold()]
    return None


def read(path):
    """A Roster; ValueError naming the file when its columns are not those of a known LMS export."""
    path = Path(path)
    raw = path.read_bytes()
    for enc in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    sample = text[:4096]
    delim = ";" if sample.count(";") > sample.count(",") and sample.count(";") > sample.count("\t") else \
        "\t" if sample.count("\t") > sample.count(",") else ","
    table = list(csv.reader(io.StringIO(text), delimiter=delim))
    if not table or not table[0]:
        raise ValueError(f"--roster {path}: empty file")
    header = [h.strip() for h in table[0]]
    rows = [dict(zip(header, [c.strip() for c in r])) for r in table[1:] if any(c.strip() for c in r)]
    r = None
    if _col(header, "SIS Login ID") or (header[0].casefold().startswith("student") and _col(header, "ID")
                                        and _col(header, "Section")):
        r = _canvas(path, header, rows)
    elif _col(header, "Identifier") or (rows and all(PARTICIPANT.match(x.get(header[0], "")) for x in rows[:5])
                                        and _col(header, "Grade")):
        r = _moodle_worksheet(path, header, rows)
    elif _col(header, "Username") and _col(header, "Last Name"):
        r = _blackboard(path, header, rows)
    elif _col(header, "First name") and _col(header, "Last name") and _col(header, "Email address"):
        r = _moodle_participants(path, header, rows)
    elif _col(header, "Email") and (_col(header, "SID") or _col(header, "Name", "Full Name")):
        r = _gradescope(path, header, rows)
    if r is None:
        raise ValueError(f"--roster {path}: not a roster this tool knows (columns: {', '.join(header[:8])}); "
                         "expected a Canvas gradebook export, a Moodle grading worksheet or participants list, a "
                         "Blackboard Grade Center download or a Gradescope roster")
    return r


def _canvas(path, header, rows):
    student = header[0]
    r = Roster(path, "canvas", header, [])
    for row in rows:
        name = row.get(student, "")
        if "Points Possible" in name:
            r.points = {h: row.get(h, "") for h in header[5:]}
            continue
        if not row.get("ID", "").isdigit():  # the "Manual Posting"/"Muted" row
            continue
        r.rows.append(row)
        last, _, first = name.partition(", ")
        if name.startswith('="') and name.endswith('"'):
            name = name[2:-1]
        r.people.append(Person("canvas", key=f"canvas:{row['ID']}", name=name, first=first.strip() if first else
                               name, last=last.strip() if first else "", id_hint=f"{first} {last}" if first else name,
                               tag=row["ID"], extra={k: v for k, v in {
                                   "canvas_user_id": row["ID"], "sis_user_id": row.get("SIS User ID", ""),
                                   "sis_login_id": row.get("SIS Login ID", ""), "section": row.get("Section", "")
                               }.items() if v}))
    return r


def _moodle_worksheet(path, header, rows):
    ident = _col(header, "Identifier") or header[0]
    name, email = _col(header, "Full name"), _col(header, "Email address", "Email")
    r = Roster(path, "moodle-worksheet", header, rows)
    for row in rows:
        m = PARTICIPANT.match(row.get(ident, ""))
        if not m:
            continue
        mail = row.get(email, "") if email else ""
        r.people.append(Person("moodle", key=f"moodle:{mail.casefold()}" if mail else None,
                               alias=f"moodle:participant:{m.group('n')}", name=row.get(name, "") if name else "",
                               email=mail, id_hint=row.get(name, "") if name else "participant", tag=m.group("n"),
                               extra={"participant": m.group("n"), "worksheet_row": row}))
    return r


def _moodle_participants(path, header, rows):
    first, last, email = _col(header, "First name"), _col(header, "Last name"), _col(header, "Email address")
    r = Roster(path, "moodle-participants", header, rows)
    for row in rows:
        mail = row.get(email, "")
        full = f"{row.get(first, '')} {row.get(last, '')}".strip()
        r.people.append(Person("moodle", key=f"moodle:{mail.casefold()}" if mail else None, name=full,
                               first=row.get(first, ""), last=row.get(last, ""), email=mail, id_hint=full))
    return r


def _blackboard(path, header, rows):
    user, first, last = _col(header, "Username"), _col(header, "First Name"), _col(header, "Last Name")
    r = Roster(path, "blackboard", header, rows)
    for row in rows:
        if not row.get(user):
            continue
        r.people.append(Person("blackboard", key=f"blackboard:{row[user]}", name=f"{row.get(first, '')} "
                               f"{row.get(last, '')}".strip(), first=row.get(first, ""), last=row.get(last, ""),
                               id_hint=row[user], tag=row[user],
                               extra={"username": row[user], "student_id": row.get("Student ID", "")}))
    for h in header:
        m = re.search(r"\[Total Pts:\s*([\d.]+)", h)
        if m:
            r.points[h] = m.group(1)
    return r


def _gradescope(path, header, rows):
    email, sid = _col(header, "Email"), _col(header, "SID")
    name, first, last = _col(header, "Name", "Full Name"), _col(header, "First Name"), _col(header, "Last Name")
    r = Roster(path, "gradescope", header, rows)
    for row in rows:
        mail = row.get(email, "")
        if not mail:
            continue
        full = row.get(name, "") if name else f"{row.get(first, '')} {row.get(last, '')}".strip()
        r.people.append(Person("gradescope", key=f"gradescope:{mail.casefold()}", name=full,
                               first=row.get(first, "") if first else "", last=row.get(last, "") if last else "",
                               email=mail, id_hint=full or mail, extra={"sid": row.get(sid, "") if sid else ""}))
    return r
