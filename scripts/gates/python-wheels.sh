#!/usr/bin/env bash
# Builds both Python packages as wheels and uses them from the wheels alone, away from the repository:
# what a deployment that pip-installs them gets (contract files shipped, dependencies declared).
set -euo pipefail
cd "$(dirname "$0")/../.."
python=$PWD/.venv/python/bin/python
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# Built from a copy: setuptools leaves build/ behind, which would leak stale files into the next wheel.
mkdir -p "$scratch/sources"
for package in library/python services/python; do
  mkdir -p "$scratch/sources/$package"
  cp -r "$package/pyproject.toml" "$package/src" "$scratch/sources/$package/"
done
rm -rf "$scratch"/sources/*/python/src/*.egg-info # the editable install's file list would hide a missing package-data
"$python" -m pip wheel --quiet --no-deps --disable-pip-version-check -w "$scratch/wheels" \
  "$scratch/sources/library/python" "$scratch/sources/services/python"
"$python" -m pip install --quiet --no-deps --disable-pip-version-check --target "$scratch/site" "$scratch"/wheels/*.whl
venv_site=$("$python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
cp scripts/gates/python_wheel_check.py "$scratch/"
cd "$scratch"
# -S: no site processing, so the venv's editable installs (.pth) cannot stand in for the wheels; the
# venv's site-packages still provides the third-party dependencies, after the wheels.
PYTHONPATH="$scratch/site:$venv_site" "$python" -S python_wheel_check.py "$scratch/site"
