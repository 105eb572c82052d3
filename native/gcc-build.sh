# Sourced by build-compat.sh and build-cpu.sh: what the libraries they build with gcc need.

# Prints why the libraries cannot be built here with compiler $1 (they are x86-64 Linux code),
# or nothing when they can.
gcc_build_problem() {
    if [[ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]]; then
        echo "this is $(uname -s)-$(uname -m), not Linux-x86_64"
    elif ! command -v "$1" >/dev/null 2>&1; then
        echo "$1 not found"
    fi
}
