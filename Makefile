# The two commands: `make book` and `make test` (see README.md).
#
#   make book [PROFILE=full|quick|paper] [DATA=path/to/data]
#   make test [DATA=path/to/data]
#   make bench
#
# DATA is the data root (torchvision layout); without it the datasets are
# downloaded by torchvision, which needs internet.

PYTHON3  ?= python3
VENV     ?= .venv
PROFILE  ?= full
DATA     ?=
# The PyTorch builds the book is tested with (override for another platform).
TORCH    ?= torch==2.14.1 torchvision==0.29.1

PY := $(VENV)/bin/python
DATA_ARG := $(if $(DATA),--data "$(DATA)")
export DISTILL_CACHE ?= $(CURDIR)/_cache
export PYTHONUNBUFFERED := 1

.PHONY: book test bench env check-args clean help

help:
	@sed -n '1,9p' Makefile

check-args:
	@case "$(PROFILE)" in quick|full|paper) ;; \
	  *) echo "make: unknown PROFILE '$(PROFILE)'; choose quick, full or paper" >&2; exit 2;; esac
	@if [ -n "$(DATA)" ] && [ ! -d "$(DATA)" ]; then \
	  echo "make: data root '$(DATA)' does not exist; pass DATA=an existing folder (torchvision layout) or leave DATA empty to download" >&2; exit 2; fi

env: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt
	@test -x $(PY) || $(PYTHON3) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet $(TORCH)
	$(PY) -m pip install --quiet -c constraints.txt -e '.[book,test]'
	@touch $@

book: check-args env
	$(PY) tools/run_notebooks.py --profile $(PROFILE) $(DATA_ARG) --build _build
	$(PY) tools/build_book.py --build _build
	@echo "The book: $(CURDIR)/_build/html/index.html"

test: check-args env
	$(PY) -m pytest
	$(PY) tools/run_notebooks.py --profile quick $(DATA_ARG) --build _build/test
	$(PY) tools/build_book.py --strict --build _build/test
	$(PY) tools/check_site.py _build/test/html --screenshots _build/test/screenshots

bench: env
	$(PY) bench/bench_frontier.py $(BENCH_ARGS)

clean:
	rm -rf _build
