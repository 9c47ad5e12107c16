"""Keep what a person wrote in release/ when the student versions are rebuilt.

`nbgrader generate_assignment --force` deletes release/<assignment>/ and writes it afresh, and `make lab` runs it
whenever a source notebook changes (JupyterLab's autosave is such a change). So the release command records the
SHA-256 of every file it generated in release/.generated.json; before the next rebuild, every file under
release/<assignment>/ that differs from that record (edited, or not made by the release at all) is copied to
release-edited/<assignment>/<name>.<UTC time><suffix> outside release/, and the command says so.

    guard = ReleaseGuard(course_root)
    for message in guard.keep_edited(names): print(message)   # before generate_assignment
    guard.record(names_that_were_generated)                   # after it
"""

import datetime
import hashlib
import json
import shutil
from pathlib import Path

MANIFEST = ".generated.json"
KEPT_DIR = "release-edited"
SKIPPED_PARTS = {".ipynb_checkpoints", "__pycache__"}  # JupyterLab's and Python's caches: not a person's work


def _sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


class ReleaseGuard:
    """The record of generated files under <root>/release and the place edited copies go (<root>/release-edited)."""

    def __init__(self, root):
        self.release = Path(root) / "release"
        self.kept = Path(root) / KEPT_DIR
        self.manifest = self.release / MANIFEST

    def _recorded(self):
        try:
            data = json.loads(self.manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _files(self, assignment):
        folder = self.release / assignment
        if not folder.is_dir():
            return []
        return sorted(p for p in folder.rglob("*")
                      if p.is_file() and not SKIPPED_PARTS.intersection(p.relative_to(folder).parts))

    def edited(self, assignment):
        """Files under release/<assignment>/ that are not byte for byte what the last release generated."""
        recorded = self._recorded()
        return [p for p in self._files(assignment)
                if recorded.get(p.relative_to(self.release).as_posix()) != _sha256(p)]

    def keep_edited(self, assignments):
        """Copy every edited file of these assignments to release-edited/; return one message per file kept."""
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S")
        messages = []
        for assignment in assignments:
            for path in self.edited(assignment):
                relative = path.relative_to(self.release / assignment)
                target = self.kept / assignment / relative.parent / f"{path.stem}.{stamp}{path.suffix}"
                n = 1
                while target.exists():  # two rebuilds in the same second: never overwrite a kept copy
                    n += 1
                    target = target.with_name(f"{path.stem}.{stamp}-{n}{path.suffix}")
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, target)
                messages.append(f"kept your edited {path.relative_to(self.release.parent)}: it differs from what "
                                f"the last release generated, so it was copied to "
                                f"{target.relative_to(self.release.parent)} before release/{assignment}/ "
                                "is generated afresh")
        return messages

    def record(self, assignments):
        """Record the hashes of the files now under release/<assignment>/ for these (freshly generated) ones."""
        recorded = self._recorded()
        for assignment in assignments:
            prefix = f"{assignment}/"
            recorded = {k: v for k, v in recorded.items() if not k.startswith(prefix)}
            recorded.update({p.relative_to(self.release).as_posix(): _sha256(p) for p in self._files(assignment)})
        self.release.mkdir(parents=True, exist_ok=True)
        self.manifest.write_text(json.dumps(recorded, indent=1, sort_keys=True) + "\n", encoding="utf-8")
