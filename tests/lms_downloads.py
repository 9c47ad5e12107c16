"""Bulk downloads written the way each LMS writes them, from the LMSs' own code (not from our parsers).

canvas_member: canvas-lms lib/content_zipper.rb (get_filename, sanitize_user_name, sanitize_file_name) and
app/models/attachment.rb (make_unique_filename); moodle_member: mod/assign/locallib.php download_submissions
(prefix, clean_filename, assign_downloadasfolders); blackboard_attempt: Grade Center "Assignment File Download"
(name and .txt as nbgrader's zip_collect docs and CodeGrade's parser show them); gradescope_export: "Export
Submissions" (assignment_<id>_export/, submission_<id>/, submission_metadata.yml with Ruby-symbol keys).
"""

import io
import re
import struct
import zipfile


# ------------------------------------------------------------------------------------------------------ Canvas
def canvas_member(sortable_name, user_id, attachment_id, display_name, *, late=False, anon_id=None):
    users_name = None
    if anon_id is None:
        users_name = re.sub(r"_(\d+)_", r"\1", sortable_name).lower()       # sanitize_user_name
    ident = f"anon_{anon_id}" if anon_id is not None else str(user_id)
    filename = "_".join(x for x in (users_name, "LATE" if late else None, ident) if x is not None)
    filename = re.sub(r"[^\w]", "", filename)                               # gsub(/[^[[:word:]]]/, "")
    display = re.sub(r'[\x00/\\:*?"<>|]+', "_", display_name)               # sanitize_attachment_filename
    return f"{filename}_{attachment_id}_{display}"


def canvas_resubmitted(display_name, n):
    """The display name Canvas gives the n-th re-upload of a same-named file: name-1.ext, name-2.ext ..."""
    stem, dot, ext = display_name.rpartition(".")
    return f"{stem}-{n}.{ext}" if dot else f"{display_name}-{n}"


# ------------------------------------------------------------------------------------------------------ Moodle
def clean_filename(text):
    """Moodle's clean_param(PARAM_FILE), the part that matters here: no / \\ : * ? " < > | or control chars."""
    return re.sub(r'[\x00-\x1f/\\:*?"<>|]', "", text)


def moodle_member(fullname, participant_id, filename, *, folders=True, blind=False, group=""):
    who = "Participant" if blind else fullname
    prefix = clean_filename(f"{group}{who}".replace("_", " ") + f"_{participant_id}")
    if folders:
        return clean_filename(f"{prefix}_assignsubmission_file_") + f"/{filename}"
    return clean_filename(f"{prefix}_assignsubmission_file_{filename}")


# -------------------------------------------------------------------------------------------------- Blackboard
def blackboard_attempt(assignment, username, name, when, files, *, submitted=None):
    """{member name: bytes} for one attempt: its files and its .txt. `when` is 'YYYY-MM-DD-HH-MM-SS'."""
    base = f"{assignment}_{username}_attempt_{when}"
    if submitted is None:  # Blackboard's long form, here without a zone
        import datetime

        t = datetime.datetime.strptime(when, "%Y-%m-%d-%H-%M-%S")
        submitted = f"{t:%A, %B} {t.day}, {t.year} {t.hour % 12 or 12}:{t:%M:%S} {'AM' if t.hour < 12 else 'PM'}"
    out = {f"{base}_{orig}": data for orig, data in files.items()}
    listing = "".join(f"\tOriginal filename: {orig}\n\tFilename: {base}_{orig}\n" for orig in files)
    out[f"{base}.txt"] = (f"Name: {name} ({username})\nAssignment: {assignment}\n"
                          f"Date Submitted: {submitted}\nCurrent Grade: Needs Grading\n\n"
                          "Submission Field:\nThere is no student submission text data for this assignment.\n\n"
                          "Comments:\nThere are no student comments for this assignment.\n\n"
                          f"Files:\n{listing}\n").encode()
    return out


# -------------------------------------------------------------------------------------------------- Gradescope
def gradescope_export(assignment_id, submissions):
    """{member: bytes}: submissions = [{"id", "submitters": [(name, sid, email)], "created_at", "files": {...}}]."""
    root = f"assignment_{assignment_id}_export"
    lines, out = [], {}
    for s in submissions:
        lines.append(f"submission_{s['id']}:\n  :submitters:\n")
        for name, sid, email in s["submitters"]:
            lines.append(f"  - :name: {name}\n    :sid: '{sid}'\n    :email: {email}\n")
        lines.append(f"  :created_at: {s['created_at']}\n  :score: !ruby/object:BigDecimal 18:0.0\n"
                     "  :history: []\n")
        for fname, data in s["files"].items():
            out[f"{root}/submission_{s['id']}/{fname}"] = data
    out[f"{root}/submission_metadata.yml"] = "".join(lines).encode()
    return out


# --------------------------------------------------------------------------------------------------------- zips
def write_zip(path, members, *, utf8_flag=True, stored=False):
    """A zip of {name: bytes}; utf8_flag=False writes UTF-8 names without the UTF-8 flag (rubyzip without
    Zip.unicode_names, many Windows tools)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    data = buf.getvalue()
    if not utf8_flag:
        data = _clear_utf8_flags(data)
    with open(path, "wb") as fh:
        fh.write(data)
    return path


def _clear_utf8_flags(data):
    data = bytearray(data)
    for sig, off in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(sig)
        while at >= 0:
            flags = struct.unpack_from("<H", data, at + off)[0]
            struct.pack_into("<H", data, at + off, flags & ~0x800)
            at = data.find(sig, at + 4)
    return bytes(data)


def corrupt_member(path, name):
    """Flip a byte inside one stored member's data: its CRC no longer matches."""
    data = bytearray(open(path, "rb").read())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(name)
    at = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + info.compress_size // 2
    data[at] ^= 0xFF
    open(path, "wb").write(bytes(data))


def lie_in_local_header(path, name, other):
    """Make one member's local header name another file (same length): the central directory disagrees."""
    assert len(name.encode()) == len(other.encode())
    data = bytearray(open(path, "rb").read())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(name)
    at = info.header_offset + 30
    data[at:at + len(other.encode())] = other.encode()
    open(path, "wb").write(bytes(data))


def symlink_member(path, name, target):
    """Append a member that is a symbolic link (Unix mode S_IFLNK in the external attributes)."""
    with zipfile.ZipFile(path, "a") as zf:
        info = zipfile.ZipInfo(name)
        info.create_system = 3
        info.external_attr = (0o120777 << 16)
        zf.writestr(info, target)
