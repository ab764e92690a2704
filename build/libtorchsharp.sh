#!/usr/bin/env bash
# Builds TorchSharp's native shim (libLibTorchSharp.so) against a PyTorch installation, so that
# `seco --libtorch DIR --libtorchsharp OUT` runs on that PyTorch (CPU or CUDA) instead of the bundled CPU libtorch.
#
#   build/libtorchsharp.sh [--torch DIR | --python PY] [--out DIR] [--source DIR] [--jobs N] [--dry-run]
#   build/libtorchsharp.sh --fetch-only [--repo URL] [--ref REF]
#
# The sources are TorchSharp's own (MIT), src/Native of dotnet/TorchSharp at the tag of the managed package in
# Directory.Packages.props (v0.107.0), fetched into artifacts/torchsharp-src/<tag>/ (ignored; never committed, never
# fetched by CI). The managed TorchSharp.dll stays the NuGet one; the shim must come from the same release.
# Out: OUT/libLibTorchSharp.so and OUT/LibTorchSharp.build.json (the stamp seco checks at start-up: TorchSharp
# release and libtorch version). Default OUT: artifacts/libtorchsharp/<torch version>/.
#
# Build settings: CMake (Ninja when present, else make), Release, every core (--jobs), the shim's own CMake files,
# plus -Wno-error=deprecated-declarations (the shim builds with -Werror; a libtorch newer than the one TorchSharp
# was released against may deprecate an API the shim calls, which is no reason to fail an out-of-tree build).
# build/libtorchsharp-cxx20.patch is applied only when the PyTorch headers demand C++20 (see that file).
# Exit codes: 0 built (or printed), 1 the build failed, 2 bad arguments or an unusable PyTorch.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
torchsharp_version="$(sed -n 's/.*PackageVersion Include="TorchSharp" Version="\([^"]*\)".*/\1/p' "$root/Directory.Packages.props")"
repo_url="https://github.com/dotnet/TorchSharp.git"
ref="v${torchsharp_version}"
torch_dir=""
python="python3"
source_dir=""
out_dir=""
build_dir=""
jobs="$(nproc 2>/dev/null || echo 2)"
dry_run=0
fetch_only=0

usage() {
    sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    cat <<EOF
Options:
  --torch DIR       the PyTorch package folder (.../site-packages/torch) or an unpacked libtorch
  --python PY       find DIR with PY -c 'import torch' (default python3) when --torch is not given
  --out DIR         where the shim and its stamp go (default artifacts/libtorchsharp/<torch version>)
  --source DIR      TorchSharp sources (default artifacts/torchsharp-src/${ref}; fetched when missing)
  --repo URL        where to fetch them from (default ${repo_url})
  --ref REF         tag or commit to fetch (default ${ref})
  --build-dir DIR   CMake build folder (default artifacts/libtorchsharp-build/<torch version>)
  --jobs N          parallel compile jobs (default: all cores, ${jobs})
  --fetch-only      fetch the sources and stop
  --dry-run         print the commands instead of running them
EOF
}

fail() { echo "libtorchsharp.sh: $1" >&2; exit "${2:-2}"; }

while [ $# -gt 0 ]; do
    case "$1" in
        --torch|--python|--out|--source|--repo|--ref|--build-dir|--jobs)
            [ $# -ge 2 ] && [ -n "$2" ] || fail "$1 needs a value."
            case "$1" in
                --torch) torch_dir="$2" ;; --python) python="$2" ;; --out) out_dir="$2" ;;
                --source) source_dir="$2" ;; --repo) repo_url="$2" ;; --ref) ref="$2" ;;
                --build-dir) build_dir="$2" ;; --jobs) jobs="$2" ;;
            esac
            shift 2 ;;
        --dry-run) dry_run=1; shift ;;
        --fetch-only) fetch_only=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) fail "unknown argument '$1' (see --help)." ;;
    esac
done

[ -n "$torchsharp_version" ] || fail "cannot read the TorchSharp version from $root/Directory.Packages.props."
[[ "$jobs" =~ ^[1-9][0-9]*$ ]] || fail "--jobs '$jobs': expected a whole number from 1."

# Prints a command (shell-quoted) in --dry-run, else runs it.
run() {
    if [ "$dry_run" = 1 ]; then
        printf '+'; printf ' %q' "$@"; printf '\n'
    else
        "$@"
    fi
}

source_dir="${source_dir:-$root/artifacts/torchsharp-src/$ref}"

