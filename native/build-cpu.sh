#!/usr/bin/env bash
# Builds native/cpu/heap_blas.c (see its header) into OUT_DIR/linux-x86_64/liblathe_heap_blas.so.
# Where gcc or the JDK's JNI headers are missing, or the build machine is no x86-64 Linux, prints one
# line saying it was skipped and exits 0: the CPU backend then copies GEMM operands through native
# buffers, as JavaCPP's bindings need, and says so in `lathe bench`'s header.
#
#   build-cpu.sh CPU_DIR OUT_DIR JAVA_HOME
#
# Environment: CC names the compiler (default gcc).
set -euo pipefail

if [[ $# -ne 3 ]]; then
    echo "usage: $0 CPU_DIR OUT_DIR JAVA_HOME" >&2
    exit 2
fi
src=$1
out=$2/linux-x86_64
jdk=$3
cc=${CC:-gcc}
lib=liblathe_heap_blas.so

consequence="GEMMs on the CPU will copy their operands through native buffers"
# shellcheck source=gcc-build.sh
source "$(dirname "$0")/gcc-build.sh"
require_gcc "$cc" "$out" "$lib" "$consequence"
if [[ ! -f "$jdk/include/jni.h" || ! -f "$jdk/include/linux/jni_md.h" ]]; then
    skip "$out" "$lib" "no JNI headers under $jdk/include (a JRE runs Maven, not a JDK)" "$consequence"
fi

mkdir -p "$out"
target="$out/$lib"
if [[ -f "$target" && -z "$(find "$src" "$0" -newer "$target" -print -quit)" ]]; then
    echo "[lathe-native] $lib up to date"
    exit 0
fi
"$cc" -shared -fPIC -O2 -Wall -Wextra -Werror -I"$jdk/include" -I"$jdk/include/linux" \
    -Wl,--no-undefined -Wl,-z,noexecstack -Wl,-z,now -o "$target.tmp" "$src/heap_blas.c"
mv "$target.tmp" "$target"
echo "[lathe-native] built $lib"
