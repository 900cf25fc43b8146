# czlib: two commands do all the set-up.
#   make build   create .venv, install czlib with pinned dependencies, run the whole build
#   make test    create .venv, install czlib + test tools and Chromium, run the test suite
# Other targets: make lab (JupyterLab on notebooks/), make tables, make check, make bench, make clean.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.czlib-installed

.PHONY: setup build test lab tables check bench clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[test]"
	touch $(STAMP)

setup: $(STAMP)

build: setup
	$(BIN)/czlib build

test: setup
	bash scripts/install-test-deps.sh
	$(BIN)/python -m pytest

# Jupyter refuses to start as root unless told; containers often run as root.
LAB_FLAGS := $(if $(filter 0,$(shell id -u)),--allow-root,)

lab: setup
	$(BIN)/jupyter lab --notebook-dir=notebooks $(LAB_FLAGS)

tables: setup
	$(BIN)/czlib tables

check: setup
	$(BIN)/czlib check

bench: setup
	$(BIN)/python benchmarks/bench_segmentation.py
	$(BIN)/python benchmarks/bench_build.py

clean:
	rm -rf build
