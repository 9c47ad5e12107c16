"""The course's autograder: checks for the notebooks' test cells, and a safe nbgrader pipeline for instructors.

Students only ever meet `check(name, fn)`: it compares their function with dlcore's reference on seeded cases
and says what is wrong. Importing this package needs numpy and dlcore only (no nbgrader): the grading
pipeline (`python -m autograder ...`) is imported on demand.
"""

from .checks import CheckFailed, check
from .errors import DelegationDetected, StudentCrashed, StudentError, StudentTimeout

__all__ = ["check", "CheckFailed", "StudentError", "StudentTimeout", "StudentCrashed", "DelegationDetected"]
