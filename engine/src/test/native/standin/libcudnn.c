/*
 * A stand-in libcudnn.so.8 for StandInGpuTest: descriptors and naive NCHW float convolutions (stride,
 * padding, dilation, groups) on host memory. It checks what the backend passes: shapes that fit the
 * descriptors, the algorithm it offered as supported (the first one offered is not), the workspace
 * size it asked for, a writable workspace, beta 0. Linked with the version node libcudnn.so.8.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
typedef struct { int kind, n, c, h, w, a, b; } Desc; /* tensor/filter: n c h w; conv: ph pw sh sw dh dw g */
typedef struct { int ph, pw, sh, sw, dh, dw, g, mode, math; } Conv;
typedef struct { int algo; int status; float time; size_t memory; int determinism; int mathType; int reserved[3]; } Perf;
int cudnnCreate(void **h) { *h = (void *) 0x40; return 0; }
int cudnnSetStream(void *h, void *s) { return 0; }
size_t cudnnGetVersion(void) { return 8907; }
int cudnnCreateTensorDescriptor(Desc **d) { *d = calloc(1, sizeof(Desc)); return 0; }
int cudnnCreateFilterDescriptor(Desc **d) { *d = calloc(1, sizeof(Desc)); return 0; }
int cudnnCreateConvolutionDescriptor(Conv **d) { *d = calloc(1, sizeof(Conv)); (*d)->g = 1; return 0; }
int cudnnSetTensor4dDescriptor(Desc *d, int format, int type, int n, int c, int h, int w) {
    if (format != 0 || type != 0) return 3; d->n = n; d->c = c; d->h = h; d->w = w; return 0; }
int cudnnSetFilter4dDescriptor(Desc *d, int type, int format, int k, int c, int h, int w) {
    if (format != 0 || type != 0) return 3; d->n = k; d->c = c; d->h = h; d->w = w; return 0; }
int cudnnSetConvolution2dDescriptor(Conv *c, int ph, int pw, int sh, int sw, int dh, int dw, int mode, int type) {
    if (mode != 1 || type != 0) return 3; c->ph = ph; c->pw = pw; c->sh = sh; c->sw = sw; c->dh = dh; c->dw = dw; return 0; }
