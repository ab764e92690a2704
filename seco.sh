#!/usr/bin/env bash
# Builds `seco` and its plugins when needed, then runs it: `./seco.sh run` runs ./pipeline.json.
set -euo pipefail
root="$(cd "$(dirname "$0")" && pwd)"
exe="$root/artifacts/seco/seco"
stamp="$root/artifacts/seco/.build-stamp"
if [ ! -x "$exe" ] || [ -n "$(find "$root/sdk" "$root/host" "$root/plugins" "$root/Directory.Build.props" "$root/Directory.Packages.props" \
      -newer "$stamp" \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.targets' \) -print -quit 2>/dev/null || echo missing)" ]; then
  echo "Building seco (Release)..." >&2
  dotnet build "$root/SeCo.App.slnf" -c Release -nologo -v:quiet -clp:ErrorsOnly\;NoSummary >&2
  touch "$stamp"
fi
exec "$exe" "$@"
