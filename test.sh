#!/usr/bin/env bash
# The tests: set up (first time only) and run the whole suite on SQLite and on PostgreSQL.
# The two runs go side by side, one per core, each with its own data folder, database and LibreOffice profile;
# each line of output is marked with its database. Exit status: 0 only when every run passed.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup-env.sh
source scripts/app-deps.sh
source scripts/system-deps.sh

# one run of the suite: its own data folder (removed afterwards), its lines marked [SQLite] or [PostgreSQL]
run_suite() {
  local label=$1; shift
  local data; data="$(mktemp -d)"
  local status=0
  JIXIAO_DATA="$data" python -m pytest -q -p no:cacheprovider "$@" 2>&1 | sed -u "s/^/[$label] /" || status=$?
  rm -rf "$data"
  echo "[$label] 结束：退出码 $status"
  return "$status"
}

PG_URL="${JIXIAO_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/test}"
if python - "$PG_URL" <<'PY'
import sys, psycopg
try:
    psycopg.connect(sys.argv[1].replace("postgres://", "postgresql://"), connect_timeout=3).close()
except Exception as error:
    print(f"PostgreSQL 不可用：{error}", file=sys.stderr)
    sys.exit(1)
PY
then
  echo "== SQLite 与 PostgreSQL（并行）=="
  run_suite SQLite "$@" &
  sqlite_pid=$!
  DATABASE_URL="$PG_URL" run_suite PostgreSQL "$@" &
  postgres_pid=$!
  sqlite_status=0; postgres_status=0
  wait "$sqlite_pid" || sqlite_status=$?
  wait "$postgres_pid" || postgres_status=$?
  echo "== SQLite 退出码 $sqlite_status，PostgreSQL 退出码 $postgres_status =="
  [ "$sqlite_status" -eq 0 ] && [ "$postgres_status" -eq 0 ]
elif [ "${CI:-}" = "true" ]; then
  echo "CI 中 PostgreSQL 必须可用（127.0.0.1:5432），测试未完成。" >&2
  exit 1
else
  echo "== SQLite =="
  run_suite SQLite "$@"
  echo "PostgreSQL 未运行：只在 SQLite 上运行了测试。" >&2
fi
