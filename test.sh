#!/usr/bin/env bash
# The tests: set up (first time only) and run the whole suite, on SQLite and then on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup-env.sh
source scripts/app-deps.sh
source scripts/system-deps.sh
export JIXIAO_DATA="$(mktemp -d)"
trap 'rm -rf "$JIXIAO_DATA"' EXIT

echo "== SQLite =="
python -m pytest -q "$@"

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
  echo "== PostgreSQL =="
  DATABASE_URL="$PG_URL" python -m pytest -q -p no:cacheprovider "$@"
elif [ "${CI:-}" = "true" ]; then
  echo "CI 中 PostgreSQL 必须可用（127.0.0.1:5432），测试未完成。" >&2
  exit 1
else
  echo "PostgreSQL 未运行：只在 SQLite 上运行了测试。" >&2
fi
