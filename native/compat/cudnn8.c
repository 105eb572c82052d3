/* libcudnn.so.8 -> libcudnn.so.9. cuDNN 9 renumbered cudnnStatus_t (categories of 1000: 2000 bad
 * parameter, 3000 not supported, ...), so every status a cuDNN 9 function returns, or writes where
 * cuDNN 8 wrote one, is renumbered to cuDNN 8's codes, which JCudnn's cudnnStatus names. */
#include <stddef.h>

#include "compat.h"

const char compat_own_soname[] = "libcudnn.so.8";
const char compat_target_soname[] = "libcudnn.so.9";

/* cuDNN 8 */
enum {
    V8_SUCCESS = 0,
    V8_NOT_INITIALIZED = 1,
    V8_ALLOC_FAILED = 2,
    V8_BAD_PARAM = 3,
    V8_INTERNAL_ERROR = 4,
    V8_INVALID_VALUE = 5,
    V8_ARCH_MISMATCH = 6,
    V8_MAPPING_ERROR = 7,
    V8_EXECUTION_FAILED = 8,
    V8_NOT_SUPPORTED = 9,
    V8_LICENSE_ERROR = 10,
    V8_RUNTIME_PREREQUISITE_MISSING = 11,
    V8_RUNTIME_IN_PROGRESS = 12,
    V8_RUNTIME_FP_OVERFLOW = 13,
    V8_VERSION_MISMATCH = 14,
};

/* cuDNN 9: the codes that have a cuDNN 8 counterpart of their own; the rest map by category */
enum {
    V9_SUCCESS = 0,
    V9_NOT_INITIALIZED = 1001,
    V9_SUBLIBRARY_VERSION_MISMATCH = 1002,
    V9_SERIALIZATION_VERSION_MISMATCH = 1003,
    V9_DEPRECATED = 1004,
    V9_LICENSE_ERROR = 1005,
    V9_RUNTIME_IN_PROGRESS = 1006,
    V9_RUNTIME_FP_OVERFLOW = 1007,
    V9_SUBLIBRARY_LOADING_FAILED = 1008,
    V9_BAD_PARAM = 2000,
    V9_INVALID_VALUE = 2001,
    V9_NOT_SUPPORTED = 3000,
    V9_NOT_SUPPORTED_ARCH_MISMATCH = 3007,
    V9_NOT_SUPPORTED_RUNTIME_PREREQUISITE_MISSING = 3008,
    V9_INTERNAL_ERROR = 4000,
    V9_INTERNAL_ERROR_HOST_ALLOCATION_FAILED = 4003,
    V9_INTERNAL_ERROR_DEVICE_ALLOCATION_FAILED = 4004,
    V9_INTERNAL_ERROR_TEXTURE_CREATION_FAILED = 4006,
    V9_EXECUTION_FAILED = 5000,
};

COMPAT_HIDDEN int compat_status_from_target(int status);

int compat_status_from_target(int status) {
    switch (status) {
    case V9_SUCCESS: return V8_SUCCESS;
    case V9_NOT_INITIALIZED: return V8_NOT_INITIALIZED;
    case V9_SUBLIBRARY_VERSION_MISMATCH:
    case V9_SERIALIZATION_VERSION_MISMATCH: return V8_VERSION_MISMATCH;
    case V9_LICENSE_ERROR: return V8_LICENSE_ERROR;
    case V9_RUNTIME_IN_PROGRESS: return V8_RUNTIME_IN_PROGRESS;
    case V9_RUNTIME_FP_OVERFLOW: return V8_RUNTIME_FP_OVERFLOW;
    case V9_SUBLIBRARY_LOADING_FAILED: return V8_RUNTIME_PREREQUISITE_MISSING;
    case V9_INVALID_VALUE: return V8_INVALID_VALUE;
    case V9_NOT_SUPPORTED_ARCH_MISMATCH: return V8_ARCH_MISMATCH;
    case V9_NOT_SUPPORTED_RUNTIME_PREREQUISITE_MISSING: return V8_RUNTIME_PREREQUISITE_MISSING;
    case V9_INTERNAL_ERROR_HOST_ALLOCATION_FAILED:
    case V9_INTERNAL_ERROR_DEVICE_ALLOCATION_FAILED: return V8_ALLOC_FAILED;
    case V9_INTERNAL_ERROR_TEXTURE_CREATION_FAILED: return V8_MAPPING_ERROR;
    default: break;
    }
    switch (status / 1000) {
    case 1: return status == V9_DEPRECATED ? V8_NOT_SUPPORTED : V8_INTERNAL_ERROR;
    case 2: return V8_BAD_PARAM;
    case 3: return V8_NOT_SUPPORTED;
    case 5: return V8_EXECUTION_FAILED;
    default: return V8_INTERNAL_ERROR;
    }
}