# 1. The sources: src/Native of the release, fetched once (shallow, only that folder kept) into an ignored folder.
fetch_sources() {
    echo "Fetching TorchSharp $ref from $repo_url into $source_dir"
    run rm -rf "$source_dir.tmp"
    run git init -q "$source_dir.tmp"
    run git -C "$source_dir.tmp" fetch -q --depth 1 "$repo_url" "$ref"
    run git -C "$source_dir.tmp" -c advice.detachedHead=false checkout -q FETCH_HEAD
    if [ "$dry_run" = 1 ]; then
        echo "+ (write $source_dir.tmp/SOURCE.txt: repository, ref, commit; drop .git and all but src/Native and LICENSE.txt)"
    else
        local commit
        commit="$(git -C "$source_dir.tmp" rev-parse HEAD)"
        printf 'dotnet/TorchSharp %s (commit %s) from %s\n' "$ref" "$commit" "$repo_url" > "$source_dir.tmp/SOURCE.txt"
        find "$source_dir.tmp" -mindepth 1 -maxdepth 1 ! -name src ! -name LICENSE.txt ! -name SOURCE.txt -exec rm -rf {} +
        find "$source_dir.tmp/src" -mindepth 1 -maxdepth 1 ! -name Native -exec rm -rf {} +
    fi
    run rm -rf "$source_dir"
    run mv "$source_dir.tmp" "$source_dir"
}

if [ ! -f "$source_dir/src/Native/LibTorchSharp/CMakeLists.txt" ]; then
    fetch_sources
elif [ "$fetch_only" = 1 ]; then
    echo "TorchSharp sources already in $source_dir ($(cat "$source_dir/SOURCE.txt" 2>/dev/null || echo 'no SOURCE.txt'))"
fi
[ "$fetch_only" = 1 ] && exit 0

# 2. The PyTorch to build against: its folder, CMake files, version, C++ ABI, CUDA.
if [ -z "$torch_dir" ]; then
    torch_dir="$("$python" -c 'import os, torch; print(os.path.dirname(torch.__file__))' 2>/dev/null)" \
        || fail "no PyTorch found with $python (pass --torch DIR, the .../site-packages/torch folder, or --python PY)."
fi
resolved="$(cd "$torch_dir" 2>/dev/null && pwd)" || fail "--torch $torch_dir: no such folder."
torch_dir="$resolved"
[ -f "$torch_dir/lib/libtorch_cpu.so" ] || fail "$torch_dir: no lib/libtorch_cpu.so (expected a PyTorch package folder or an unpacked libtorch)."
cmake_prefix="$torch_dir/share/cmake"
torch_config="$cmake_prefix/Torch/TorchConfig.cmake"
[ -f "$torch_config" ] || fail "$torch_dir: no share/cmake/Torch/TorchConfig.cmake, so CMake cannot find this libtorch (pip and conda PyTorch packages ship it)."

torch_version=""
if [ -f "$torch_dir/version.py" ]; then
    torch_version="$(sed -n "s/^__version__[^=]*= *['\"]\([^'\"]*\)['\"].*/\1/p" "$torch_dir/version.py" | head -n 1)"
elif [ -f "$torch_dir/build-version" ]; then
    torch_version="$(tr -d '[:space:]' < "$torch_dir/build-version")"
fi
[ -n "$torch_version" ] || fail "$torch_dir: cannot tell its version (no __version__ in version.py, no build-version)."

# LibTorchSharp's CMake hard-codes -D_GLIBCXX_USE_CXX11_ABI=1; a libtorch built with the old ABI would not link.
if grep -q '_GLIBCXX_USE_CXX11_ABI=0' "$torch_config"; then
    fail "$torch_dir (libtorch $torch_version) uses the pre-C++11 libstdc++ ABI; LibTorchSharp is built with _GLIBCXX_USE_CXX11_ABI=1 (use a cxx11-ABI PyTorch: pip wheels from 2.7 on)."
fi

cuda_version=""
cmake_cuda=()
if [ -f "$torch_dir/lib/libtorch_cuda.so" ]; then
    cuda_version="$(sed -n "s/^cuda[^=]*= *['\"]\([^'\"]*\)['\"].*/\1/p" "$torch_dir/version.py" 2>/dev/null | head -n 1)"
    nvcc="$(command -v nvcc || true)"
    [ -z "$nvcc" ] && [ -x /usr/local/cuda/bin/nvcc ] && nvcc=/usr/local/cuda/bin/nvcc
    [ -n "$nvcc" ] || fail "$torch_dir is a CUDA build (libtorch_cuda.so): its CMake files need the CUDA toolkit (nvcc on PATH or /usr/local/cuda)."
    cmake_cuda=("-DCMAKE_CUDA_COMPILER=$nvcc")
fi

cxx_standard=17
patches=()
if grep -qs 'C++20 or later compatible compiler is required' "$torch_dir/include/ATen/ATen.h"; then
    cxx_standard=20
    patches+=("$root/build/libtorchsharp-cxx20.patch")
fi

