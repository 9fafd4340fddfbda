#!/usr/bin/env bash
# Re-derives the upgrade patches after a mechanical change to the tree (`npm run format`), writing them in place.
#
# usage: scripts/setup/rebase-patches.sh <base-commit> <command...>
#   <base-commit>  the tree the patches apply to, before the change (e.g. the commit before the reformat)
#   <command...>   the change, run from the repository root (e.g. npm run format)
#
# For each scenarios/upgrade/upgrades/*/*.patch: a scratch worktree at <base-commit>, the patch (as it was there)
# applied, <command> run; the patch's files as they come out are diffed against the same files in this working tree.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
if [[ $# -lt 2 ]]; then
  echo "usage: $0 <base-commit> <command...>" >&2
  exit 2
fi
base=$(git rev-parse --verify --quiet "$1^{commit}") || {
  echo "SCL_ERR_BAD_FLAG: $1 is not a commit" >&2
  exit 2
}
shift

scratch=$(mktemp -d "${TMPDIR:-/tmp}/scl-rebase-patches.XXXXXX")
tree="$scratch/tree"
cleanup() {
  git worktree remove --force "$tree" >/dev/null 2>&1 || true
  rm -rf "$scratch"
}
trap cleanup EXIT

# The patch's files in the scratch tree, as one hash: tells whether the command changed any of them.
digest() {
  local file
  for file in "${files[@]}"; do
    echo "$file"
    if [[ -e "$tree/$file" ]]; then cat -- "$tree/$file"; fi
  done | sha256sum
}

rewritten=0
for patch in scenarios/upgrade/upgrades/*/*.patch; do
  # The patch as it applied to the base; one added since is taken as it is now.
  if ! git show "$base:$patch" >"$scratch/old.patch" 2>/dev/null; then cp "$patch" "$scratch/old.patch"; fi
  mapfile -t files < <(sed -n 's|^diff --git a/.* b/\(.*\)$|\1|p' "$scratch/old.patch")

  git worktree add --quiet --detach "$tree" "$base"
  # The command may need the tools of the repository (npm run format runs node_modules/.bin/biome).
  ln -s "$root/node_modules" "$tree/node_modules"
  git -C "$tree" apply --whitespace=nowarn "$scratch/old.patch"
  applied=$(digest)
  (cd "$tree" && "$@") >"$scratch/command.log" 2>&1 || {
    echo "rebase-patches: \`$*\` failed on $patch applied to $base:" >&2
    cat "$scratch/command.log" >&2
    exit 1
  }
  # A patch whose files the change left alone, in this tree and in the patched one, stays as it is, byte for byte.
  if git diff --quiet "$base" -- "${files[@]}" && [[ "$(digest)" == "$applied" ]]; then
    git worktree remove --force "$tree"
    continue
  fi
  # The result: each file as the patched, changed tree has it (absent when the patch deletes it).
  mkdir -p "$scratch/after"
  for file in "${files[@]}"; do
    if [[ -e "$tree/$file" ]]; then
      mkdir -p "$scratch/after/$(dirname "$file")"
      cp "$tree/$file" "$scratch/after/$file"
    fi
  done

  # The starting point: the same files as this working tree has them, committed to the scratch index.
  git -C "$tree" checkout --quiet --force "$base"
  git -C "$tree" clean --quiet -fd
  for file in "${files[@]}"; do
    rm -f "$tree/$file"
    if [[ -e "$root/$file" ]]; then
      mkdir -p "$tree/$(dirname "$file")"
      cp "$root/$file" "$tree/$file"
    fi
  done
  git -C "$tree" add --all
  for file in "${files[@]}"; do
    rm -f "$tree/$file"
    if [[ -e "$scratch/after/$file" ]]; then
      mkdir -p "$tree/$(dirname "$file")"
      cp "$scratch/after/$file" "$tree/$file"
    fi
  done
  # New files must be known to git to appear in the diff (as make-patches.ts does).
  git -C "$tree" add --intent-to-add --all
  git -C "$tree" diff --no-color --no-ext-diff --full-index -- "${files[@]}" >"$scratch/new.patch"

  if ! cmp -s "$scratch/new.patch" "$patch"; then
    cp "$scratch/new.patch" "$patch"
    echo "rebase-patches: rewrote $patch"
    rewritten=$((rewritten + 1))
  fi
  git worktree remove --force "$tree"
  rm -rf "$scratch/after"
done
echo "rebase-patches: $rewritten patch(es) rewritten against $(git rev-parse --short "$base") + \`$*\`"
