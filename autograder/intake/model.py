"""What a download is made of, on its way into submitted/: entries, people, candidate files, and the report."""

import datetime
from dataclasses import dataclass, field


class EntryError(Exception):
    """An entry of a download that cannot be read (bad CRC, a header that lies, a truncated member)."""


@dataclass
class Entry:
    """One file of a download (a zip member, a file of a folder, or a member of a student's own zip)."""
    parts: tuple          # its path, split on '/' (and on the '\\' of Windows-made zips)
    name: str             # how the report names it: "<download>:<path>" (or "<download>:<zip>!<path>")
    size: int
    read: object          # () -> bytes; raises EntryError
    mtime: datetime.datetime | None = None   # as stored (zip times carry no zone)
    inner: bool = False   # found inside a zip the student uploaded

    @property
    def filename(self):
        return self.parts[-1]


@dataclass
class Person:
    """Who a file belongs to, as the LMS tells it. `key` is the LMS's stable id of the person (kept in the
    gradebook as Student.lms_user_id); `alias` is an id the LMS gives per assignment (Moodle participant,
    Canvas anonymous id)."""
    lms: str                       # canvas | moodle | blackboard | gradescope | nbgrader | folder | manual
    key: str | None = None         # "canvas:48213", "blackboard:jdoe", "gradescope:ana@uni.edu", "moodle:ana@uni.edu"
    alias: str | None = None       # "moodle:participant:17", "canvas:anon:aB3dE"
    name: str = ""                 # the display name as the LMS spells it
    first: str = ""
    last: str = ""
    email: str = ""
    id_hint: str = ""              # what a new student id is made from
    tag: str = ""                  # the LMS's own id, appended to the new id when two people share a name
    anonymous: bool = False
    student_id: str | None = None  # nbgrader layouts and --student: the id itself
    extra: dict = field(default_factory=dict)  # sis_user_id, sis_login_id, section, sid, username, participant


@dataclass
class Candidate:
    """A file that may become submitted/<student>/<assignment>/<notebook>.ipynb."""
    person: Person
    assignment: str
    notebook: str
    entry: Entry
    rank: tuple = ()               # the LMS's evidence of recency; larger is newer
    evidence: str = ""             # that evidence in words ("attachment 901234", "attempt 2026-03-01 10:00:00")
    time: datetime.datetime | None = None   # submission time from the LMS, aware
    late: bool | None = None       # the LMS's own late flag (Canvas), when it gives no time
    time_note: str = ""            # where the time came from, or why there is none
    note: str = ""                 # e.g. "renamed file my_work.ipynb taken as fx_optim.ipynb"
    data: bytes | None = None


@dataclass
class Problem:
    name: str                      # the entry (or file) it is about
    what: str
    fix: str = ""

    def __str__(self):
        return f"{self.name}: {self.what}" + (f" — {self.fix}" if self.fix else "")


@dataclass
class Report:
    problems: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0                  # an older or empty file was offered; what submitted/ holds was kept
    students: set = field(default_factory=set)

    def problem(self, name, what, fix=""):
        self.problems.append(Problem(name, what, fix))

    def note(self, text):
        if text not in self.notes:
            self.notes.append(text)

    @property
    def collected(self):
        return self.new + self.updated + self.unchanged + self.kept
