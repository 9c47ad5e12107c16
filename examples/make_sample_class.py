"""Write a zip of sample submissions of 06_optimizers, as an LMS download, to try the instructor's pipeline on.

    python examples/make_sample_class.py /tmp/sample_class.zip
    python -m autograder release 06_optimizers
    python -m autograder collect /tmp/sample_class.zip
    python -m autograder grade 06_optimizers --jobs 2
    python -m autograder feedback 06_optimizers && python -m autograder export && python -m autograder report

The class: correct answers, classic mistakes (Adam without bias correction, epsilon inside the square root,
momentum without (1 - beta), EWMA with beta and 1 - beta swapped) and hostile ones (an infinite loop, os._exit,
a memory bomb, a solution that calls dlcore's own Adam, a truncated file). Names follow Canvas
(`login_userid_fileid_06_optimizers.ipynb`) and the folder-per-student style (`Doe, Jane (jdoe)/...`).
"""

import json
import re
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ASSIGNMENT = "06_optimizers"

WRONG = {
    "adam_no_bias_correction": ("adam", '''def adam(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
    t = state["t"] + 1
    v = beta1 * state["v"] + (1 - beta1) * dw
    s = beta2 * state["s"] + (1 - beta2) * dw**2
    return w - learning_rate * v / (np.sqrt(s) + epsilon), {"v": v, "s": s, "t": t}'''),
    "adam_epsilon_inside_sqrt": ("adam", '''def adam(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
    t = state["t"] + 1
    v = beta1 * state["v"] + (1 - beta1) * dw
    s = beta2 * state["s"] + (1 - beta2) * dw**2
    v_corrected, s_corrected = v / (1 - beta1**t), s / (1 - beta2**t)
    return w - learning_rate * v_corrected / np.sqrt(s_corrected + epsilon), {"v": v, "s": s, "t": t}'''),
    "momentum_no_one_minus_beta": ("momentum", '''def momentum(w, dw, state, learning_rate, beta=0.9):
    v = beta * state["v"] + dw
    return w - learning_rate * v, {**state, "v": v}'''),
    "ewma_weights_swapped": ("ewma", '''def ewma(theta, beta, *, bias_correction=True):
    theta = np.asarray(theta, dtype=float)
    v, out = 0.0, np.empty_like(theta)
    for t, x in enumerate(theta, 1):
        v = (1 - beta) * v + beta * x
        out[t - 1] = v / (1 - (1 - beta)**t) if bias_correction else v
    return out'''),
    "infinite_loop": ("rmsprop", '''def rmsprop(w, dw, state, learning_rate, beta=0.999, epsilon=1e-8):
    while True:
        pass'''),
    "crash": ("ewma", '''def ewma(theta, beta, *, bias_correction=True):
    import os
    os._exit(1)'''),
    "memory_bomb": ("adam", '''def adam(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
    hog = []
    while True:
        hog.append(np.ones(2**24))'''),
    "delegates_to_dlcore": ("adam", '''from dlcore.optim import adam as reference_adam

def adam(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
    return reference_adam(w, dw, state, learning_rate, beta1, beta2, epsilon)'''),
}
CLASS = [("alice", None), ("bob", None), ("chen", None), ("dana", "adam_no_bias_correction"),
         ("eli", "adam_epsilon_inside_sqrt"), ("fay", "momentum_no_one_minus_beta"), ("gus", "ewma_weights_swapped"),
         ("hal", "infinite_loop"), ("ivy", "crash"), ("jon", "memory_bomb"), ("kim", "delegates_to_dlcore"),
         ("lee", "truncated"), ("jdoe", None)]


def student_notebook():
    """The instructor's notebook as a student who finished would submit it: answers in, hidden tests out."""
    nb = json.loads((ROOT / "notebooks" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text())
    for cell in nb["cells"]:
        src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        src = re.sub(r"[ \t]*### (BEGIN|END) SOLUTION\n?", "", src)
        src = re.sub(r"### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS\n?", "", src, flags=re.S)
        cell["source"] = src
    return nb


def main(out):
    base = student_notebook()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for i, (login, variant) in enumerate(CLASS):
            nb = json.loads(json.dumps(base))
            if variant in WRONG:
                exercise, source = WRONG[variant]
                for cell in nb["cells"]:
                    if cell["metadata"].get("nbgrader", {}).get("grade_id") == f"ex_{exercise}":
                        cell["source"] = source
            text = json.dumps(nb, indent=1)
            if variant == "truncated":
                text = text[: len(text) // 3]
            name = (f"Doe, Jane ({login})/{ASSIGNMENT}.ipynb" if login == "jdoe"
                    else f"{login}_{1000 + i}_{50000 + i}_{ASSIGNMENT}.ipynb")
            zf.writestr(name, text)
    print(f"wrote {len(CLASS)} submissions of {ASSIGNMENT} to {out}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
