"""Suite-wide guard: with `--dist loadgroup` (make test), tests marked xdist_group must really be grouped.

The slow tests of one notebook share its student version, and the browser tests share one JupyterLab and run in
order; spread over two workers they do the work twice and race each other. pytest-xdist marks a grouped test by
appending "@group" to its node id; if a pytest release stops honouring that (as 9.2 did, pytest-xdist#1386), the
grouped tests fail with this message instead of running ungrouped.
"""

import pytest

LOST = pytest.StashKey[bool]()
MESSAGE = ("--dist loadgroup: this test is marked xdist_group but lost its group, so it may run apart from its "
           "group; this pytest and pytest-xdist do not work together (pytest-xdist#1386): install the versions "
           "that pyproject.toml pins (pip install -e '.[dev]')")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    if getattr(config.option, "loadgroup", False):  # set on xdist workers under --dist loadgroup
        for item in items:
            item.stash[LOST] = bool(item.get_closest_marker("xdist_group")) and "@" not in item.nodeid


def pytest_runtest_setup(item):
    if item.stash.get(LOST, False):
        pytest.fail(MESSAGE, pytrace=False)
