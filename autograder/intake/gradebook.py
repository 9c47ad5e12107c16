"""The gradebook facts collect reads and writes: students (names, e-mail, LMS key) and due dates.

nbgrader's gradebook stays the one source of truth. An existing gradebook is read and written with sqlite3 on
nbgrader 0.9's own tables (student: id, first_name, last_name, email, lms_user_id; assignment: name, duedate as
naive UTC), because importing nbgrader costs seconds — more than collecting 200 students; a missing gradebook, a
schema that is not that one, and new assignment rows (--due before release) go through nbgrader's Gradebook API.
"""

import contextlib
import datetime
import sqlite3

STUDENT = {"id", "first_name", "last_name", "email", "lms_user_id"}
ASSIGNMENT = {"name", "duedate"}


@contextlib.contextmanager
def _db(course):
    """A sqlite3 connection to the gradebook if it has nbgrader 0.9's tables, else None."""
    path = course.path(course.db_name)
    if not path.exists():
        yield None
        return
    con = sqlite3.connect(path, timeout=60)
    try:
        cols = {t: {r[1] for r in con.execute(f"PRAGMA table_info({t})")} for t in ("student", "assignment")}
        yield con if STUDENT <= cols["student"] and ASSIGNMENT <= cols["assignment"] else None
    finally:
        con.close()


def _nbgrader(course):
    from nbgrader.api import Gradebook

    return Gradebook(course.db_url)


def students(course):
    """{id: {first_name, last_name, email, lms_user_id}} ({} before the gradebook exists)."""
    with _db(course) as con:
        if con is not None:
            rows = con.execute("SELECT id, first_name, last_name, email, lms_user_id FROM student").fetchall()
            return {r[0]: {"first_name": r[1] or "", "last_name": r[2] or "", "email": r[3] or "",
                           "lms_user_id": r[4] or ""} for r in rows}
    if not course.path(course.db_name).exists():
        return {}
    with _nbgrader(course) as gb:
        return {s.id: {"first_name": s.first_name or "", "last_name": s.last_name or "", "email": s.email or "",
                       "lms_user_id": s.lms_user_id or ""} for s in gb.students}


def due_dates(course, assignments, set_to=None):
    """{assignment: aware UTC due date or None}; `set_to` (aware) is written first, as nbgrader stores it."""
    if set_to is not None:
        naive = set_to.astimezone(datetime.UTC).replace(tzinfo=None)
        missing = set(assignments)
        with _db(course) as con:
            if con is not None:
                with con:
                    for a in assignments:
                        if con.execute("UPDATE assignment SET duedate = ? WHERE name = ?",
                                       (naive.isoformat(sep=" ", timespec="microseconds"), a)).rowcount:
                            missing.discard(a)
        if missing:  # not released yet: nbgrader makes the assignment row
            with _nbgrader(course) as gb:
                for a in sorted(missing):
                    gb.update_or_create_assignment(a, duedate=naive)
    out = dict.fromkeys(assignments)
    with _db(course) as con:
        if con is None:
            return out
        for name, due in con.execute("SELECT name, duedate FROM assignment"):
            if name in out and due:
                out[name] = datetime.datetime.fromisoformat(str(due)).replace(tzinfo=datetime.UTC)
    return out


def save_people(course, people):
    """Names, e-mail and LMS key of each {student id: Person} into the gradebook, in one transaction. A field the
    LMS did not give keeps its value, and a student's LMS key, once set, is not replaced."""
    if not course.path(course.db_name).exists():
        _nbgrader(course).close()  # nbgrader creates the gradebook (tables and alembic version)
    known = students(course)
    rows = []
    for sid, p in sorted(people.items()):
        fields = {"first_name": p.first or (p.name if not p.last and p.lms != "canvas" else ""),
                  "last_name": p.last, "email": p.email, "lms_user_id": p.key}
        old = known.get(sid)
        if old is not None:
            if old["lms_user_id"]:
                fields.pop("lms_user_id")
            fields = {k: v for k, v in fields.items() if v and old.get(k) != v}
            if fields:
                rows.append(("update", sid, fields))
        else:
            rows.append(("insert", sid, {k: v or None for k, v in fields.items()}))
    if not rows:
        return
    with _db(course) as con:
        if con is None:
            with _nbgrader(course) as gb:
                for _, sid, fields in rows:
                    gb.update_or_create_student(sid, **{k: v for k, v in fields.items() if v})
            return
        with con:
            for how, sid, fields in rows:
                if how == "insert":
                    con.execute("INSERT INTO student (id, first_name, last_name, email, lms_user_id) "
                                "VALUES (?, ?, ?, ?, ?)", (sid, fields["first_name"], fields["last_name"],
                                                           fields["email"], fields["lms_user_id"]))
                else:
                    sets = ", ".join(f"{k} = ?" for k in fields)
                    con.execute(f"UPDATE student SET {sets} WHERE id = ?", (*fields.values(), sid))
