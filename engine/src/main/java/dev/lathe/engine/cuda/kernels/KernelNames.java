package dev.lathe.engine.cuda.kernels;

import dev.lathe.engine.DType;
import dev.lathe.engine.backend.BinaryOp;
import dev.lathe.engine.backend.CompareOp;
import dev.lathe.engine.backend.ReduceOp;
import dev.lathe.engine.backend.UnaryOp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every kernel the wrappers launch, named in one place: the wrappers take their kernels from here,
 * and KernelNamesTest checks each one against the {@code .entry} lines of the built PTX, so a name
 * cannot drift from its kernel unnoticed. Names follow {@code <op>_<dtype>} with dtype f32 or i32.
 */
public final class KernelNames {

    public static final String ELEMENTWISE = "elementwise";
    public static final String REDUCE = "reduce";
    public static final String INDEX = "index";
    public static final String POOL = "pool";
    public static final String RANDOM = "random";
    public static final String OPTIM = "optim";
    public static final String SOFTMAX_LOSS = "softmax_loss";
    public static final String NORM = "norm";
    public static final String ATTENTION = "attention";
    public static final String LSTM = "lstm";

    /** The block size the block-per-output reductions are compiled for (REDUCE_THREADS in reduce.cu). */
    public static final int REDUCE_THREADS = 256;

    /** The block size of the row-wise fused kernels (ROW_THREADS in block_reduce.cuh). */
    public static final int ROW_THREADS = 256;

    /** The dtypes kernels exist for; F64 stays on the CPU backend. */
    public static final List<DType> KERNEL_DTYPES = List.of(DType.F32, DType.I32);

    public static final Kernel INDEX_ADD = new Kernel(INDEX, "index_add_f32");
    public static final Kernel SCATTER_ADD = new Kernel(INDEX, "scatter_add_f32");
    public static final Kernel MAX_POOL2D = new Kernel(POOL, "max_pool2d_f32");
    public static final Kernel MAX_POOL2D_BACKWARD = new Kernel(POOL, "max_pool2d_backward_f32");
    public static final Kernel AVG_POOL2D = new Kernel(POOL, "avg_pool2d_f32");
    public static final Kernel AVG_POOL2D_BACKWARD = new Kernel(POOL, "avg_pool2d_backward_f32");
    public static final Kernel UNIFORM = new Kernel(RANDOM, "uniform_f32");
    public static final Kernel NORMAL = new Kernel(RANDOM, "normal_f32");
    public static final Kernel BERNOULLI = new Kernel(RANDOM, "bernoulli_f32");
    public static final Kernel ADAM = new Kernel(OPTIM, "adam_f32");
    public static final Kernel SOFTMAX = new Kernel(SOFTMAX_LOSS, "softmax_f32");
    public static final Kernel LOG_SOFTMAX = new Kernel(SOFTMAX_LOSS, "log_softmax_f32");
    public static final Kernel SOFTMAX_BACKWARD = new Kernel(SOFTMAX_LOSS, "softmax_backward_f32");
    public static final Kernel LOG_SOFTMAX_BACKWARD = new Kernel(SOFTMAX_LOSS, "log_softmax_backward_f32");
    public static final Kernel CROSS_ENTROPY = new Kernel(SOFTMAX_LOSS, "cross_entropy_f32");
    public static final Kernel CROSS_ENTROPY_BACKWARD = new Kernel(SOFTMAX_LOSS, "cross_entropy_backward_f32");
    public static final Kernel LAYER_NORM = new Kernel(NORM, "layer_norm_f32");
    public static final Kernel LAYER_NORM_BACKWARD = new Kernel(NORM, "layer_norm_backward_f32");
    public static final Kernel LAYER_NORM_PARAMS_BACKWARD = new Kernel(NORM, "layer_norm_params_backward_f32");
    public static final Kernel ATTENTION_SOFTMAX = new Kernel(ATTENTION, "attention_softmax_f32");
    public static final Kernel LSTM_CELL = new Kernel(LSTM, "lstm_cell_f32");
    public static final Kernel LSTM_CELL_BACKWARD = new Kernel(LSTM, "lstm_cell_backward_f32");
    public static final Kernel ATTENTION_SOFTMAX_BACKWARD = new Kernel(ATTENTION, "attention_softmax_backward_f32");

