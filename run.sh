#!/usr/bin/env bash
# The main job: set up (first time only), create the SQLite database with demo data from the seeds, and serve the
# web app. Prints the address and the demo logins.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup-env.sh
source scripts/app-deps.sh
exec jixiao serve "$@"
