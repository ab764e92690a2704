#!/usr/bin/env bash
# Packs what a plugin built outside this repository references: SeCo.Sdk (compile-only contract, with the
# buildTransitive targets of build/package/), SeCo.Vision (building blocks), SeCo.Host.Runtime (the host's tensor context and model cache, for SeCo.Testing) and SeCo.Testing (test support).
#
#   build/pack-sdk.sh [--version V] [--output DIR]
#
# Default output: artifacts/packages. Default version: the SDK contract version (SeCoSdkContractVersion in
# Directory.Build.props) for all four packages, so a plugin names one version (the template's
# --SeCoVersion). NuGet caches a package by id and version in ~/.nuget/packages: to use a repacked
# package of a version already restored once, pack it with a new version (e.g. 1.0.0-dev.2).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
output="$root/artifacts/packages"
version="$(sed -n 's:.*<SeCoSdkContractVersion>\(.*\)</SeCoSdkContractVersion>.*:\1:p' "$root/Directory.Build.props")"
while [ $# -gt 0 ]; do
  case "$1" in
    --version) version="$2"; shift 2 ;;
    --output) output="$2"; shift 2 ;;
    *) echo "usage: $0 [--version V] [--output DIR]" >&2; exit 2 ;;
  esac
done
mkdir -p "$output"
# Packing builds in its own folder (artifacts/pack-build/): the projects' bin/ and obj/ folders, which the
# host and ./seco.sh use, stay untouched.
for project in sdk/SeCo.Sdk sdk/SeCo.Vision host/SeCo.Host.Runtime tests/SeCo.Testing; do
  extra=()
  if [ "$project" = tests/SeCo.Testing ]; then
    # Its project file is test infrastructure of this repository; the package metadata lives here (%2C = comma).
    extra=(-p:Description="SeCo.Host plugin test support: TestStage.Context (the StageContext a host passes)%2C TempDirectory%2C RecordingProgress%2C RecordingLogger%2C DetFill (deterministic golden weights).")
  fi
  dotnet pack "$root/$project" -c Release -nologo -v:quiet -clp:ErrorsOnly\;NoSummary \
    --artifacts-path "$root/artifacts/pack-build" -o "$output" -p:PackageVersion="$version" "${extra[@]}"
done
echo "Packed SeCo.Sdk, SeCo.Vision, SeCo.Host.Runtime, SeCo.Testing $version to $output" >&2
