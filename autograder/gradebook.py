"""The gradebook transaction: one graded submission is written in ONE sqlite transaction (retried with backoff
while the database is locked), then its staged autograded folder replaces the old one."""

import contextlib
import json
import logging
import os
import shutil
import sqlite3
import time
import warnings
from pathlib import Path

from .course import parse_utc

log = logging.getLogger("autograder")


@contextlib.contextmanager
def atomic(gb):
    """Every commit() inside becomes a flush: the whole block is ONE sqlite transaction (all or nothing)."""
    session = gb.db
    real_commit = session.commit
    session.commit = session.flush
    try:
        yield gb
        del session.commit
        real_commit()
    except BaseException:
        with contextlib.suppress(Exception):
            del session.commit
        session.rollback()
        raise


def with_gradebook(course, fn, *, attempts=12, first_delay=0.1, log_=None, books=None):
    """Run fn(gb) in one transaction; retry with exponential backoff while the database is locked or busy.
    `books` (a dict) keeps the Gradebook open between calls of one run (opening one costs ~0.2 s)."""
    import sqlalchemy.exc
    from nbgrader.api import Gradebook

    books = {} if books is None else books
    delay = first_delay
    for attempt in range(attempts):
        gb = books.get(course.db_url)
        try:
            if gb is None:
                gb = books[course.db_url] = Gradebook(course.db_url)
            with atomic(gb):
                return fn(gb)
        except (sqlalchemy.exc.OperationalError, sqlite3.OperationalError) as exc:
            books.pop(course.db_url, None)
            if gb is not None:
                with contextlib.suppress(Exception):
                    gb.close()
            text = str(exc).lower()
            if ("locked" not in text and "busy" not in text) or attempt == attempts - 1:
                raise
            (log_ or log).warning("gradebook is busy (%s); retrying in %.1f s", text.splitlines()[0][:80], delay)
            time.sleep(delay)
            delay = min(delay * 2, 5.0)
        except BaseException:
            books.pop(course.db_url, None)
            if gb is not None:
                with contextlib.suppress(Exception):
                    gb.close()
            raise


def record(course, result, books=None):
    """Write one graded submission into the gradebook (one transaction), then publish its autograded folder."""
    student, assignment = result["student"], result["assignment"]

    def write(gb):
        gb.update_or_create_student(student)
        kwargs = {"timestamp": parse_utc(result["timestamp"]).replace(tzinfo=None)} if result["timestamp"] else {}
        gb.update_or_create_submission(assignment, student, **kwargs)
        for nb_name, nb in result["notebooks"].items():
            for gid, cell in nb["cells"].items():
                grade = gb.find_grade(gid, nb_name, assignment, student)
                grade.auto_score = cell["score"]
                grade.needs_manual_grade = grade.manual_score is not None or grade.auto_score is None
            for gid, comment_text in nb["comments"].items():
                comment = gb.find_comment(gid, nb_name, assignment, student)
                comment.auto_comment = comment_text
            gb.db.commit()

    with warnings.catch_warnings():  # nbgrader's own autoflush SAWarnings while it creates the rows
        warnings.simplefilter("ignore")
        with_gradebook(course, write, books=books)
    staging = Path(result["staging"])
    dest = course.path("autograded", student, assignment)
    if dest.exists():
        old = dest.with_name(f".{assignment}.old")
        shutil.rmtree(old, ignore_errors=True)
        os.replace(dest, old)
        os.replace(staging, dest)
        shutil.rmtree(old, ignore_errors=True)
    else:
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging, dest)
    results = course.path("reports", "results", assignment)
    results.mkdir(parents=True, exist_ok=True)
    tmp = results / f".{student}.json.tmp"
    tmp.write_text(json.dumps(result, indent=1, default=str))
    os.replace(tmp, results / f"{student}.json")
