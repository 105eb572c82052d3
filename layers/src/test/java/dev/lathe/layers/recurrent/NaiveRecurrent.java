package dev.lathe.layers.recurrent;

import java.util.Map;

/**
 * The recurrent equations written out with scalar loops, for one unpadded sequence at a time, as
 * PyTorch's documentation states them: an independent reference for the layers' tensor code.
 * Weights are flattened row-major under PyTorch's names; a missing bias counts as zero.
 */
final class NaiveRecurrent {

    enum Cell { RNN_TANH, RNN_RELU, LSTM, GRU }

    /**
     * @param output per step, the last layer's directions side by side [T][H·dirs]
     * @param h      final hidden state per layer and direction [L·dirs][H]
     * @param c      final cell state (LSTM) or null
     */
    record Result(double[][] output, double[][] h, double[][] c) {
    }

    private NaiveRecurrent() {
    }

    /** Runs {@code x} [T][C] through every layer and direction; initial states [L·dirs][H] or null for zeros. */
    static Result run(Cell cell, Map<String, double[]> params, int layers, boolean bidirectional, int hidden,
                      double[][] x, double[][] h0, double[][] c0) {
        int dirs = bidirectional ? 2 : 1;
        int steps = x.length;
        double[][] h = new double[layers * dirs][];
        double[][] c = new double[layers * dirs][];
        double[][] input = x;
        double[][] output = null;
        for (int layer = 0; layer < layers; layer++) {
            output = new double[steps][hidden * dirs];
            for (int d = 0; d < dirs; d++) {
                int index = layer * dirs + d;
                String suffix = "_l" + layer + (d == 1 ? "_reverse" : "");
                double[] state = h0 == null ? new double[hidden] : h0[index].clone();
                double[] cellState = c0 == null ? new double[hidden] : c0[index].clone();
                for (int k = 0; k < steps; k++) {
                    int t = d == 1 ? steps - 1 - k : k;
                    double[] gi = affine(params.get("weight_ih" + suffix), params.get("bias_ih" + suffix), input[t]);
                    double[] gh = affine(params.get("weight_hh" + suffix), params.get("bias_hh" + suffix), state);
                    double[] next = new double[hidden];
                    for (int j = 0; j < hidden; j++) {
                        switch (cell) {
                            case RNN_TANH -> next[j] = Math.tanh(gi[j] + gh[j]);
                            case RNN_RELU -> next[j] = Math.max(0, gi[j] + gh[j]);
                            case LSTM -> {
                                double i = sigmoid(gi[j] + gh[j]);
                                double f = sigmoid(gi[hidden + j] + gh[hidden + j]);
                                double g = Math.tanh(gi[2 * hidden + j] + gh[2 * hidden + j]);
                                double o = sigmoid(gi[3 * hidden + j] + gh[3 * hidden + j]);
                                cellState[j] = f * cellState[j] + i * g;
                                next[j] = o * Math.tanh(cellState[j]);
                            }
                            case GRU -> {
                                double r = sigmoid(gi[j] + gh[j]);
                                double z = sigmoid(gi[hidden + j] + gh[hidden + j]);
                                double n = Math.tanh(gi[2 * hidden + j] + r * gh[2 * hidden + j]);
                                next[j] = (1 - z) * n + z * state[j];
                            }
                        }
                    }
                    state = next;
                    System.arraycopy(state, 0, output[t], d * hidden, hidden);
                }
                h[index] = state;
                c[index] = cellState;
            }
            input = output;
        }
        return new Result(output, h, cell == Cell.LSTM ? c : null);
    }

    /** W v + b for W flattened [rows, v.length]. */
    private static double[] affine(double[] w, double[] b, double[] v) {
        int rows = w.length / v.length;
        double[] out = new double[rows];
        for (int r = 0; r < rows; r++) {
            double sum = b == null ? 0 : b[r];
            for (int k = 0; k < v.length; k++) {
                sum += w[r * v.length + k] * v[k];
            }
            out[r] = sum;
        }
        return out;
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }
}
