package dev.lathe.engine.cuda;

import dev.lathe.engine.DType;
import dev.lathe.engine.Shapes;
import dev.lathe.engine.Tensor;
import jcuda.Pointer;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;
import jcuda.jcublas.cublasMath;
import jcuda.jcublas.cublasOperation;
import jcuda.runtime.cudaStream_t;

/** Batched matrix products through one cublasSgemmStridedBatched call each (see {@link GemmPlan}). */
final class CublasMatmul {

    private static final Pointer ONE = Pointer.to(new float[] {1f});
    private static final Pointer ZERO = Pointer.to(new float[] {0f});

    private final cublasHandle handle = new cublasHandle();
    private final int version;

    /** A cuBLAS handle on the context's stream; TF32 tensor-core math only when asked for. */
    CublasMatmul(CudaContext context, boolean tf32) {
        context.bind();
        CudaCalls.cublas(JCublas2.cublasCreate(handle), () -> "cublasCreate");
        CudaCalls.cublas(JCublas2.cublasSetStream(handle, new cudaStream_t(context.stream())), () -> "cublasSetStream");
        int mode = tf32 ? cublasMath.CUBLAS_TF32_TENSOR_OP_MATH : cublasMath.CUBLAS_DEFAULT_MATH;
        CudaCalls.cublas(JCublas2.cublasSetMathMode(handle, mode), () -> "cublasSetMathMode(" + cublasMath.stringFor(mode) + ")");
        int[] v = new int[1];
        CudaCalls.cublas(JCublas2.cublasGetVersion(handle, v), () -> "cublasGetVersion");
        version = v[0];
    }

    /** cuBLAS's version as "major.minor.patch" (it encodes 12.6.1 as 120601). */
    String version() {
        return version / 10000 + "." + version / 100 % 100 + "." + version % 100;
    }

    Tensor matmul(CudaBackend backend, Tensor a, Tensor b) {
        GemmPlan plan = GemmPlan.of(a.shape(), a.strides(), b.shape(), b.strides());
        Tensor out = backend.empty(DType.F32, plan.outShape());
        if (out.numel() == 0) {
            return out;
        }
        if (plan.k() == 0) {
            backend.fill(out, 0);
            return out;
        }
        if (plan.a() != null && plan.b() != null) {
            gemm(plan, a, b, out);
            return out;
        }
        try (Tensor ua = plan.a() != null ? a.view(a.shape(), a.strides(), a.offset()) : expandedCopy(backend, a, plan);
             Tensor ub = plan.b() != null ? b.view(b.shape(), b.strides(), b.offset()) : expandedCopy(backend, b, plan)) {
            gemm(GemmPlan.of(ua.shape(), ua.strides(), ub.shape(), ub.strides()), ua, ub, out);
        }
        return out;
    }

    /** The operand broadcast to the output's batch dimensions, as a contiguous copy cuBLAS reads with one batch stride. */
    private static Tensor expandedCopy(CudaBackend backend, Tensor x, GemmPlan plan) {
        int[] shape = plan.expandedShape(x.shape());
        Tensor copy = backend.empty(x.dtype(), shape);
        try (Tensor expanded = x.view(shape, Shapes.broadcastStrides(x.shape(), x.strides(), shape), x.offset())) {
            backend.copy(expanded, copy);
        }
        return copy;
    }

    private void gemm(GemmPlan p, Tensor a, Tensor b, Tensor out) {
        GemmPlan.Operand oa = p.a();
        GemmPlan.Operand ob = p.b();
        CudaCalls.cublas(JCublas2.cublasSgemmStridedBatched(handle, op(ob), op(oa), p.n(), p.m(), p.k(), ONE,
                CudaStorage.address(b), ob.leading(), ob.batchStride(), CudaStorage.address(a), oa.leading(), oa.batchStride(), ZERO,
                CudaStorage.address(out), p.n(), (long) p.m() * p.n(), p.batchCount()),
                () -> "cublasSgemmStridedBatched for " + a.describe() + " @ " + b.describe() + " (m " + p.m() + ", n " + p.n() + ", k "
                        + p.k() + ", batch " + p.batchCount() + ", A " + oa + ", B " + ob + ")");
    }

    private static int op(GemmPlan.Operand operand) {
        return operand.transposed() ? cublasOperation.CUBLAS_OP_T : cublasOperation.CUBLAS_OP_N;
    }
}
