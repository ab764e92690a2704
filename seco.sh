#!/usr/bin/env bash
# Builds `seco` and its plugins when needed, then runs it: `./seco.sh run` runs ./pipeline.json.
# `./seco.sh install [--prefix DIR] [--bin DIR]` puts a copy of seco and its plugins in DIR (default
# ~/.local/lib/seco) and links BIN/seco to it (default ~/.local/bin), so `seco ...` works from any folder;
# `./seco.sh uninstall [--prefix DIR] [--bin DIR]` removes both again.
# SECO_SKIP_BUILD=1 uses the existing build as it is (the README test sets it: the test run built everything).
set -euo pipefail
root="$(cd "$(dirname "$0")" && pwd)"
exe="$root/artifacts/seco/seco"
stamp="$root/artifacts/seco/.build-stamp"
marker=".seco-install"

build() {
  if [ "${SECO_SKIP_BUILD:-}" = "1" ] && [ -x "$exe" ]; then
    return
  fi
  if [ ! -x "$exe" ] || [ -n "$(find "$root/sdk" "$root/host" "$root/plugins" "$root/Directory.Build.props" "$root/Directory.Packages.props" \
        -newer "$stamp" \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.targets' \) -print -quit 2>/dev/null || echo missing)" ]; then
    echo "Building seco (Release)..." >&2
    dotnet build "$root/SeCo.App.slnf" -c Release -nologo -v:quiet -clp:ErrorsOnly\;NoSummary >&2
    touch "$stamp"
  fi
}

# Parses --prefix/--bin for install and uninstall into $prefix and $bin (absolute).
install_paths() {
  prefix="${HOME}/.local/lib/seco"
  bin="${HOME}/.local/bin"
  while [ $# -gt 0 ]; do
    case "$1" in
      --prefix) [ $# -ge 2 ] || { echo "--prefix needs a folder." >&2; exit 2; }; prefix="$2"; shift 2 ;;
      --prefix=*) prefix="${1#--prefix=}"; shift ;;
      --bin) [ $# -ge 2 ] || { echo "--bin needs a folder." >&2; exit 2; }; bin="$2"; shift 2 ;;
      --bin=*) bin="${1#--bin=}"; shift ;;
      *) echo "Unknown option '$1'. Usage: ./seco.sh install|uninstall [--prefix DIR] [--bin DIR]" >&2; exit 2 ;;
    esac
  done
  mkdir -p "$(dirname "$prefix")" "$bin"
  prefix="$(cd "$(dirname "$prefix")" && pwd)/$(basename "$prefix")"
  bin="$(cd "$bin" && pwd)"
  # Never replace or remove a folder this script did not create.
  if [ -e "$prefix" ] && [ ! -f "$prefix/$marker" ] && [ -n "$(ls -A "$prefix" 2>/dev/null)" ]; then
    echo "$prefix exists and is not a seco installation (no $marker); choose another --prefix." >&2
    exit 2
  fi
  if [ -e "$bin/seco" ] && [ ! -L "$bin/seco" ]; then
    echo "$bin/seco exists and is not a link; remove it or choose another --bin." >&2
    exit 2
  fi
}

case "${1:-}" in
  install)
    shift
    install_paths "$@"
    build
    # Copy beside, then swap: a failed copy leaves the previous installation working.
    rm -rf "$prefix.new"
    mkdir -p "$prefix.new"
    (cd "$root/artifacts/seco" && tar --exclude='*.pdb' --exclude='.build-stamp' -cf - .) | (cd "$prefix.new" && tar -xf -)
    echo "installed from $root at $(date -u +%Y-%m-%dT%H:%M:%SZ)" > "$prefix.new/$marker"
    rm -rf "$prefix.old"
    if [ -e "$prefix" ]; then mv "$prefix" "$prefix.old"; fi
    mv "$prefix.new" "$prefix"
    rm -rf "$prefix.old"
    # The executable finds its plugins beside its real path, so a link to it works from any folder.
    ln -sfn "$prefix/seco" "$bin/seco"
    echo "seco installed in $prefix; $bin/seco links to it." >&2
    case ":$PATH:" in
      *":$bin:"*) ;;
      *) echo "Note: $bin is not on your PATH; add it, e.g. echo 'export PATH=\"$bin:\$PATH\"' >> ~/.bashrc" >&2 ;;
    esac
    exit 0
    ;;
  uninstall)
    shift
    install_paths "$@"
    if [ -L "$bin/seco" ]; then rm -f "$bin/seco"; fi
    if [ -f "$prefix/$marker" ]; then rm -rf "$prefix"; fi
    echo "seco removed from $prefix and $bin." >&2
    exit 0
    ;;
esac

build
exec "$exe" "$@"
