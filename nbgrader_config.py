"""nbgrader configuration of the course: the repository root is the course root, notebooks/ the source directory.

Grade with `python -m autograder grade` (student code in a sandbox, tests in the trusted parent), not with
`nbgrader autograde`; release, feedback, export and the formgrader are nbgrader's own and read this file.
"""

import os

c = get_config()  # noqa: F821  (provided by nbgrader when it loads this file)

ROOT = os.path.dirname(os.path.abspath(__file__))

c.CourseDirectory.root = ROOT
c.CourseDirectory.source_directory = "notebooks"
c.CourseDirectory.release_directory = "release"
c.CourseDirectory.submitted_directory = "submitted"
c.CourseDirectory.autograded_directory = "autograded"
c.CourseDirectory.feedback_directory = "feedback"
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(ROOT, "gradebook.db")
c.CourseDirectory.course_id = "improving_dnn"
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", "*.bak"]

# Release: solutions and hidden tests are stripped; the generated notebooks are what students get.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}

# Feedback: the autograded notebooks written by `python -m autograder grade` never hold hidden test source; strip
# any hidden region again anyway, so feedback stays safe even for notebooks autograded by other means.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "nbgrader.preprocessors.ClearHiddenTests",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]

# Stock `nbgrader autograde` (not the course's path) would at least not stop at the first error.
c.Execute.timeout = 60
c.Execute.allow_errors = True
