#!/usr/bin/env bash
# The golden reference data lives in tests/golden (tests read only that copy).
#   build/golden.sh verify           checks every file against tests/golden/MANIFEST.sha256 (and that no file is unlisted)
#   build/golden.sh sync [SRC]       copies SRC (default ../shared/golden) over tests/golden, rewrites the manifest, verifies
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/tests/golden"
manifest="MANIFEST.sha256"

verify() {
  cd "$dest"
  [ -f "$manifest" ] || { echo "golden: $dest/$manifest is missing" >&2; exit 1; }
  sha256sum --quiet --strict -c "$manifest"
  unlisted=$(comm -13 <(awk '{print $2}' "$manifest" | sort) <(find . -type f ! -name "$manifest" | sort))
  if [ -n "$unlisted" ]; then
    echo "golden: files not in $manifest (run build/golden.sh sync):" >&2
    echo "$unlisted" >&2
    exit 1
  fi
  echo "golden: $(wc -l < "$manifest") files verified in tests/golden"
}

case "${1:-verify}" in
  verify) verify ;;
  sync)
    src="${2:-$root/../shared/golden}"
    [ -d "$src" ] || { echo "golden: no folder $src" >&2; exit 2; }
    src="$(cd "$src" && pwd)"
    mkdir -p "$dest"
    find "$dest" -mindepth 1 ! -name "$manifest" -delete
    cp -r "$src/." "$dest/"
    chmod -R u+w "$dest"
    (cd "$dest" && find . -type f ! -name "$manifest" | LC_ALL=C sort | xargs -d '\n' sha256sum > "$manifest")
    verify
    ;;
  *) echo "usage: build/golden.sh verify | sync [SRC]" >&2; exit 2 ;;
esac
