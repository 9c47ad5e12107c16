"""One student id per person, kept across downloads: the gradebook's Student rows hold the LMS's key
(lms_user_id, e.g. "canvas:48213") with names and e-mail; each submission's lms.json holds the per-assignment ids
(Moodle participant, Canvas anonymous id). A new person gets a readable id from the name, made unique with the
LMS's own id when two people share a name."""

import json

from .naming import same_name, slug, valid_id

RECORD = "lms.json"


def load_records(course):
    """{(student, assignment): lms.json dict} of what submitted/ already holds."""
    out = {}
    sub = course.path("submitted")
    for path in sorted(sub.glob(f"*/*/{RECORD}")) if sub.is_dir() else []:
        try:
            out[(path.parent.parent.name, path.parent.name)] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
    return out


class Directory:
    def __init__(self, students, records):
        self.students = students
        self.by_key = {v["lms_user_id"]: k for k, v in students.items() if v["lms_user_id"]}
        self.by_email = {}
        for k, v in students.items():
            if v["email"]:
                self.by_email.setdefault(v["email"].casefold(), set()).add(k)
        self.by_alias = {}
        self.aliased = set()     # (student, assignment) that already have an LMS alias
        for (student, assignment), rec in records.items():
            alias = (rec.get("person") or {}).get("alias")
            if alias:
                self.by_alias[(assignment, alias)] = student
                self.aliased.add((student, assignment))
        self.taken = set(students) | {s for s, _ in records}

    def full_name(self, sid):
        v = self.students.get(sid, {})
        return " ".join(x for x in (v.get("first_name", ""), v.get("last_name", "")) if x)

    def existing(self, person, assignment):
        """(student id, note) for a person already known, or (None, None)."""
        if person.student_id:
            return person.student_id, None
        if person.key and person.key in self.by_key:
            return self.by_key[person.key], None
        if person.alias and (assignment, person.alias) in self.by_alias:
            return self.by_alias[(assignment, person.alias)], None
        if person.email and len(self.by_email.get(person.email.casefold(), ())) == 1:
            return next(iter(self.by_email[person.email.casefold()])), None
        if person.key is None and person.name and not person.anonymous:  # Moodle without a roster
            same = [s for s in self.students if same_name(self.full_name(s), person.name)
                    and (s, assignment) not in self.aliased
                    and (not self.students[s]["lms_user_id"] or self.students[s]["lms_user_id"].startswith(
                        person.lms + ":"))]
            if len(same) == 1:
                return same[0], (f"{person.name} (participant {person.tag} of {assignment}) matched by name to "
                                 f"{same[0]}: give --roster with e-mails to match on them instead")
        return None, None

    def assign(self, people):
        """{token: student id} for people not yet known; `people` is {token: (person, assignment)}."""
        wanted = {}
        for token, (person, _) in people.items():
            base = slug(person.id_hint or person.name) or person.lms
            if not valid_id(base):
                base = f"{person.lms}_{base}".strip("_")
            wanted.setdefault(base, []).append((token, person))
        out = {}
        for base, group in sorted(wanted.items()):
            for token, person in sorted(group, key=lambda g: str(g[1].tag)):
                sid = base
                if len(group) > 1 or base in self.taken or person.anonymous:
                    sid = f"{base}_{slug(person.tag) or 'x'}"
                n = 2
                while sid in self.taken:
                    sid, n = f"{base}_{slug(person.tag) or 'x'}_{n}", n + 1
                self.taken.add(sid)
                out[token] = sid
        return out


def token(person, assignment):
    """What makes two parsed persons the same person within one collect."""
    if person.student_id:
        return ("id", person.student_id)
    if person.key:
        return ("key", person.key)
    if person.alias:
        return ("alias", assignment, person.alias)
    return ("name", person.lms, person.name)