generator="Unix Makefiles"
command -v ninja >/dev/null 2>&1 && generator="Ninja"
build_dir="${build_dir:-$root/artifacts/libtorchsharp-build/$torch_version}"
out_dir="${out_dir:-$root/artifacts/libtorchsharp/$torch_version}"
source_text="$(head -n 1 "$source_dir/SOURCE.txt" 2>/dev/null || echo "dotnet/TorchSharp sources in $source_dir")"
json_source="$(printf '%s' "$source_text" | sed 's/\\/\\\\/g; s/"/\\"/g')"

echo "LibTorchSharp from TorchSharp $torchsharp_version ($source_text)"
echo "against libtorch $torch_version${cuda_version:+ (CUDA $cuda_version)} in $torch_dir; C++$cxx_standard; $generator, $jobs jobs"

# 3. A scratch copy of src/Native (patched there, never in the fetched sources), configured and built.
run rm -rf "$build_dir"
run mkdir -p "$build_dir"
run cp -r "$source_dir/src/Native" "$build_dir/Native"
for patch in "${patches[@]}"; do
    if [ "$dry_run" = 1 ]; then
        printf '+ (cd %q && git apply -p3 %q)\n' "$build_dir/Native" "$patch"
    else
        (cd "$build_dir/Native" && git apply -p3 "$patch") || fail "$patch does not apply to $source_dir." 1
    fi
done

run cmake -S "$build_dir/Native" -B "$build_dir/cmake" -G "$generator" \
    -DCMAKE_BUILD_TYPE=Release \
    "-DCMAKE_PREFIX_PATH=$cmake_prefix" \
    "-DLIBTORCH_PATH=$cmake_prefix/Torch" \
    "-DCMAKE_CXX_FLAGS=-Wno-error=deprecated-declarations" \
    -DCMAKE_POLICY_VERSION_MINIMUM=3.5 \
    "${cmake_cuda[@]}" \
    || fail "CMake could not configure LibTorchSharp against $torch_dir (libtorch $torch_version); its messages are above." 1

if [ "$dry_run" = 1 ]; then
    run cmake --build "$build_dir/cmake" --target LibTorchSharp --parallel "$jobs"
else
    if ! cmake --build "$build_dir/cmake" --target LibTorchSharp --parallel "$jobs" > "$build_dir/build.log" 2>&1; then
        echo "First errors:" >&2
        grep -m 8 -E 'error|Error' "$build_dir/build.log" >&2 || tail -n 20 "$build_dir/build.log" >&2
        fail "LibTorchSharp $torchsharp_version does not compile against libtorch $torch_version (full log: $build_dir/build.log). The shim's sources follow the libtorch of their release (2.10 for 0.107); a newer libtorch may need a fix in build/ (see the README, 'Using your own PyTorch')." 1
    fi
fi

# 4. The shim and its stamp. The stamp is what seco checks against the managed TorchSharp and the libtorch it loads.
built="$build_dir/cmake/LibTorchSharp/libLibTorchSharp.so"
run mkdir -p "$out_dir"
run cp "$built" "$out_dir/libLibTorchSharp.so"
patch_names=""
cuda_json="null"
[ -n "$cuda_version" ] && cuda_json="\"$cuda_version\""
for patch in "${patches[@]}"; do patch_names+="${patch_names:+, }\"build/$(basename "$patch")\""; done
stamp="{\"torchSharp\": \"$torchsharp_version\", \"libtorch\": \"$torch_version\", \"cuda\": $cuda_json, \"cxxStandard\": $cxx_standard, \"patches\": [$patch_names], \"source\": \"$json_source\"}"
if [ "$dry_run" = 1 ]; then
    echo "+ (write $out_dir/LibTorchSharp.build.json: $stamp)"
    exit 0
fi
printf '%s\n' "$stamp" > "$out_dir/LibTorchSharp.build.json"

# The managed TorchSharp binds these names; a shim missing one fails only when that function is first called.
reference="$root/artifacts/seco/libLibTorchSharp.so"
if [ -f "$reference" ] && command -v nm >/dev/null 2>&1; then
    missing="$(comm -23 <(nm -D --defined-only "$reference" | awk '$3 ~ /^THS/ {print $3}' | sort -u) \
                        <(nm -D --defined-only "$out_dir/libLibTorchSharp.so" | awk '$3 ~ /^THS/ {print $3}' | sort -u))"
    [ -z "$missing" ] || fail "the new shim lacks $(echo "$missing" | wc -l) functions the bundled one exports, e.g. $(echo "$missing" | head -n 3 | tr '\n' ' ')" 1
fi

echo "Built $out_dir/libLibTorchSharp.so"
echo "Run:  seco --libtorch $torch_dir --libtorchsharp $out_dir doctor"
