"""Gradescope: an assignment's "Export Submissions" — assignment_<id>_export/ holding one submission_<id>/ folder
per submission and submission_metadata.yml, which maps each folder to its submitters:

    submission_409194023:
      :submitters:
      - :name: First Last
        :sid: '123456789'
        :email: first@uni.edu
      :created_at: 2026-04-26 17:34:00.861687000 Z
      :score: 2.0
      :history: [...]          # earlier submissions (their files are not in the export)

The folder id changes with every resubmission; the submitter's e-mail (Gradescope's account) and SID do not, so
the person is keyed on the e-mail. A group submission has several submitters: each gets the files.
"""

import datetime

import yaml

from .model import Candidate, EntryError, Person
from .naming import is_notebook, slug


class _Loader(yaml.SafeLoader):
    """Gradescope writes the file from Ruby: a tag such as !ruby/object:BigDecimal is read as plain data."""


def _untagged(loader, suffix, node):
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node, deep=True)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_scalar(node)


_Loader.add_multi_constructor("!", _untagged)


def _field(record, name):
    return record.get(f":{name}", record.get(name)) if isinstance(record, dict) else None


def _when(value, ctx):
    if isinstance(value, datetime.datetime):
        return value if value.tzinfo else value.replace(tzinfo=datetime.UTC)
    from .times import parse as parse_time

    return parse_time(str(value), datetime.UTC)


def parse(entries, ctx):
    out, claimed = [], set()
    for meta in [e for e in entries if e.filename == "submission_metadata.yml"]:
        root = meta.parts[:-1]
        claimed.add(id(meta))
        try:
            data = yaml.load(meta.read().decode("utf-8", "replace"), Loader=_Loader)  # noqa: S506 (safe subclass)
            if not isinstance(data, dict):
                raise ValueError("not a mapping of submissions")
        except (EntryError, yaml.YAMLError, ValueError) as exc:
            ctx.report.problem(meta.name, f"Gradescope's submission list cannot be read ({exc}); its submissions "
                               "cannot be attributed", "export the submissions from Gradescope again")
            continue
        inside = [e for e in entries if e.parts[:len(root)] == root and len(e.parts) > len(root) + 1
                  and e is not meta]
        for entry in inside:
            folder = entry.parts[len(root)]
            record = data.get(folder)
            claimed.add(id(entry))
            submitters = _field(record, "submitters") or []
            if not submitters:
                ctx.report.problem(entry.name, f"{folder} has no submitters in submission_metadata.yml; not "
                                   "collected", "link the submission to a student in Gradescope, or use "
                                   "collect --student ID --assignment NAME FILE")
                continue
            if not is_notebook(entry.filename):
                ctx.other_file(entry, entry.filename)
                continue
            notebook, copy, note = ctx.notebook_of(entry.filename)
            if notebook is None:
                ctx.unknown_notebook(entry, entry.filename)
                continue
            try:
                time = _when(_field(record, "created_at"), ctx)
                time_note = "Gradescope's created_at"
            except (ValueError, TypeError):
                time, time_note = None, ""
                ctx.report.problem(entry.name, f"Gradescope's created_at {_field(record, 'created_at')!r} is not a "
                                   "time; the submission has no time", "check its time in Gradescope")
            sub_id = int("".join(c for c in folder if c.isdigit()) or 0)
            for who in submitters:
                email = str(_field(who, "email") or "").strip()
                sid = str(_field(who, "sid") or "").strip()
                name = str(_field(who, "name") or "").strip()
                if not (email or sid):
                    ctx.report.problem(entry.name, f"a submitter of {folder} has neither e-mail nor SID; skipped",
                                       "use collect --student ID --assignment NAME FILE")
                    continue
                key = f"gradescope:{email.casefold()}" if email else f"gradescope:sid:{sid}"
                person = Person("gradescope", key=key, name=name, email=email,
                                id_hint=name or email.split("@")[0] or sid, tag=slug(sid or email.split("@")[0]),
                                extra={"sid": sid, "email": email})
                out.append(Candidate(person, ctx.notebooks[notebook], notebook, entry,
                                     rank=(time.timestamp() if time else 0, sub_id, -copy),
                                     evidence=f"{folder}" + (f" created {time:%Y-%m-%d %H:%M:%S}" if time else ""),
                                     time=time, time_note=time_note, note=note or ""))
    return out, claimed
