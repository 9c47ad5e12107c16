"""Reading a download safely: a zip (also a truncated one), a folder, or one file; and zips students uploaded.

Every entry is checked before anything trusts it: '..' and absolute paths, symlinks, encrypted or oversized
members, and members whose data turn out damaged (bad CRC, a local header that disagrees with the central
directory) are reported by name; the others are read. Nothing here writes a file: where a file goes is decided
from the course's own names, never from a path inside the download.
"""

import datetime
import io
import os
import stat
import struct
import zipfile
import zlib
from pathlib import Path

from ..policy import DEFAULT
from .model import Entry, EntryError

MAX_FILE_BYTES = DEFAULT.collect_bytes              # one notebook (the grading policy's collect size)
MAX_STUDENT_ZIP_BYTES = DEFAULT.collect_zip_bytes   # everything inside one zip a student uploaded
JUNK = {".DS_Store", "Thumbs.db", "desktop.ini"}
ZIP_FAULTS = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError, OSError,
              struct.error)


def _fix_name(info):
    """A member's name as its writer meant it: rubyzip (Canvas before Zip.unicode_names, canvas-lms
    config/initializers/zip.rb) and many Windows tools store UTF-8 names without the UTF-8 flag, which Python
    then decodes as cp437 ("mÃ¼ller"); such names are decoded as UTF-8 again."""
    name = info.filename
    if not info.flag_bits & 0x800:
        try:
            name = name.encode("cp437").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    return name


def split_path(name):
    """(parts, reason): the path split on '/' and on '\\' (Windows-made zips; canvas-lms's zip initializer does
    the same), or (None, why it is refused) for '..' parts, absolute paths and drive letters."""
    text = name.replace("\\", "/")
    if text.startswith("/") or (len(text) > 1 and text[1] == ":"):
        return None, "an absolute path"
    parts = tuple(p for p in text.split("/") if p not in ("", "."))
    if ".." in parts:
        return None, "a path with '..' (it points outside the download)"
    return parts, None


def _skip(parts):
    return not parts or parts[0] == "__MACOSX" or parts[-1] in JUNK or parts[-1].startswith("._")


def _dos_time(date_time):
    try:
        return datetime.datetime(*date_time)
    except (TypeError, ValueError):
        return None


def _capped_reader(zf, info, label, limit=MAX_FILE_BYTES):
    def read():
        try:
            with zf.open(info) as fh:
                data = fh.read(limit + 1)
        except ZIP_FAULTS as exc:
            raise EntryError(f"damaged in the zip ({type(exc).__name__}: {exc})") from None
        if len(data) > limit:  # the header said less: it lied
            raise EntryError(f"larger than {limit >> 20} MiB once unpacked (its header says {info.file_size} bytes)")
        return data
    return read


