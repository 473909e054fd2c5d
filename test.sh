#!/usr/bin/env bash
# The tests: set up (first time only) and run the whole suite.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup-env.sh
python -m pytest -q "$@"
