#!/usr/bin/env bash
# Builds .venv/python from services/python/requirements.txt; does nothing when it is already up to date.
set -euo pipefail
cd "$(dirname "$0")/../.."

venv=.venv/python
mkdir -p .venv
# Two builds at once would delete each other's venv: the second waits, then finds it up to date.
exec 9>.venv/python.lock
flock 9
stamp="$venv/.built-from"
python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
  echo "SCL_ERR_TOOLCHAIN_MISSING: Python 3.11 or newer is needed, found $(python3 --version 2>&1)" >&2
  exit 1
}
# The packages ship copies of the contract files they read (a wheel has no repository around it).
cp spec/features.json spec/config.schema.json spec/errors.json spec/log-line.schema.json library/python/src/scl_library/contract/
cp spec/features.json spec/config.defaults.json spec/errors.json services/python/src/scl_services/contract/
# The venv holds absolute paths, so the repository's location is part of what it was built from.
wanted=$( (pwd; python3 --version; cat services/python/requirements.txt library/python/pyproject.toml services/python/pyproject.toml) | sha256sum | cut -d' ' -f1)
if [[ -x "$venv/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$wanted" ]]; then
  exit 0
fi
rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input -r services/python/requirements.txt
echo "$wanted" > "$stamp"
echo "python: built $venv"
