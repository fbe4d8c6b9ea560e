#!/usr/bin/env bash
# Write constraints.txt from the project's environment (.venv), leaving out
# PyTorch and its CUDA wheels (pinned in the Makefile) and the project itself.
set -euo pipefail
cd "$(dirname "$0")/.."
{
  echo "# Versions the book is built and tested with (pip constraints; torch and"
  echo "# torchvision are pinned in the Makefile). Regenerate with tools/freeze.sh."
  .venv/bin/pip freeze --exclude-editable | grep -viE '^(torch|torchvision|triton|nvidia-|cuda-|distill)'
} > constraints.txt
