"""Intake of LMS bulk downloads (Canvas, Moodle, Blackboard, Gradescope, nbgrader's exchange) into submitted/.

One module per format (canvas, moodle, blackboard, gradescope, nbgrader_layout), each citing where its naming
rules come from; archive reads downloads safely; roster reads the LMS's roster CSVs; identity keeps one student id
per person; store chooses among attempts and writes the folders. `collect` is the entry point.
"""

from .collect import collect

__all__ = ["collect"]
