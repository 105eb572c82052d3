/* A stand-in libcudnn.so.9 for the compatibility link test (CompatLinkTest): a few of cuDNN's
 * functions, each appending what it received to the file named by STANDIN_LOG and returning cuDNN 9
 * status codes the compatibility library must renumber to cuDNN 8's. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#define HANDLE ((void *)0xd00d)

static void record(const char *format, double a, double b, double c, double d) {
    FILE *log = fopen(getenv("STANDIN_LOG"), "a");
    if (log != NULL) {
        fprintf(log, format, a, b, c, d);
        fputc('\n', log);
        fclose(log);
    }
}

size_t cudnnGetVersion(void) {
    record("cudnn9 cudnnGetVersion", 0, 0, 0, 0);
    return 90501;
}

int cudnnCreate(void **handle) {
    *handle = HANDLE;
    record("cudnn9 cudnnCreate", 0, 0, 0, 0);
    return 0;
}

static char message[64];

const char *cudnnGetErrorString(int status) {
    snprintf(message, sizeof message, "stand-in status %d", status);
    record("cudnn9 cudnnGetErrorString %g", status, 0, 0, 0);
    return message;
}

/* 3002 = CUDNN_STATUS_NOT_SUPPORTED_SHAPE (cuDNN 8: 9, NOT_SUPPORTED) */
int cudnnSetStream(void *handle, void *stream) {
    (void)stream;
    record("cudnn9 cudnnSetStream", 0, 0, 0, 0);
    return handle == HANDLE ? 3002 : 2000;
}

/* 9 arguments, the last three on the stack; 2002 = CUDNN_STATUS_BAD_PARAM_NULL_POINTER (cuDNN 8: 3) */
int cudnnSetConvolution2dDescriptor(void *desc, int pad_h, int pad_w, int u, int v, int dilation_h,
                                    int dilation_w, int mode, int compute_type) {
    (void)desc; (void)pad_h; (void)pad_w;
    record("cudnn9 cudnnSetConvolution2dDescriptor u=%g v=%g dilation_h=%g dilation_w=%g", u, v, dilation_h, dilation_w);
    record("cudnn9 cudnnSetConvolution2dDescriptor mode=%g compute_type=%g", mode, compute_type, 0, 0);
    return 2002;
}

/* a double argument (xmm0) */
int cudnnSetActivationDescriptor(void *desc, int mode, int nan_opt, double coef) {
    (void)desc;
    record("cudnn9 cudnnSetActivationDescriptor mode=%g nan=%g coef=%g", mode, nan_opt, coef, 0);
    return 0;
}

int cudnnOpsVersionCheck(void) {
    record("cudnn9 cudnnOpsVersionCheck", 0, 0, 0, 0);
    return 0;
}

struct algo_perf {
    int algo;
    int status;
    float time;
    size_t memory;
    int determinism;
    int math_type;
    int reserved[3];
};

/* two results, the second with status 3000 = CUDNN_STATUS_NOT_SUPPORTED (cuDNN 8: 9) */
int cudnnGetConvolutionForwardAlgorithm_v7(void *handle, void *x, void *w, void *conv, void *y,
                                           int requested, int *returned, struct algo_perf *perf) {
    (void)handle; (void)x; (void)w; (void)conv; (void)y;
    record("cudnn9 cudnnGetConvolutionForwardAlgorithm_v7 requested=%g", requested, 0, 0, 0);
    *returned = 2;
    perf[0] = (struct algo_perf){.algo = 1, .status = 0, .time = 0.5f, .memory = 1024};
    perf[1] = (struct algo_perf){.algo = 6, .status = 3000, .time = -1.0f, .memory = 0};
    return 0;
}
