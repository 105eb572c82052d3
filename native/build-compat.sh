#!/usr/bin/env bash
# Builds the compatibility libraries of native/compat (see native/compat/README.md) into
# OUT_DIR/linux-x86_64: libcublas.so.12 forwarding to libcublas.so.13 and libcudnn.so.8 forwarding
# to libcudnn.so.9. Where gcc is missing, or the build machine is no x86-64 Linux, prints one line
# saying they were skipped and exits 0: Lathe then runs only where the real CUDA 12 / cuDNN 8
# libraries exist.
#
#   build-compat.sh COMPAT_DIR OUT_DIR
#
# Environment: CC names the compiler (default gcc).
set -euo pipefail

if [[ $# -ne 2 ]]; then
    echo "usage: $0 COMPAT_DIR OUT_DIR" >&2
    exit 2
fi
src=$1
out=$2/linux-x86_64
tag="[lathe-native]"
cc=${CC:-gcc}

# shellcheck source=gcc-build.sh
source "$(dirname "$0")/gcc-build.sh"
require_gcc "$cc" "$out" "compatibility libraries" "the jar holds none (needed only where just CUDA 13 / cuDNN 9 exist)"

mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# build LIB SYMBOLS VERSION_NODE STATUS_CALL SOURCES...
build() {
    local lib=$1 symbols=$2 node=$3 status_call=$4
    shift 4
    local gen="$work/$lib"
    local target="$out/$lib"
    if [[ -f "$target" ]]; then
        local stale
        stale=$(find "$src" "$0" -newer "$target" -print -quit)
        if [[ -z "$stale" ]]; then
            echo "$tag $lib up to date"
            return
        fi
    fi
    bash "$src/gen-forwarders.sh" "$src/$symbols" "$node" "$status_call" "$gen"
    local sources=("$gen/stubs.S" "$gen/table.c" "$src/compat.c" "$src/trampoline.S")
    local file
    for file in "$@"; do
        sources+=("$src/$file")
    done
    "$cc" -shared -fPIC -O2 -fvisibility=hidden -Wall -Wextra -Werror -I"$src" \
        -Wl,-soname,"$node" -Wl,--version-script="$gen/version.map" \
        -Wl,--no-undefined -Wl,-z,noexecstack -Wl,-z,now \
        -o "$target.tmp" "${sources[@]}" -Wl,--no-as-needed -ldl -lpthread
    mv "$target.tmp" "$target"
    echo "$tag built $lib ($(grep -c '^    [a-zA-Z_]' "$gen/version.map") symbols at $node)"
}

build libcublas.so.12 cublas12.symbols libcublas.so.12 tail cublas12.c
build libcudnn.so.8 cudnn8.symbols libcudnn.so.8 mapped cudnn8.c call-mapped.S
