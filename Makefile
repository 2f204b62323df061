# Two commands: `make run` (set up, build what is missing, start the app) and `make test`.
VENV   ?= .venv
PY     := $(VENV)/bin/python
MI     := $(VENV)/bin/mockinterview
STAMP  := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: run test install system-deps index clean

run: install index
	$(MI) ui

test: install system-deps
	$(PY) -m pytest

install: $(STAMP)

# torch first, pinned: on these machines 2.13.0 resolves to the local CPU wheel;
# unpinned, pip would pull several GB of CUDA packages.
$(STAMP): pyproject.toml
	python3.11 -m venv $(VENV)
	$(PY) -m pip install --upgrade pip
	$(PY) -m pip install torch==2.13.0
	$(PY) -m pip install -e '.[dev]'
	touch $(STAMP)

# Debian's chromium for the browser tests (Playwright drives it; it never downloads a browser).
system-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && $$SUDO apt-get install -y -q chromium; }

index: install
	$(MI) index build

clean:
	rm -rf $(VENV) .pytest_cache
