/* libcublas.so.12 -> libcublas.so.13. cublasStatus_t kept its numbering, so every function is a
 * plain tail-call forwarder (stubs.S); only what a missing function returns is decided here. */
#include <stddef.h>

#include "compat.h"

#define CUBLAS_STATUS_NOT_SUPPORTED 15

const char compat_own_soname[] = "libcublas.so.12";
const char compat_target_soname[] = "libcublas.so.13";

/* also right for the legacy API's void and float functions: the caller ignores eax there */
static int not_supported(void) { return CUBLAS_STATUS_NOT_SUPPORTED; }

static size_t no_value(void) { return 0; }

static const char *no_string(void) {
    return "unknown (this function is missing in libcublas.so.13)";
}

void *compat_fallback(enum compat_kind kind) {
    switch (kind) {
    case COMPAT_RAW: return (void *)no_value;
    case COMPAT_STRING: return (void *)no_string;
    default: return (void *)not_supported;
    }
}
