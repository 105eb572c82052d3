/* Opens the newer library once, on the first forwarded call, and looks functions up lazily.
 * Loading the compatibility library itself never fails for a missing target: a call that cannot
 * be forwarded runs the kind's fallback (a NOT_SUPPORTED status), and the first failure to open
 * the target says so once on stderr. */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

#include "compat.h"

/* Bind the oldest versions, so a library built on a current glibc (where these moved into libc,
 * GLIBC_2.34) still loads on older ones (libdl / libpthread, GLIBC_2.2.5), as JCuda's natives do. */
__asm__(".symver dlopen,dlopen@GLIBC_2.2.5");
__asm__(".symver dlsym,dlsym@GLIBC_2.2.5");
__asm__(".symver dlerror,dlerror@GLIBC_2.2.5");
__asm__(".symver pthread_once,pthread_once@GLIBC_2.2.5");

static void *target_handle;
static pthread_once_t target_once = PTHREAD_ONCE_INIT;

static void open_target(void) {
    /* finds the copy the Java loader already loaded by absolute path (matched by soname) */
    target_handle = dlopen(compat_target_soname, RTLD_NOW | RTLD_LOCAL);
    if (target_handle == NULL) {
        fprintf(stderr, "[lathe compat] %s cannot forward: %s\n", compat_own_soname, dlerror());
    }
}

void *compat_lookup(const char *name) {
    pthread_once(&target_once, open_target);
    return target_handle == NULL ? NULL : dlsym(target_handle, name);
}

void *compat_resolve(unsigned index) {
    const struct compat_symbol *symbol = &compat_symbols[index];
    void *function = symbol->kind == COMPAT_REMOVED ? NULL : compat_lookup(symbol->target);
    if (function == NULL) {
        function = compat_fallback(symbol->kind);
    }
    /* racing threads store the same value */
    __atomic_store_n(&compat_slots[index], function, __ATOMIC_RELEASE);
    return function;
}
