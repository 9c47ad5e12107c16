"""Moodle: Assignment > "View all submissions" > "Download all submissions".

mod/assign/locallib.php (download_submissions) names each student's files with
    prefix = clean_filename(str_replace('_', ' ', <group name>- . fullname(user)) . '_' . <participant id>)
and, with "Download submissions in folders" on (the default since Moodle 3.1, user preference
assign_downloadasfolders):  <prefix>_assignsubmission_file_/<file path><file name>
with it off (flat):          <prefix>_assignsubmission_file_<file name>
Blind marking replaces the full name by get_string('participant', 'assign') ("Participant" in English). The
participant id is get_uniqueid_for_user(): a row of assign_user_mapping, so it is stable for one assignment but
differs between assignments; the person's e-mail (from the grading worksheet or the participants list, --roster)
is what links one student's submissions across assignments. The zip has no submission times: they are in the
grading worksheet's "Last modified (submission)" column.
"""

import re

from .model import Candidate, Person
from .naming import is_notebook

PART = re.compile(r"^(?P<name>.*?)_(?P<pid>\d+)_assignsubmission_(?P<plugin>[a-z0-9]+)_(?P<rest>.*)$", re.S)
# get_string('participant', 'assign') in a few languages, after clean_filename ("Teilnehmer/in" -> "Teilnehmerin")
BLIND = {"participant", "teilnehmerin", "teilnehmer", "participante", "partecipante", "deelnemer", "uczestnik",
         "osallistuja", "deltagare", "účastník", "参加者", "参与者", "участник"}


def person_of(m):
    name, pid = m.group("name").strip(), m.group("pid")
    if name.casefold() in BLIND:
        return Person("moodle", alias=f"moodle:participant:{pid}", id_hint="participant", tag=pid, anonymous=True,
                      extra={"participant": pid})
    return Person("moodle", alias=f"moodle:participant:{pid}", name=name, id_hint=name, tag=pid,
                  extra={"participant": pid})


def parse(entries, ctx):
    out, claimed = [], set()
    for entry in entries:
        for depth, part in enumerate(entry.parts):
            m = PART.match(part)
            if m is None:
                continue
            last = depth == len(entry.parts) - 1
            if last and not m.group("rest"):
                continue
            claimed.add(id(entry))
            leaf = m.group("rest") if last else entry.filename
            if m.group("plugin") != "file" or not is_notebook(leaf):
                ctx.other_file(entry, leaf)
                break
            notebook, copy, note = ctx.notebook_of(leaf)
            if notebook is None:
                ctx.unknown_notebook(entry, leaf)
                break
            when = entry.mtime.timestamp() if entry.mtime else 0
            out.append(Candidate(person_of(m), ctx.notebooks[notebook], notebook, entry, rank=(when, -copy),
                                 evidence=f"Moodle's file time {entry.mtime:%Y-%m-%d %H:%M}" if entry.mtime else
                                 "no file time", time_note="Moodle's download has no submission times",
                                 note=note or ""))
            break
    return out, claimed
