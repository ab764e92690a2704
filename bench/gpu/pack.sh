#!/usr/bin/env bash
# Packs what the GPU machine needs (it has PyTorch, nvcc, CMake and ninja, but no .NET and no network; at most
# 64 MiB travel there): `seco` published self-contained for linux-x64 (the .NET runtime inside) with its plugins,
# WITHOUT the bundled CPU libtorch (the machine's own PyTorch is loaded with --libtorch), the TorchSharp native
# sources (build/libtorchsharp.sh --fetch-only puts them in artifacts/torchsharp-src/). Writes artifacts/gpu-pack/seco-gpu.tar.xz and prints its size.
#
#   bench/gpu/pack.sh [--skip-publish]     (--skip-publish: reuse artifacts/gpu-pack/seco from an earlier run)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
pack="$root/artifacts/gpu-pack"
version="$(sed -n 's/.*PackageVersion Include="TorchSharp" Version="\([^"]*\)".*/\1/p' "$root/Directory.Packages.props")"
sources="$root/artifacts/torchsharp-src/v$version"
skip_publish=0
[ "${1:-}" = "--skip-publish" ] && skip_publish=1

[ -f "$sources/src/Native/LibTorchSharp/CMakeLists.txt" ] \
    || { echo "pack.sh: no TorchSharp sources in $sources; run build/libtorchsharp.sh --fetch-only first." >&2; exit 2; }
[ -d "$root/artifacts/seco/plugins" ] \
    || { echo "pack.sh: no built plugins in artifacts/seco/plugins; build SeCo.App.slnf first (./seco.sh --version)." >&2; exit 2; }

if [ "$skip_publish" = 0 ]; then
    rm -rf "$pack/seco"
    # SeCoAppDir: the self-contained build goes to its own folder, leaving artifacts/seco (framework-dependent) alone.
    dotnet publish "$root/host/SeCo.Host/SeCo.Host.csproj" -c Release -r linux-x64 --self-contained true \
        -p:SeCoAppDir="$pack/build/" -p:PublishDir="$pack/seco/" -nologo -v:quiet -clp:ErrorsOnly
    cp -r "$root/artifacts/seco/plugins" "$pack/seco/plugins"
fi

# The bundled CPU libtorch and shim stay home: the GPU machine loads its own PyTorch and a shim built there.
find "$pack/seco" -maxdepth 1 \( -name 'libtorch*.so*' -o -name 'libc10*.so*' -o -name 'libgomp*.so*' \
    -o -name 'libLibTorchSharp.so' -o -name 'lib*_test.so' -o -name 'libaoti_custom_ops.so' -o -name 'libbackend_with_compiler.so' \
    -o -name 'libnnapi_backend.so' -o -name 'libshm.so' -o -name '*.pdb' \) -delete

# The repository's scripts travel as the working tree; the pack holds the rest, with the two small SAM files the
# checks use (tests/golden, 50 MB, must stay home: see the README, 'What still needs a GPU').
rm -rf "$pack/payload" && mkdir -p "$pack/payload/torchsharp-src" "$pack/payload/weights"
cp -r "$pack/seco" "$pack/payload/seco"
cp -r "$sources" "$pack/payload/torchsharp-src/"
cp "$root/tests/golden/sam/tiny_rand/tiny_rand_sam.safetensors" "$root/tests/golden/sam/tiny/config.json" "$pack/payload/weights/"
tar -C "$pack/payload" -cf - . | xz -T0 -6 > "$pack/seco-gpu.tar.xz"
bytes="$(stat -c %s "$pack/seco-gpu.tar.xz")"
# What else travels: the tracked files, less tests/golden (kept home for the device call).
tree="$(cd "$root" && git ls-files -z -- . ':!tests/golden' | du -cb --files0-from=- | tail -n 1 | cut -f1)"
echo "artifacts/gpu-pack/seco-gpu.tar.xz: $((bytes / 1024 / 1024)) MiB ($bytes bytes; unpacked $(du -sm "$pack/payload" | cut -f1) MiB);" \
     "tracked files without tests/golden: $((tree / 1024 / 1024)) MiB; together $(((bytes + tree) / 1024 / 1024)) of 64 MiB"
[ $((bytes + tree)) -lt $((64 * 1024 * 1024)) ] || { echo "pack.sh: over the 64 MiB that may travel to the GPU machine." >&2; exit 1; }
