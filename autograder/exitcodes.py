"""The exit codes of `python -m autograder` (one list: the CLI's help shows it; every command returns one)."""

EXIT_CODES = """exit codes:
  0  done: everything asked for was done (a student's crash, timeout or broken file is a score, not an error)
  1  partly done: some items failed (a submission the grader could not record, a notebook nbgrader rejected);
     the others were done; see the log
  2  usage error (bad arguments)
  3  nothing to do (no assignments, no submissions, nothing collected)
  4  the gradebook could not be written (still locked after retries); nothing half-written
  5  an nbgrader step failed (generate_assignment, generate_feedback, export)
  6  a safety check failed (hidden tests or solutions found in release/, feedback/ or a published folder)
  7  grade refused: kernel isolation (bubblewrap, user namespaces) is not available here; the message says what
     is missing (apt-get install bubblewrap), or grade with --unsafe-no-isolation
"""

OK, PARTIAL, USAGE, NOTHING, GRADEBOOK, NBGRADER, UNSAFE, NO_ISOLATION = 0, 1, 2, 3, 4, 5, 6, 7
