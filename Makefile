# Two commands on a fresh machine with Python 3.11:  make lab   |   make test
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
# Tools the venv installs (jupyter, nbgrader's alembic) must be found by the subprocesses that need them.
export PATH := $(CURDIR)/$(BIN):$(PATH)
# One BLAS/OpenMP thread: the machines are shared, and two threads collapse under load.
THREADS := OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 VECLIB_MAXIMUM_THREADS=1 NUMEXPR_NUM_THREADS=1
SOURCES := $(wildcard notebooks/*/*.ipynb)

.PHONY: lab test release bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# Student versions (release/), rebuilt only when a source notebook changed.
release/.built: $(SOURCES) | $(VENV)/.dev-installed
	$(BIN)/python -m autograder release
	touch $@

release: release/.built

# JupyterLab at the course root: notebooks/ (instructor versions) and release/ (student versions) side by side.
lab: $(VENV)/.dev-installed release/.built
	$(THREADS) $(BIN)/jupyter lab --notebook-dir=. --ServerApp.allow_root=True --LabApp.extension_manager=readonly

test: $(VENV)/.dev-installed
	$(THREADS) $(BIN)/python -m pytest -n 2 --dist loadgroup

bench: $(VENV)/.dev-installed
	for f in benchmarks/*.py; do $(THREADS) $(BIN)/python $$f || exit 1; done

clean:
	rm -rf $(VENV) release submitted autograded feedback reports gradebook.db .pytest_cache