/* the inverse, for a status passed in (cudnnGetErrorString) */
static int status_to_target(int status) {
    switch (status) {
    case V8_SUCCESS: return V9_SUCCESS;
    case V8_NOT_INITIALIZED: return V9_NOT_INITIALIZED;
    case V8_ALLOC_FAILED: return V9_INTERNAL_ERROR_HOST_ALLOCATION_FAILED;
    case V8_BAD_PARAM: return V9_BAD_PARAM;
    case V8_INTERNAL_ERROR: return V9_INTERNAL_ERROR;
    case V8_INVALID_VALUE: return V9_INVALID_VALUE;
    case V8_ARCH_MISMATCH: return V9_NOT_SUPPORTED_ARCH_MISMATCH;
    case V8_MAPPING_ERROR: return V9_INTERNAL_ERROR_TEXTURE_CREATION_FAILED;
    case V8_EXECUTION_FAILED: return V9_EXECUTION_FAILED;
    case V8_NOT_SUPPORTED: return V9_NOT_SUPPORTED;
    case V8_LICENSE_ERROR: return V9_LICENSE_ERROR;
    case V8_RUNTIME_PREREQUISITE_MISSING: return V9_NOT_SUPPORTED_RUNTIME_PREREQUISITE_MISSING;
    case V8_RUNTIME_IN_PROGRESS: return V9_RUNTIME_IN_PROGRESS;
    case V8_RUNTIME_FP_OVERFLOW: return V9_RUNTIME_FP_OVERFLOW;
    case V8_VERSION_MISMATCH: return V9_SUBLIBRARY_VERSION_MISMATCH;
    default: return status;
    }
}

/* returned in cuDNN 9's numbering: the stubs renumber it like any other result */
static int not_supported(void) { return V9_NOT_SUPPORTED; }

static size_t no_value(void) { return 0; }

void *compat_fallback(enum compat_kind kind) {
    return kind == COMPAT_RAW ? (void *)no_value : (void *)not_supported;
}

/* Hand-written forwarders. Handles, descriptors and data are void *, enums int: the same
 * registers as the real types on x86-64. */

#define TARGET(type, name)                                                                    \
    static type target_##name;                                                                \
    if (target_##name == NULL) {                                                              \
        target_##name = (type)compat_lookup(#name);                                           \
    }

#define EXPORT __attribute__((visibility("default")))

typedef const char *(*error_string_fn)(int);

EXPORT const char *cudnnGetErrorString(int status) {
    TARGET(error_string_fn, cudnnGetErrorString)
    if (target_cudnnGetErrorString == NULL) {
        return "cudnnGetErrorString is missing in libcudnn.so.9";
    }
    return target_cudnnGetErrorString(status_to_target(status));
}

typedef int (*query_runtime_error_fn)(void *, int *, int, void *);

