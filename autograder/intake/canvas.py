"""Canvas: Assignments > (an assignment) > "Download Submissions" — one zip, one file per uploaded attachment.

canvas-lms lib/content_zipper.rb builds each name as

    <user part>_<attachment id>_<display name of the attachment>
    <user part> = [<sortable name>, "LATE" if submission.late?, <user id> | "anon_<anonymous id>"].compact.join("_")

then strips every non-word character (gsub(/[^[[:word:]]]/, "")): the sortable name "Müller, Élodie" becomes
"müllerélodie" (lowercased by sanitize_user_name, which also removes "_<digits>_" from names), so the name is
readable but carries no first/last split; anonymous grading leaves the name out ("anon_aB3dE", "LATE_anon_aB3dE").
The attachment id is a database serial: a later upload has a larger one. Resubmitting a file of the same name makes
Canvas rename it "name-1.ipynb", "name-2.ipynb" (app/models/attachment.rb make_unique_filename; "name-<uuid>" from
the 8th). The zip holds only the current attempt, and its member times are the time the zip was made (rubyzip's
Entry defaults to DOSTime.now), so the `LATE` flag is the only lateness Canvas gives here.
"""

import re

from .model import Candidate, Person
from .naming import is_notebook

ANON = re.compile(r"^[0-9A-Za-z]{1,16}$")


def parse_name(part):
    """{'name', 'late', 'user_id' | 'anon_id', 'attachment_id', 'file'} for a Canvas member name, or None."""
    tokens = part.split("_")
    for i in range(len(tokens) - 2):
        late = i > 0 and tokens[i - 1] == "LATE"  # the name is lowercased: an upper-case LATE is the flag
        name = "_".join(tokens[:i - 1] if late else tokens[:i])
        if tokens[i] == "anon" and i + 3 < len(tokens) and ANON.match(tokens[i + 1]) and tokens[i + 2].isdigit():
            return {"name": name, "late": late, "anon_id": tokens[i + 1], "attachment_id": int(tokens[i + 2]),
                    "file": "_".join(tokens[i + 3:])}
        if tokens[i].isdigit() and tokens[i + 1].isdigit():
            return {"name": name, "late": late, "user_id": tokens[i], "attachment_id": int(tokens[i + 1]),
                    "file": "_".join(tokens[i + 2:])}
    return None


def person_of(fields):
    if "anon_id" in fields:
        return Person("canvas", alias=f"canvas:anon:{fields['anon_id']}", id_hint="anon", tag=fields["anon_id"],
                      anonymous=True, extra={"anonymous_id": fields["anon_id"]})
    uid = fields["user_id"]
    return Person("canvas", key=f"canvas:{uid}", name=fields["name"], id_hint=fields["name"] or f"canvas_{uid}",
                  tag=uid, extra={"canvas_user_id": uid})


def parse(entries, ctx):
    """Candidates for the entries named the Canvas way; returns (candidates, claimed entries)."""
    out, claimed = [], set()
    for entry in entries:
        for depth, part in enumerate(entry.parts):
            fields = parse_name(part)
            if fields is None or (depth == len(entry.parts) - 1 and not fields["file"]):
                continue
            claimed.add(id(entry))
            leaf = fields["file"] if depth == len(entry.parts) - 1 else entry.filename
            if not is_notebook(leaf):
                ctx.other_file(entry, leaf)
                break
            notebook, copy, note = ctx.notebook_of(leaf)
            if notebook is None:
                ctx.unknown_notebook(entry, leaf)
                break
            late = fields["late"]
            out.append(Candidate(
                person_of(fields), ctx.notebooks[notebook], notebook, entry,
                rank=(fields["attachment_id"], copy), evidence=f"attachment {fields['attachment_id']}"
                + (f" ({leaf})" if copy else ""), late=late,
                time_note="Canvas marks it LATE (its zip has no submission times)" if late else
                "Canvas does not mark it late (its zip has no submission times)", note=note or ""))
            break
    return out, claimed

