"""python -m autograder.registry table [--write README.md]: print (or rewrite in place) the syllabus table."""

import argparse
import sys
from pathlib import Path

from . import TABLE_BEGIN, TABLE_END, syllabus_table


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m autograder.registry", description=__doc__)
    parser.add_argument("what", choices=["table"], help="what to print: the README's syllabus table")
    parser.add_argument("--write", metavar="FILE", help="replace the table between its markers in FILE")
    args = parser.parse_args(argv)
    table = syllabus_table()
    if not args.write:
        print(table)
        return 0
    path = Path(args.write)
    text = path.read_text(encoding="utf-8")
    if TABLE_BEGIN not in text or TABLE_END not in text:
        print(f"{path}: the markers {TABLE_BEGIN!r} ... {TABLE_END!r} are missing", file=sys.stderr)
        return 2
    head, rest = text.split(TABLE_BEGIN, 1)
    _, tail = rest.split(TABLE_END, 1)
    path.write_text(head + table + tail, encoding="utf-8")
    print(f"{path}: syllabus table written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
