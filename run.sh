#!/usr/bin/env bash
# The main job: set up (first time only) and score and check the bundled seed 003 example.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup-env.sh
jixiao score examples/seed-003-tongcheng-2023.yaml --project 1
echo
jixiao check examples/seed-003-tongcheng-2023.yaml || true   # findings are the point here; exit 1 means "errors found"
