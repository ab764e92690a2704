#!/usr/bin/env bash
# Proves that a source plugin written outside this repository works, exactly as templates/seco-source/README.md
# and docs/writing-a-source-plugin.md tell a user to do it:
#   1. pack SeCo.Sdk, SeCo.Vision and SeCo.Testing into a local feed (build/pack-sdk.sh);
#   2. `dotnet new install templates/seco-source`, `dotnet new seco-source -n Acme.Sources.MyModel`;
#   3. build the new solution against the feed (+ the machine's NuGet source), run its tests;
#   4. drop the plugin into a plugins folder; `seco plugins` must list its stage;
#   5. `seco run` its pipeline.json (sources.synthetic -> the new stage -> eval.miou) and check the outputs.
# Everything happens in a temporary folder: the template is installed into a private template hive, and the
# uniquely versioned smoke packages are removed from the NuGet cache afterwards. CI runs it after ./test.sh.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
name="Acme.Sources.MyModel"
stage_id="acme.sources.mymodel"
work="$(mktemp -d "${TMPDIR:-/tmp}/seco-template-smoke.XXXXXX")"
contract="$(sed -n 's:.*<SeCoSdkContractVersion>\(.*\)</SeCoSdkContractVersion>.*:\1:p' "$root/Directory.Build.props")"
version="$contract-smoke.$(date +%s)$$"
packages="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

cleanup() {
  rm -rf "$work"
  for id in seco.sdk seco.vision seco.testing; do rm -rf "${packages:?}/$id/$version"; done
}
trap cleanup EXIT
step() { echo "== template smoke: $*" >&2; }
fail() { echo "template smoke FAILED: $*" >&2; exit 1; }
quiet=(-nologo -v:quiet -clp:ErrorsOnly\;NoSummary)

template_default="$(grep -A4 '"SeCoVersion"' "$root/templates/seco-source/.template.config/template.json" | sed -n 's/.*"defaultValue": *"\([^"]*\)".*/\1/p')"
[ "$template_default" = "$contract" ] || fail "templates/seco-source defaults to SeCo packages $template_default, but build/pack-sdk.sh packs $contract (SeCoSdkContractVersion): update the template's SeCoVersion default"

step "building seco"
"$root/seco.sh" --version >/dev/null

step "packing the SDK $version into a local feed"
"$root/build/pack-sdk.sh" --version "$version" --output "$work/feed"

step "dotnet new install templates/seco-source; dotnet new seco-source -n $name"
hive=(--debug:custom-hive "$work/template-hive")
dotnet new install "$root/templates/seco-source" "${hive[@]}" >/dev/null
dotnet new seco-source -n "$name" -o "$work/$name" --SeCoVersion "$version" --SeCoFeed "$work/feed" "${hive[@]}" >/dev/null

step "building $name (warnings are errors) into $work/plugins"
cd "$work/$name"
dotnet build -c Release "${quiet[@]}" -p:SeCoPluginsDir="$work/plugins/"

step "testing $name"
dotnet test -c Release --no-build -nologo -v:quiet --logger "console;verbosity=minimal"

plugin="$work/plugins/$name"
[ -f "$plugin/$name.dll" ] || fail "the build did not drop $plugin/$name.dll"
if find "$plugin" \( -name 'TorchSharp.dll' -o -name 'libtorch*' -o -name 'libLibTorchSharp*' -o -name 'SeCo.Sdk.dll' \) | grep -q .; then
  fail "the plugin folder carries host-owned files: $(find "$plugin" -name 'TorchSharp.dll' -o -name 'libtorch*' -o -name 'SeCo.Sdk.dll')"
fi

step "seco plugins lists $stage_id"
listing="$("$root/seco.sh" plugins --plugins "$work/plugins")"
grep -q "^$stage_id " <<<"$listing" || { echo "$listing" >&2; fail "seco plugins does not list $stage_id"; }

step "seco run pipeline.json (sources.synthetic -> $stage_id -> eval.miou)"
"$root/seco.sh" run pipeline.json --plugins "$work/plugins"

runs="$work/$name/runs/demo"
labels=$(find "$runs"/model-*/labels -name '*.png' | wc -l)
[ "$labels" -eq 4 ] || fail "expected 4 label maps from $stage_id (pipeline.json: count 4), found $labels"
for stage in source model eval; do
  [ -f "$(echo "$runs"/$stage-*/manifest.json)" ] || fail "stage $stage has no manifest.json in $runs"
done
metrics="$(echo "$runs"/eval-*/metrics.json)"
[ -f "$metrics" ] || fail "eval.miou wrote no metrics.json"
grep -q '"mIoU"' "$metrics" || fail "$metrics has no mIoU"

step "a second seco run re-runs nothing"
second="$("$root/seco.sh" run pipeline.json --plugins "$work/plugins" 2>&1)"
grep -q "\[model\] cached" <<<"$second" || { echo "$second" >&2; fail "the second run did not reuse the $stage_id stage"; }

echo "Template smoke passed: $name built and tested, listed by seco plugins, run in a pipeline ($labels label maps, $(grep -o '"mIoU": *[0-9.]*' "$metrics" | head -n 1))."
