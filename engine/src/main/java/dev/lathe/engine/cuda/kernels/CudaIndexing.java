package dev.lathe.engine.cuda.kernels;

import dev.lathe.engine.DType;
import dev.lathe.engine.Shapes;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.cuda.KernelLauncher;
import java.util.Arrays;

/**
 * Backend's index_select, index_add, gather and scatter_add through index.cu. Indices are not read
 * back to check them (that would synchronise every op): kernels report an out-of-range index through
 * the launcher's device error word (see {@link DeviceErrors}). The adds are deterministic.
 */
public final class CudaIndexing {

    private CudaIndexing() {
    }

    public static Tensor indexSelect(KernelLauncher k, Tensor x, int dim, Tensor index) {
        int d = Shapes.normalizeDim(dim, x.dim());
        Operands.requireIndex("index_select", index);
        int[] xs = x.shape();
        Tensor out = k.empty(x.dtype(), Shapes.selectShape(xs, d, index.shape()));
        try (Operands.Dense xd = Operands.dense(k, x); Operands.Dense id = Operands.dense(k, index)) {
            KernelNames.indexSelect(x.dtype()).launch(k, out.numel(), xd.arg(), id.arg(), KernelArg.of(out),
                    KernelArg.of(outer(xs, d)), KernelArg.of((long) index.numel()), KernelArg.of((long) xs[d]),
                    KernelArg.of(inner(xs, d)), KernelArg.of(k.errorWord()));
        }
        return out;
    }

    public static Tensor indexAdd(KernelLauncher k, int[] shape, int dim, Tensor index, Tensor source) {
        int d = Shapes.normalizeDim(dim, shape.length);
        Operands.requireIndex("index_add", index);
        Operands.requireF32("index_add", source);
        int[] expected = Shapes.selectShape(shape, d, index.shape());
        if (!Arrays.equals(expected, source.shape())) {
            throw new IllegalArgumentException("index_add: source [" + Shapes.format(source.shape()) + "] should be ["
                    + Shapes.format(expected) + "]");
        }
        Tensor out = k.empty(DType.F32, shape);
        CudaElementwise.fill(k, out, 0);
        long outer = outer(shape, d);
        long inner = inner(shape, d);
        try (Operands.Dense sd = Operands.dense(k, source); Operands.Dense id = Operands.dense(k, index)) {
            KernelNames.INDEX_ADD.launch(k, outer * inner, id.arg(), sd.arg(), KernelArg.of(out), KernelArg.of(outer),
                    KernelArg.of((long) index.numel()), KernelArg.of((long) shape[d]), KernelArg.of(inner),
                    KernelArg.of(k.errorWord()));
        }
        return out;
    }

    public static Tensor gather(KernelLauncher k, Tensor x, int dim, Tensor index) {
        int d = Shapes.normalizeDim(dim, x.dim());
        Operands.requireIndex("gather", index);
        int[] is = index.shape();
        Shapes.checkGatherShapes("gather", x.shape(), d, is);
        Tensor out = k.empty(x.dtype(), is);
        int[] xStrides = x.strides();
        xStrides[d] = 0;
        LayoutStruct[] l = Layouts.over(is, xStrides, index.strides());
        long n = out.numel();
        KernelNames.gather(x.dtype()).launch(k, n, KernelArg.of(x), KernelArg.of(l[0]), KernelArg.of((long) x.stride(d)),
                KernelArg.of((long) x.size(d)), KernelArg.of(index), KernelArg.of(l[1]), KernelArg.of(out), KernelArg.of(n),
                KernelArg.of(k.errorWord()));
        return out;
    }

    public static Tensor scatterAdd(KernelLauncher k, int[] shape, int dim, Tensor index, Tensor source) {
        int d = Shapes.normalizeDim(dim, shape.length);
        Operands.requireIndex("scatter_add", index);
        Operands.requireF32("scatter_add", source);
        int[] is = index.shape();
        Shapes.checkGatherShapes("scatter_add", shape, d, is);
        if (!Arrays.equals(is, source.shape())) {
            throw new IllegalArgumentException("scatter_add: source [" + Shapes.format(source.shape())
                    + "] and index [" + Shapes.format(is) + "] differ in shape");
        }
        Tensor out = k.empty(DType.F32, shape);
        CudaElementwise.fill(k, out, 0);
        int[] outStrides = out.strides();
        // one line per position of the index outside dim; each thread walks its line along dim
        int[] lines = without(is, d);
        LayoutStruct[] l = Layouts.over(lines, without(index.strides(), d), without(source.strides(), d), without(outStrides, d));
        long count = Shapes.numel(lines);
        KernelNames.SCATTER_ADD.launch(k, count, KernelArg.of(index), KernelArg.of(l[0]), KernelArg.of((long) index.stride(d)),
                KernelArg.of(source), KernelArg.of(l[1]), KernelArg.of((long) source.stride(d)), KernelArg.of(out),
                KernelArg.of(l[2]), KernelArg.of((long) outStrides[d]), KernelArg.of((long) shape[d]), KernelArg.of(count),
                KernelArg.of((long) is[d]), KernelArg.of(k.errorWord()));
        return out;
    }

    private static long outer(int[] shape, int dim) {
        return Shapes.numel(Arrays.copyOf(shape, dim));
    }

    private static long inner(int[] shape, int dim) {
        return Shapes.numel(Arrays.copyOfRange(shape, dim + 1, shape.length));
    }

    private static int[] without(int[] values, int dim) {
        int[] out = new int[values.length - 1];
        System.arraycopy(values, 0, out, 0, dim);
        System.arraycopy(values, dim + 1, out, dim, values.length - dim - 1);
        return out;
    }
}
