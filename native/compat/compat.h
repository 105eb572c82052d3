/* Shared by both compatibility libraries: the table of forwarded symbols (generated from a
 * .symbols file by gen-forwarders.sh) and the lazy lookup into the newer library. */
#ifndef LATHE_COMPAT_H
#define LATHE_COMPAT_H

#define COMPAT_HIDDEN __attribute__((visibility("hidden")))

enum compat_kind { COMPAT_STATUS, COMPAT_RAW, COMPAT_STRING, COMPAT_REMOVED };

struct compat_symbol {
    const char *name;   /* exported here, at the old version node */
    const char *target; /* looked up in the newer library */
    enum compat_kind kind;
};

/* generated */
COMPAT_HIDDEN extern const struct compat_symbol compat_symbols[];
COMPAT_HIDDEN extern void *compat_slots[];

/* per library (cublas12.c, cudnn8.c) */
COMPAT_HIDDEN extern const char compat_own_soname[];
COMPAT_HIDDEN extern const char compat_target_soname[];
/* what a call of a symbol of this kind runs when the newer library lacks it */
COMPAT_HIDDEN void *compat_fallback(enum compat_kind kind);

/* compat.c: the newer library's function of that name, or NULL */
COMPAT_HIDDEN void *compat_lookup(const char *name);
/* compat.c: fills compat_slots[index] (target or fallback) and returns it; called by the stubs */
COMPAT_HIDDEN void *compat_resolve(unsigned index);

#endif