class Download:
    """The entries of one download; `problems` lists (name, what, fix) for what could not be taken."""

    def __init__(self, path):
        self.path = Path(path)
        self.label = self.path.name
        self.entries = []
        self.problems = []
        self._open = []
        if self.path.is_dir():
            self._folder()
        elif self.path.is_file():
            with self.path.open("rb") as fh:
                head = fh.read(4)
            if zipfile.is_zipfile(self.path):
                self._zip(zipfile.ZipFile(self.path), (), self.label)
            elif head == b"PK\x03\x04":
                self._salvage()
            else:
                self._single()
        else:
            raise FileNotFoundError(f"{path}: no such file or folder (expected a folder, a .zip or a notebook)")

    def close(self):
        for zf in self._open:
            zf.close()

    def _problem(self, name, what, fix):
        self.problems.append((name, what, fix))

    # ------------------------------------------------------------------------------------------------ sources
    def _single(self):
        p = self.path
        size = p.stat().st_size
        self.entries.append(Entry((p.name,), p.name, size, lambda: _read_file(p),
                                  datetime.datetime.fromtimestamp(p.stat().st_mtime, datetime.UTC)))

    def _folder(self):
        root = self.path
        for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
            rel = Path(dirpath).relative_to(root)
            for d in list(dirnames):
                if (Path(dirpath) / d).is_symlink():
                    dirnames.remove(d)
                    self._problem(f"{self.label}/{(rel / d).as_posix()}", "a symbolic link to a folder; not followed",
                                  "copy the real files into the download if they belong to it")
            dirnames.sort()
            for f in sorted(filenames):
                path = Path(dirpath) / f
                parts = tuple((rel / f).parts)
                name = f"{self.label}/{'/'.join(parts)}"
                if _skip(parts):
                    continue
                st = path.lstat()
                if stat.S_ISLNK(st.st_mode):
                    self._problem(name, "a symbolic link; not followed (it could point at any file on this machine)",
                                  "replace it with the student's real file")
                    continue
                if not stat.S_ISREG(st.st_mode):
                    self._problem(name, "not a regular file; skipped", "")
                    continue
                self._add(Entry(parts, name, st.st_size, (lambda p=path: _read_file(p)),
                                datetime.datetime.fromtimestamp(st.st_mtime, datetime.UTC)))

    def _zip(self, zf, prefix, label, inner=False):
        self._open.append(zf)
        total = 0
        for info in zf.infolist():
            if info.is_dir():
                continue
            raw = _fix_name(info)
            parts, why = split_path(raw)
            name = f"{label}:{raw}" if not inner else f"{label}!{raw}"
            if parts is None:
                self._problem(name, f"{why}; skipped, nothing written", "if it is a real submission, extract it "
                              "by hand and use collect --student ID --assignment NAME FILE")
                continue
            if _skip(parts):
                continue
            if (info.external_attr >> 16) and stat.S_ISLNK(info.external_attr >> 16):
                self._problem(name, "a symbolic link inside the zip; not followed", "")
                continue
            if info.flag_bits & 0x1:
                self._problem(name, "encrypted; cannot be read", "ask the student for an unencrypted file")
                continue
            if info.file_size > MAX_FILE_BYTES:
                self._problem(name, f"{info.file_size >> 20} MiB: larger than the {MAX_FILE_BYTES >> 20} MiB limit; "
                              "skipped", "ask the student to clear the outputs and submit again")
                continue
            total += info.file_size
            if inner and total > MAX_STUDENT_ZIP_BYTES:
                self._problem(name, f"the student's zip unpacks to more than {MAX_STUDENT_ZIP_BYTES >> 20} MiB; "
                              "the rest of it is skipped", "ask the student for the notebook itself")
                break
            self._add(Entry(prefix + parts if inner else parts, name, info.file_size,
                            _capped_reader(zf, info, name), _dos_time(info.date_time), inner=inner))

    def _add(self, entry):
        if entry.filename.lower().endswith(".zip") and not entry.inner:
            self._student_zip(entry)
        elif entry.filename.lower().endswith(".zip"):
            self._problem(entry.name, "a zip inside a zip a student uploaded; not opened",
                          "extract it by hand and use collect --student ID --assignment NAME FILE")
        else:
            self.entries.append(entry)

    def _student_zip(self, entry):
        """A zip a student uploaded (or an instructor's download of several downloads): its members become
        entries of their own, attributed through the zip's own name (its path is the prefix)."""
        try:
            data = entry.read()
            zf = zipfile.ZipFile(io.BytesIO(data))
        except (EntryError, *ZIP_FAULTS) as exc:
            self._problem(entry.name, f"a .zip that cannot be opened ({exc})", "ask the student for the notebook")
            return
        self._zip(zf, entry.parts, entry.name, inner=True)

    def _salvage(self):
        """A zip whose end is missing (an interrupted download): its central directory is gone, so the complete
        members are read from their local headers, and the download is reported as truncated."""
        data = self.path.read_bytes()
        pos, found, broken = 0, 0, None
        while True:
            at = data.find(b"PK\x03\x04", pos)
            if at < 0 or at + 30 > len(data):
                break
            _, _, flag, method, mtime, mdate, crc, csize, _, nlen, xlen = struct.unpack("<IHHHHHIIIHH",
                                                                                     data[at:at + 30])
            rawname = data[at + 30:at + 30 + nlen]
            start = at + 30 + nlen + xlen
            name = rawname.decode("utf-8" if flag & 0x800 else "cp437", "replace")
            if not flag & 0x800:
                try:
                    name = rawname.decode("utf-8")
                except UnicodeDecodeError:
                    pass
            content, end = None, None
            if method == 8:
                d = zlib.decompressobj(-15)
                try:
                    content = d.decompress(data[start:], MAX_FILE_BYTES + 1)
                except zlib.error:
                    content = None
                if content is not None and d.eof:
                    end = len(data) - len(d.unused_data)
                else:
                    content = None
            elif method == 0 and not flag & 0x8:
                if start + csize <= len(data):
                    content, end = data[start:start + csize], start + csize
            if content is None:
                broken = name
                break
            if flag & 0x8:  # CRC and sizes follow the data, in a data descriptor
                desc = data[end:end + 16]
                off = 4 if desc[:4] == b"PK\x07\x08" else 0
                crc = struct.unpack("<I", desc[off:off + 4])[0] if len(desc) >= off + 4 else None
                end += off + 12
            if crc is not None and zlib.crc32(content) != crc:
                broken = name
                break
            pos = end
            if name.endswith("/"):
                continue
            parts, why = split_path(name)
            label = f"{self.label}:{name}"
            if parts is None:
                self._problem(label, f"{why}; skipped, nothing written", "")
                continue
            if _skip(parts):
                continue
            when = _dos_time(((mdate >> 9) + 1980, (mdate >> 5) & 15, mdate & 31, mtime >> 11, (mtime >> 5) & 63,
                              (mtime & 31) * 2))
            found += 1
            self._add(Entry(parts, label, len(content), (lambda c=content: c), when))
        self._problem(self.label, f"the zip is truncated (its end, with the list of members, is missing): "
                      f"{found} complete member(s) were read" + (f", the download breaks off in {broken!r}"
                                                                  if broken else ""),
                      "download it again from the LMS; the members read so far were collected")


def _read_file(path):
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise EntryError(f"cannot be read ({exc.strerror or exc})") from None
    if len(data) > MAX_FILE_BYTES:
        raise EntryError(f"larger than {MAX_FILE_BYTES >> 20} MiB")
    return data
