#!/usr/bin/env bash
# Compiles every CUDA source in SRC_DIR (*.cu) to PTX in OUT_DIR and checks each PTX with ptxas.
# Where nvcc (or the host C++ compiler it needs) is missing, prints one line saying the kernels
# were skipped and exits 0: the CPU backend never needs them.
#
#   build-kernels.sh SRC_DIR OUT_DIR
#
# Environment: LATHE_PTX_ARCH (default compute_90), LATHE_PTXAS_ARCH (default sm_90),
# LATHE_SKIP_KERNELS=true to skip on purpose, NVCC / PTXAS to name the tools explicitly,
# CUDA_HOME to look for them in $CUDA_HOME/bin.
set -euo pipefail

if [[ $# -ne 2 ]]; then
    echo "usage: $0 SRC_DIR OUT_DIR" >&2
    exit 2
fi
src_dir=$1
out_dir=$2
ptx_arch=${LATHE_PTX_ARCH:-compute_90}
ptxas_arch=${LATHE_PTXAS_ARCH:-sm_90}
tag="[lathe-native]"

skip() { # reason -> one line, no PTX left behind from an earlier build, exit 0
    rm -f "$out_dir"/*.ptx
    echo "$tag CUDA kernels skipped: $1; the jar holds no PTX (the CPU backend never needs it)"
    exit 0
}

if [[ "${LATHE_SKIP_KERNELS:-false}" == "true" ]]; then
    skip "-Dlathe.skipKernels=true"
fi

find_tool() { # name -> path on stdout, or nothing
    local name=$1 env_value=$2 dir
    if [[ -n "$env_value" ]]; then
        command -v "$env_value" || true
        return
    fi
    if command -v "$name" >/dev/null 2>&1; then
        command -v "$name"
        return
    fi
    for dir in "${CUDA_HOME:-}" /usr/local/cuda; do
        if [[ -n "$dir" && -x "$dir/bin/$name" ]]; then
            echo "$dir/bin/$name"
            return
        fi
    done
}

nvcc=$(find_tool nvcc "${NVCC:-}")
if [[ -z "$nvcc" && -n "${NVCC:-}" ]]; then
    skip "NVCC=$NVCC is not an executable"
elif [[ -z "$nvcc" ]]; then
    skip "nvcc not found (looked on PATH, in \$CUDA_HOME/bin and /usr/local/cuda/bin)"
fi
if [[ -z "${NVCC_CCBIN:-}" ]] && ! command -v g++ >/dev/null 2>&1 && ! command -v gcc >/dev/null 2>&1; then
    skip "nvcc needs a host C++ compiler and neither g++ nor gcc was found"
fi
ptxas=""
if [[ -x "$(dirname "$nvcc")/ptxas" ]]; then
    ptxas="$(dirname "$nvcc")/ptxas"
else
    ptxas=$(find_tool ptxas "${PTXAS:-}")
fi

shopt -s nullglob
sources=("$src_dir"/*.cu)
if [[ ${#sources[@]} -eq 0 ]]; then
    echo "$tag no CUDA sources in $src_dir"
    exit 0
fi
mkdir -p "$out_dir"

# remove PTX whose source is gone
for ptx in "$out_dir"/*.ptx; do
    name=$(basename "$ptx" .ptx)
    [[ -f "$src_dir/$name.cu" ]] || rm -f "$ptx"
done

ccbin=()
if [[ -n "${NVCC_CCBIN:-}" ]]; then
    ccbin=(-ccbin "$NVCC_CCBIN")
fi
self="${BASH_SOURCE[0]}"
built=0
fresh=0
for cu in "${sources[@]}"; do
    name=$(basename "$cu" .cu)
    ptx="$out_dir/$name.ptx"
    # up to date when newer than every source or header in the folder and than this script
    if [[ -f "$ptx" ]]; then
        stale=$(find "$src_dir" -maxdepth 1 \( -name '*.cu' -o -name '*.cuh' -o -name '*.h' \) -newer "$ptx" -print -quit)
        if [[ -z "$stale" && ! "$self" -nt "$ptx" ]]; then
            fresh=$((fresh + 1))
            continue
        fi
    fi
    tmp="$ptx.tmp"
    "$nvcc" "${ccbin[@]}" -ptx -arch="$ptx_arch" -std=c++17 -I"$src_dir" "$cu" -o "$tmp"
    if [[ -n "$ptxas" ]]; then
        "$ptxas" -arch="$ptxas_arch" "$tmp" -o /dev/null
    fi
    mv "$tmp" "$ptx"
    built=$((built + 1))
done

checked="checked with ptxas -arch=$ptxas_arch"
if [[ -z "$ptxas" ]]; then
    checked="NOT checked: ptxas not found"
fi
echo "$tag CUDA kernels: $built compiled, $fresh up to date ($("$nvcc" --version | sed -n 's/.*release \([0-9.]*\).*/\1/p' | head -1), -arch=$ptx_arch, $checked) -> $out_dir"
