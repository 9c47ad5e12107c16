"""Exceptions raised by a proxy to a student's function when it runs in the grading sandbox.

A check turns each of them into a failed case with a clear message; they never carry student objects.
"""


class StudentError(Exception):
    """The student's code raised an exception; the message holds its type, text and a short traceback."""


class StudentTimeout(StudentError):
    """The call ran past its time limit (an infinite loop, or far too slow)."""


class StudentCrashed(StudentError):
    """The student's process died (segfault, os._exit, out of memory) or broke the protocol."""


class DelegationDetected(StudentError):
    """The solution called dlcore's own implementation of the function it was asked to write."""
