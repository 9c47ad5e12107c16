"""The course's autograder: checks for the notebooks' test cells, and a safe nbgrader pipeline for instructors.

Students only ever meet `check(name, fn)`: it compares their function with dlcore's reference on seeded cases
and says what is wrong (in their own kernel it prints instead of raising, so Run All reaches the end: see
autograder.student), `summary(notebook, globals())` and `yours_or_reference(name, fn)`. Importing this package
needs numpy and dlcore only (no nbgrader): the grading pipeline (`python -m autograder ...`) is imported on demand.
"""

from .checks import CheckFailed
from .errors import DelegationDetected, StudentCrashed, StudentError, StudentTimeout
from .student import check, summary, yours_or_reference

__all__ = ["check", "summary", "yours_or_reference", "CheckFailed", "StudentError", "StudentTimeout",
           "StudentCrashed", "DelegationDetected"]
