"""Switch nbgrader's instructor UI off for students: its JupyterLab extension and its server extensions.

    python binder/hide_instructor_ui.py              # this environment (sys.prefix), as Binder's postBuild does
    python binder/hide_instructor_ui.py --user       # the user's config dir (JUPYTER_CONFIG_DIR), as tests do

autograder.check never needs nbgrader, so students lose nothing.
"""

import json
import subprocess
import sys
from pathlib import Path

SERVER_EXTENSIONS = ["formgrader", "assignment_list", "course_list", "validate_assignment"]


def main(user=False):
    from jupyter_core.paths import jupyter_config_dir

    base = Path(jupyter_config_dir()) if user else Path(sys.prefix) / "etc" / "jupyter"
    # Server side: a config file that sorts after nbgrader's own (later files win) turns every extension off.
    target = base / "jupyter_server_config.json" if user else base / "jupyter_server_config.d" / "zz_students.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    config = json.loads(target.read_text()) if target.exists() else {}
    config.setdefault("ServerApp", {}).setdefault("jpserver_extensions", {}).update(
        {f"nbgrader.server_extensions.{name}": False for name in SERVER_EXTENSIONS})
    target.write_text(json.dumps(config, indent=2))
    # Lab side: JupyterLab's own command records the disabled extension in page_config.json.
    level = "user" if user else "sys_prefix"
    subprocess.run([sys.executable, "-m", "jupyterlab.labextensions", "disable", f"--level={level}",
                    "@jupyter/nbgrader"], check=True, capture_output=True)


if __name__ == "__main__":
    main(user="--user" in sys.argv[1:])
