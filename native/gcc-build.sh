# Sourced by build-compat.sh and build-cpu.sh, which build x86-64 Linux libraries with gcc.

# skip OUT WHAT WHY CONSEQUENCE: removes OUT, says in one line that WHAT was skipped, why, and what
# that means, and exits 0 (a build without the library still succeeds).
skip() {
    rm -rf "$1"
    echo "[lathe-native] $2 skipped: $3; $4"
    exit 0
}

# require_gcc CC OUT WHAT CONSEQUENCE: skips (above) unless this is x86-64 Linux with compiler CC.
require_gcc() {
    if [[ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]]; then
        skip "$2" "$3" "this is $(uname -s)-$(uname -m), not Linux-x86_64" "$4"
    elif ! command -v "$1" >/dev/null 2>&1; then
        skip "$2" "$3" "$1 not found" "$4"
    fi
}