int cudnnSetConvolutionGroupCount(Conv *c, int g) { c->g = g; return 0; }
int cudnnSetConvolutionMathType(Conv *c, int m) { c->math = m; return 0; }
static int check(Desc *x, Desc *w, Conv *c, Desc *y) {
    int oh = (x->h + 2 * c->ph - c->dh * (w->h - 1) - 1) / c->sh + 1, ow = (x->w + 2 * c->pw - c->dw * (w->w - 1) - 1) / c->sw + 1;
    if (x->c != w->c * c->g || y->n != x->n || y->c != w->n || y->h != oh || y->w != ow) {
        fprintf(stderr, "[stand-in cudnn] bad shapes x %d %d %d %d w %d %d %d %d y %d %d %d %d\n", x->n, x->c, x->h, x->w, w->n, w->c, w->h, w->w, y->n, y->c, y->h, y->w);
        return 3;
    }
    return 0;
}
static int algos(int requested, int *returned, Perf *perf) {
    if (requested < 2) return 3;
    memset(perf, 0, 2 * sizeof(Perf));
    perf[0].algo = 5; perf[0].status = 9; /* NOT_SUPPORTED: must be skipped */
    perf[1].algo = 1; perf[1].status = 0; perf[1].memory = 4096; perf[1].mathType = 3;
    *returned = 2;
    return 0;
}
int cudnnGetConvolutionForwardAlgorithm_v7(void *h, Desc *x, Desc *w, Conv *c, Desc *y, int n, int *r, Perf *p) { return check(x, w, c, y) ? 3 : algos(n, r, p); }
int cudnnGetConvolutionBackwardDataAlgorithm_v7(void *h, Desc *w, Desc *dy, Conv *c, Desc *dx, int n, int *r, Perf *p) { return check(dx, w, c, dy) ? 3 : algos(n, r, p); }
int cudnnGetConvolutionBackwardFilterAlgorithm_v7(void *h, Desc *x, Desc *dy, Conv *c, Desc *dw, int n, int *r, Perf *p) { return check(x, dw, c, dy) ? 3 : algos(n, r, p); }
static int ws(int algo, size_t *s) { if (algo != 1) return 3; *s = 4096; return 0; }
int cudnnGetConvolutionForwardWorkspaceSize(void *h, Desc *x, Desc *w, Conv *c, Desc *y, int a, size_t *s) { return ws(a, s); }
int cudnnGetConvolutionBackwardDataWorkspaceSize(void *h, Desc *w, Desc *dy, Conv *c, Desc *dx, int a, size_t *s) { return ws(a, s); }
int cudnnGetConvolutionBackwardFilterWorkspaceSize(void *h, Desc *x, Desc *dy, Conv *c, Desc *dw, int a, size_t *s) { return ws(a, s); }
/* mode 0: y = conv(x, w); 1: dx = conv^T(dy, w); 2: dw = corr(x, dy) */
static int run(int mode, Desc *X, float *x, Desc *W, float *w, Conv *c, Desc *Y, float *y, int algo, void *space, size_t size, const float *beta) {
    if (check(X, W, c, Y) || algo != 1 || size != 4096 || space == NULL || *beta != 0) return 3;
    memset(space, 0x7f, size); /* the workspace must be writable device memory */
    float *out = mode == 0 ? y : mode == 1 ? x : w;
    memset(out, 0, sizeof(float) * (mode == 0 ? Y->n * Y->c * Y->h * Y->w : mode == 1 ? X->n * X->c * X->h * X->w : W->n * W->c * W->h * W->w));
    int og = W->n / c->g, cg = W->c;
    for (int n = 0; n < Y->n; n++) for (int o = 0; o < Y->c; o++) for (int i = 0; i < Y->h; i++) for (int j = 0; j < Y->w; j++)
        for (int ci = 0; ci < cg; ci++) for (int kh = 0; kh < W->h; kh++) for (int kw = 0; kw < W->w; kw++) {
            int ih = i * c->sh - c->ph + kh * c->dh, iw = j * c->sw - c->pw + kw * c->dw;
            if (ih < 0 || iw < 0 || ih >= X->h || iw >= X->w) continue;
            long xi = ((long) (n * X->c + (o / og) * cg + ci) * X->h + ih) * X->w + iw;
            long wi = ((long) (o * W->c + ci) * W->h + kh) * W->w + kw;
            long yi = ((long) (n * Y->c + o) * Y->h + i) * Y->w + j;
            if (mode == 0) y[yi] += x[xi] * w[wi]; else if (mode == 1) x[xi] += y[yi] * w[wi]; else w[wi] += x[xi] * y[yi];
        }
    return 0;
}
int cudnnConvolutionForward(void *h, const float *al, Desc *xd, float *x, Desc *wd, float *w, Conv *c, int a, void *s, size_t n, const float *be, Desc *yd, float *y) { return run(0, xd, x, wd, w, c, yd, y, a, s, n, be); }
int cudnnConvolutionBackwardData(void *h, const float *al, Desc *wd, float *w, Desc *dyd, float *dy, Conv *c, int a, void *s, size_t n, const float *be, Desc *dxd, float *dx) { return run(1, dxd, dx, wd, w, c, dyd, dy, a, s, n, be); }
int cudnnConvolutionBackwardFilter(void *h, const float *al, Desc *xd, float *x, Desc *dyd, float *dy, Conv *c, int a, void *s, size_t n, const float *be, Desc *dwd, float *dw) { return run(2, xd, x, dwd, dw, c, dyd, dy, a, s, n, be); }
