# Sourced by run.sh and test.sh: a virtual environment in .venv with jixiao and what its tests need.
# Needs only python3 (with venv). Re-runs are fast: pip is skipped while pyproject.toml is unchanged.
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv || { echo "需要 python3 的 venv 模块（Debian: apt-get install python3-venv）" >&2; exit 1; }
fi
# shellcheck disable=SC1091
source .venv/bin/activate
stamp=.venv/.jixiao-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  python -m pip install --quiet --upgrade pip
  python -m pip install --quiet -e ".[test,bench,redis]"
  touch "$stamp"
fi
