package dev.lathe.layers.recurrent;

import dev.lathe.engine.DType;
import dev.lathe.engine.Device;
import dev.lathe.engine.Generator;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import dev.lathe.layers.recurrent.NaiveRecurrent.Cell;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds layers of each cell type in F64 and reads their weights for the scalar reference. */
final class RecurrentFixtures {

    private RecurrentFixtures() {
    }

    static RecurrentLayer layer(Cell cell, int in, int hidden, RecurrentOptions options, long seed) {
        Generator g = new Generator(seed);
        RecurrentLayer layer = switch (cell) {
            case RNN_TANH -> new SimpleRNN(in, hidden, SimpleRNN.Nonlinearity.TANH, options, g);
            case RNN_RELU -> new SimpleRNN(in, hidden, SimpleRNN.Nonlinearity.RELU, options, g);
            case LSTM -> new LSTM(in, hidden, options, g);
            case GRU -> new GRU(in, hidden, options, g);
        };
        layer.to(DType.F64);
        return layer;
    }

    static Map<String, double[]> weights(RecurrentLayer layer) {
        Map<String, double[]> out = new LinkedHashMap<>();
        layer.namedParameters().forEach((name, p) -> out.put(name, p.value().toDoubleArray()));
        return out;
    }

    /** Uniform in [-1, 1), F64. */
    static Tensor random(long seed, int... shape) {
        return Tensors.uniform(-1, 1, DType.F64, Device.CPU, new Generator(seed), shape);
    }

    /** Row {@code n} of a batch-first [N, T, C] tensor's data, its first {@code length} steps. */
    static double[][] row(double[] data, int[] shape, int n, int length) {
        double[][] out = new double[length][shape[2]];
        for (int t = 0; t < length; t++) {
            System.arraycopy(data, (n * shape[1] + t) * shape[2], out[t], 0, shape[2]);
        }
        return out;
    }

    /** Slice {@code i} of the first axis of [A, N, H] data, row n. */
    static double[] stateRow(double[] data, int[] shape, int i, int n) {
        double[] out = new double[shape[2]];
        System.arraycopy(data, (i * shape[1] + n) * shape[2], out, 0, shape[2]);
        return out;
    }
}