    private KernelNames() {
    }

    /** "f32" or "i32"; any other dtype is an error naming what the kernels support. */
    public static String suffix(DType dtype) {
        return switch (dtype) {
            case F32 -> "f32";
            case I32 -> "i32";
            case F64 -> throw new IllegalArgumentException("CUDA kernels run F32 and I32 tensors; F64 stays on the CPU backend");
        };
    }

    private static String lower(Enum<?> op) {
        return op.name().toLowerCase(Locale.ROOT);
    }

    public static Kernel unary(UnaryOp op) {
        return new Kernel(ELEMENTWISE, lower(op) + "_f32");
    }

    public static Kernel binary(BinaryOp op, DType dtype) {
        return new Kernel(ELEMENTWISE, lower(op) + "_" + suffix(dtype));
    }

    public static Kernel compare(CompareOp op, DType dtype) {
        return new Kernel(ELEMENTWISE, lower(op) + "_" + suffix(dtype));
    }

    public static Kernel where(DType dtype) {
        return new Kernel(ELEMENTWISE, "where_" + suffix(dtype));
    }

    public static Kernel fill(DType dtype) {
        return new Kernel(ELEMENTWISE, "fill_" + suffix(dtype));
    }

    /** copy_f32, copy_i32, or copy_&lt;src&gt;_to_&lt;dst&gt; when the dtype changes. */
    public static Kernel copy(DType src, DType dst) {
        return new Kernel(ELEMENTWISE, src == dst ? "copy_" + suffix(src) : "copy_" + suffix(src) + "_to_" + suffix(dst));
    }

    /** The block-per-output form, or with {@code serial} the thread-per-output form. */
    public static Kernel reduce(ReduceOp op, DType dtype, boolean serial) {
        return new Kernel(REDUCE, lower(op) + (serial ? "_serial_" : "_") + suffix(dtype));
    }

    public static Kernel argmax(DType dtype, boolean serial) {
        return new Kernel(REDUCE, "argmax" + (serial ? "_serial_" : "_") + suffix(dtype));
    }

    public static Kernel indexSelect(DType dtype) {
        return new Kernel(INDEX, "index_select_" + suffix(dtype));
    }

    public static Kernel gather(DType dtype) {
        return new Kernel(INDEX, "gather_" + suffix(dtype));
    }

    /** Every kernel any wrapper can launch. */
    public static List<Kernel> all() {
        List<Kernel> all = new ArrayList<>();
        for (UnaryOp op : UnaryOp.values()) {
            all.add(unary(op));
        }
        for (DType dtype : KERNEL_DTYPES) {
            for (BinaryOp op : BinaryOp.values()) {
                all.add(binary(op, dtype));
            }
            for (CompareOp op : CompareOp.values()) {
                all.add(compare(op, dtype));
            }
            all.add(where(dtype));
            all.add(fill(dtype));
            for (DType to : KERNEL_DTYPES) {
                all.add(copy(dtype, to));
            }
            for (boolean serial : new boolean[] {false, true}) {
                for (ReduceOp op : ReduceOp.values()) {
                    all.add(reduce(op, dtype, serial));
                }
                all.add(argmax(dtype, serial));
            }
            all.add(indexSelect(dtype));
            all.add(gather(dtype));
        }
        all.addAll(List.of(INDEX_ADD, SCATTER_ADD, MAX_POOL2D, MAX_POOL2D_BACKWARD, AVG_POOL2D, AVG_POOL2D_BACKWARD,
                UNIFORM, NORMAL, BERNOULLI, ADAM, SOFTMAX, LOG_SOFTMAX, SOFTMAX_BACKWARD, LOG_SOFTMAX_BACKWARD, CROSS_ENTROPY,
                CROSS_ENTROPY_BACKWARD, LAYER_NORM, LAYER_NORM_BACKWARD, LAYER_NORM_PARAMS_BACKWARD, ATTENTION_SOFTMAX,
                ATTENTION_SOFTMAX_BACKWARD, LSTM_CELL, LSTM_CELL_BACKWARD));
        return all;
    }
}