EXPORT int cudnnQueryRuntimeError(void *handle, int *runtime_status, int mode, void *tag) {
    TARGET(query_runtime_error_fn, cudnnQueryRuntimeError)
    if (target_cudnnQueryRuntimeError == NULL) {
        return V8_NOT_SUPPORTED;
    }
    int status = target_cudnnQueryRuntimeError(handle, runtime_status, mode, tag);
    if (status == V9_SUCCESS && runtime_status != NULL) {
        *runtime_status = compat_status_from_target(*runtime_status);
    }
    return compat_status_from_target(status);
}

/* cudnnConvolution{Fwd,BwdData,BwdFilter}AlgoPerf_t: one layout in cuDNN 8 and 9 */
struct algo_perf {
    int algo;
    int status;
    float time;
    size_t memory;
    int determinism;
    int math_type;
    int reserved[3];
};

/* the status of every result the search wrote, and the call's own */
static int renumber_perf(int status, int requested, const int *returned, struct algo_perf *perf) {
    if (returned != NULL && perf != NULL) {
        int count = *returned < requested ? *returned : requested;
        for (int i = 0; i < count; i++) {
            perf[i].status = compat_status_from_target(perf[i].status);
        }
    }
    return compat_status_from_target(status);
}

/* (handle, 4 descriptors, requested, returned, perf): Find*Algorithm and Get*Algorithm_v7 */
typedef int (*algo_search_fn)(void *, void *, void *, void *, void *, int, int *,
                              struct algo_perf *);

#define ALGO_SEARCH(name)                                                                     \
    EXPORT int name(void *handle, void *d1, void *d2, void *d3, void *d4, int requested,      \
                    int *returned, struct algo_perf *perf) {                                  \
        TARGET(algo_search_fn, name)                                                          \
        if (target_##name == NULL) {                                                          \
            return V8_NOT_SUPPORTED;                                                          \
        }                                                                                     \
        int status = target_##name(handle, d1, d2, d3, d4, requested, returned, perf);        \
        return renumber_perf(status, requested, returned, perf);                              \
    }

/* (handle, desc, data, desc, data, conv desc, desc, data, requested, returned, perf,
 *  workspace, workspace bytes): Find*AlgorithmEx */
typedef int (*algo_search_ex_fn)(void *, void *, void *, void *, void *, void *, void *, void *,
                                 int, int *, struct algo_perf *, void *, size_t);

#define ALGO_SEARCH_EX(name)                                                                  \
    EXPORT int name(void *handle, void *a1, void *a2, void *a3, void *a4, void *a5, void *a6,  \
                    void *a7, int requested, int *returned, struct algo_perf *perf,           \
                    void *workspace, size_t workspace_bytes) {                                \
        TARGET(algo_search_ex_fn, name)                                                       \
        if (target_##name == NULL) {                                                          \
            return V8_NOT_SUPPORTED;                                                          \
        }                                                                                     \
        int status = target_##name(handle, a1, a2, a3, a4, a5, a6, a7, requested, returned,   \
                                   perf, workspace, workspace_bytes);                         \
        return renumber_perf(status, requested, returned, perf);                              \
    }

ALGO_SEARCH(cudnnFindConvolutionForwardAlgorithm)
ALGO_SEARCH(cudnnFindConvolutionBackwardDataAlgorithm)
ALGO_SEARCH(cudnnFindConvolutionBackwardFilterAlgorithm)
ALGO_SEARCH(cudnnGetConvolutionForwardAlgorithm_v7)
ALGO_SEARCH(cudnnGetConvolutionBackwardDataAlgorithm_v7)
ALGO_SEARCH(cudnnGetConvolutionBackwardFilterAlgorithm_v7)
ALGO_SEARCH_EX(cudnnFindConvolutionForwardAlgorithmEx)
ALGO_SEARCH_EX(cudnnFindConvolutionBackwardDataAlgorithmEx)
ALGO_SEARCH_EX(cudnnFindConvolutionBackwardFilterAlgorithmEx)
