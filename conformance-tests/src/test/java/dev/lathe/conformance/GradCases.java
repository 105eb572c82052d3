package dev.lathe.conformance;

import static dev.lathe.conformance.GradCase.BROADCAST;
import static dev.lathe.conformance.GradCase.NON_CONTIGUOUS;
import static dev.lathe.conformance.GradCase.PLAIN;

import dev.lathe.conformance.GradCase.Leaf;
import dev.lathe.engine.DType;
import dev.lathe.engine.Generator;
import dev.lathe.engine.Tensor;
import dev.lathe.engine.Tensors;
import dev.lathe.engine.backend.Conv2dParams;
import dev.lathe.engine.backend.Pool2dParams;
import dev.lathe.engine.functional.Activations;
import dev.lathe.engine.functional.Dropout;
import dev.lathe.engine.functional.Losses;
import dev.lathe.engine.functional.Normalization;
import dev.lathe.engine.ops.Convolution;
import dev.lathe.engine.ops.Elementwise;
import dev.lathe.engine.ops.Indexing;
import dev.lathe.engine.ops.LinearAlgebra;
import dev.lathe.engine.ops.Pooling;
import dev.lathe.engine.ops.Recurrent;
import dev.lathe.engine.ops.Reductions;
import dev.lathe.engine.ops.Views;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/** Every gradient check, for every registered op and composite, with broadcast and non-contiguous layouts. */
final class GradCases {

    private GradCases() {
    }

    static Leaf any(int... shape) {
        return new Leaf(shape, -1, 1);
    }

    static Leaf positive(int... shape) {
        return new Leaf(shape, 0.5, 2);
    }

    /** A [rows, cols] input read through a transposed view of a [cols, rows] leaf. */
    static Tensor transposed(Tensor leaf) {
        return leaf.transpose(0, 1);
    }

    /** A [rows, 4] input read through a narrowed view (non-zero offset, row stride 8) of a [rows, 8] leaf. */
    static Tensor narrowed(Tensor leaf) {
        return leaf.narrow(1, 2, 4);
    }

    static List<GradCase> all() {
        List<GradCase> cases = new ArrayList<>();
        binary(cases);
        unary(cases);
        selection(cases);
        recurrent(cases);
        reductions(cases);
        linearAlgebra(cases);
        convolutionAndPooling(cases);
        indexing(cases);
        views(cases);
        composites(cases);
        return cases;
    }

    private static void binaryOp(List<GradCase> cases, String op, BinaryOperator<Tensor> f, boolean positiveRight) {
        Function<int[], Leaf> right = shape -> positiveRight ? positive(shape) : any(shape);
        Function<int[], Leaf> left = shape -> op.equals("pow") ? positive(shape) : any(shape);
        cases.add(new GradCase(op, PLAIN, x -> f.apply(x[0], x[1]), left.apply(new int[] {3, 4}), right.apply(new int[] {3, 4})));
        cases.add(new GradCase(op, BROADCAST, x -> f.apply(x[0], x[1]), left.apply(new int[] {3, 1, 4}), right.apply(new int[] {5, 1})));
        cases.add(new GradCase(op, NON_CONTIGUOUS, x -> f.apply(transposed(x[0]), narrowed(x[1])),
                left.apply(new int[] {4, 3}), right.apply(new int[] {3, 8})));
    }

    private static void binary(List<GradCase> cases) {
        binaryOp(cases, "add", Elementwise::add, false);
        binaryOp(cases, "sub", Elementwise::sub, false);
        binaryOp(cases, "mul", Elementwise::mul, false);
        binaryOp(cases, "div", Elementwise::div, true);
        binaryOp(cases, "pow", Elementwise::pow, false);
        binaryOp(cases, "maximum", Elementwise::maximum, false);
        binaryOp(cases, "minimum", Elementwise::minimum, false);
        binaryOp(cases, "relu_backward", Elementwise::reluBackward, false);
    }

    private static void unaryOp(List<GradCase> cases, String op, UnaryOperator<Tensor> f, boolean positiveOnly) {
        Function<int[], Leaf> leaf = shape -> positiveOnly ? positive(shape) : any(shape);
        cases.add(new GradCase(op, PLAIN, x -> f.apply(x[0]), leaf.apply(new int[] {3, 4})));
        cases.add(new GradCase(op, NON_CONTIGUOUS, x -> f.apply(narrowed(transposed(x[0]))), leaf.apply(new int[] {8, 3})));
    }

    private static void unary(List<GradCase> cases) {
        unaryOp(cases, "neg", Elementwise::neg, false);
        unaryOp(cases, "abs", Elementwise::abs, false);
        unaryOp(cases, "exp", Elementwise::exp, false);
        unaryOp(cases, "log", Elementwise::log, true);
        unaryOp(cases, "sqrt", Elementwise::sqrt, true);
        unaryOp(cases, "tanh", Elementwise::tanh, false);
        unaryOp(cases, "sigmoid", Elementwise::sigmoid, false);
        unaryOp(cases, "relu", Elementwise::relu, false);
        unaryOp(cases, "erf", Elementwise::erf, false);
        unaryOp(cases, "reciprocal", Elementwise::reciprocal, true);
        unaryOp(cases, "gelu", Activations::gelu, false);
        unaryOp(cases, "gelu_derivative", Elementwise::geluDerivative, false);
        unaryOp(cases, "leaky_relu", x -> Activations.leakyRelu(x, 0.1), false);
    }

    private static Tensor mask(int... shape) {
        return Tensors.bernoulli(0.5, DType.F64, dev.lathe.engine.Device.CPU, new Generator(7), shape);
    }

    private static void selection(List<GradCase> cases) {
        cases.add(new GradCase("where", PLAIN, x -> Elementwise.where(mask(3, 4), x[0], x[1]), any(3, 4), any(3, 4)));
        cases.add(new GradCase("where", BROADCAST, x -> Elementwise.where(mask(3, 4), x[0], x[1]), any(3, 1), any(4)));
        cases.add(new GradCase("where", NON_CONTIGUOUS, x -> Elementwise.where(mask(3, 4), transposed(x[0]), narrowed(x[1])),
                any(4, 3), any(3, 8)));
    }

    private static void recurrent(List<GradCase> cases) {
        // gates [3, 4H] and the previous cell [3, H], H = 2; then H = 4 through a transposed and a narrowed view
        cases.add(new GradCase("lstm_cell", PLAIN, x -> Recurrent.lstmCell(x[0], x[1]), any(3, 8), any(3, 2)));
        cases.add(new GradCase("lstm_cell", NON_CONTIGUOUS, x -> Recurrent.lstmCell(transposed(x[0]), narrowed(x[1])),
                any(16, 3), any(3, 8)));
    }

    private static void reductions(List<GradCase> cases) {
        cases.add(new GradCase("sum", PLAIN, x -> Reductions.sum(x[0], 1, false), any(3, 4)));
        cases.add(new GradCase("sum", "two axes, keepDims", x -> Reductions.sum(x[0], new int[] {0, 2}, true), any(2, 3, 4)));
        cases.add(new GradCase("sum", NON_CONTIGUOUS, x -> Reductions.sum(transposed(x[0]), 0, false), any(5, 3)));
        cases.add(new GradCase("max", PLAIN, x -> Reductions.max(x[0], 1, false), any(3, 4)));
        cases.add(new GradCase("max", "two axes, keepDims", x -> Reductions.max(x[0], new int[] {0, 2}, true), any(2, 3, 4)));
        cases.add(new GradCase("max", NON_CONTIGUOUS, x -> Reductions.max(narrowed(x[0]), -1, false), any(3, 8)));
        cases.add(new GradCase("mean", PLAIN, x -> Reductions.mean(x[0], 1, true), any(3, 4)));
        cases.add(new GradCase("mean", NON_CONTIGUOUS, x -> Reductions.meanAll(transposed(x[0])), any(4, 3)));
    }

    private static void linearAlgebra(List<GradCase> cases) {
        cases.add(new GradCase("matmul", PLAIN, x -> LinearAlgebra.matmul(x[0], x[1]), any(3, 4), any(4, 5)));
        cases.add(new GradCase("matmul", BROADCAST, x -> LinearAlgebra.matmul(x[0], x[1]), any(2, 3, 4), any(4, 5)));
        cases.add(new GradCase("matmul", NON_CONTIGUOUS, x -> LinearAlgebra.matmul(transposed(x[0]), narrowed(x[1]).transpose(0, 1)),
                any(4, 3), any(5, 8)));
        cases.add(new GradCase("matmul", "vector", x -> LinearAlgebra.matmul(x[0], x[1]), any(3, 4), any(4)));
        cases.add(new GradCase("matmul", "broadcast, non-contiguous batch", x -> LinearAlgebra.matmul(x[0].transpose(0, 1), x[1]),
                any(3, 2, 4), any(4, 5)));
    }

    private static void convolutionAndPooling(List<GradCase> cases) {
        Conv2dParams padded = Conv2dParams.of(1, 1);
        Conv2dParams strided = new Conv2dParams(2, 1, 1, 0, 2, 1, 2);
        cases.add(new GradCase("conv2d", PLAIN, x -> Convolution.conv2d(x[0], x[1], padded), any(2, 3, 5, 5), any(4, 3, 3, 3)));
        cases.add(new GradCase("conv2d", "stride, dilation, groups", x -> Convolution.conv2d(x[0], x[1], strided),
                any(2, 4, 7, 6), any(6, 2, 3, 2)));
        cases.add(new GradCase("conv2d", NON_CONTIGUOUS, x -> Convolution.conv2d(x[0].permute(0, 3, 1, 2), x[1], padded),
                any(2, 5, 4, 3), any(2, 3, 3, 3)));
        Pool2dParams two = Pool2dParams.of(2);
        Pool2dParams overlapping = new Pool2dParams(3, 3, 2, 2, 1, 1, false);
        cases.add(new GradCase("max_pool2d", PLAIN, x -> Pooling.maxPool2d(x[0], two), any(2, 3, 6, 6)));
        cases.add(new GradCase("max_pool2d", "stride 2, padding 1", x -> Pooling.maxPool2d(x[0], overlapping), any(2, 2, 7, 6)));
        cases.add(new GradCase("max_pool2d", NON_CONTIGUOUS, x -> Pooling.maxPool2d(x[0].permute(0, 3, 1, 2), two), any(2, 4, 6, 3)));
        cases.add(new GradCase("avg_pool2d", PLAIN, x -> Pooling.avgPool2d(x[0], two), any(2, 3, 6, 6)));
        cases.add(new GradCase("avg_pool2d", "stride 2, padding 1, padding excluded", x -> Pooling.avgPool2d(x[0], overlapping),
                any(2, 2, 7, 6)));
        cases.add(new GradCase("avg_pool2d", NON_CONTIGUOUS, x -> Pooling.avgPool2d(x[0].permute(0, 3, 1, 2), two), any(2, 4, 6, 3)));
    }

    private static void indexing(List<GradCase> cases) {
        Tensor tokens = Tensors.of(new int[] {0, 3, 3, 6, 1, 0, 2, 5}, 2, 4);
        Tensor picks = Tensors.of(new int[] {1, 4, 0, 0, 3, 2, 2, 1}, 4, 2);
        cases.add(new GradCase("index_select", "embedding lookup", x -> Indexing.indexSelect(x[0], 0, tokens), any(7, 3)));
        cases.add(new GradCase("index_select", NON_CONTIGUOUS, x -> Indexing.indexSelect(transposed(x[0]), 1, picks.reshape(-1)),
                any(5, 3)));
        cases.add(new GradCase("embedding_bag_sum", "bags with repeated ids", x -> Indexing.embeddingBagSum(x[0], tokens), any(7, 3)));
        cases.add(new GradCase("embedding_bag_sum", NON_CONTIGUOUS, x -> Indexing.embeddingBagSum(transposed(x[0]), picks),
                any(3, 5)));
        cases.add(new GradCase("gather", PLAIN, x -> Indexing.gather(x[0], 1, picks), any(4, 5)));
        cases.add(new GradCase("gather", NON_CONTIGUOUS, x -> Indexing.gather(transposed(x[0]), 1, picks), any(5, 4)));
    }

    private static void views(List<GradCase> cases) {
        cases.add(new GradCase("reshape", PLAIN, x -> x[0].reshape(2, -1), any(3, 4)));
        cases.add(new GradCase("reshape", NON_CONTIGUOUS, x -> transposed(x[0]).reshape(-1), any(4, 3)));
        cases.add(new GradCase("permute", PLAIN, x -> x[0].permute(2, 0, 1), any(2, 3, 4)));
        cases.add(new GradCase("permute", NON_CONTIGUOUS, x -> narrowed(x[0]).permute(1, 0), any(3, 8)));
        cases.add(new GradCase("narrow", PLAIN, x -> x[0].narrow(0, 1, 3), any(5, 4)));
        cases.add(new GradCase("narrow", NON_CONTIGUOUS, x -> transposed(x[0]).narrow(1, 1, 2), any(4, 3)));
        cases.add(new GradCase("expand", BROADCAST, x -> x[0].expand(2, 3, 4), any(3, 1)));
        cases.add(new GradCase("expand", NON_CONTIGUOUS, x -> narrowed(x[0]).unsqueeze(0).expand(2, 3, 4), any(3, 8)));
        cases.add(new GradCase("contiguous", NON_CONTIGUOUS, x -> transposed(x[0]).contiguous(), any(4, 3)));
        cases.add(new GradCase("cat", PLAIN, x -> Views.cat(List.of(x[0], x[1]), 1), any(2, 3), any(2, 4)));
        cases.add(new GradCase("cat", NON_CONTIGUOUS, x -> Views.cat(List.of(transposed(x[0]), narrowed(x[1])), 0), any(4, 3), any(2, 8)));
        // through F32 and back: the step must be large against F32 rounding (~1e-7), and the
        // function is linear, so a 1e-2 step has no truncation error
        cases.add(new GradCase("cast", PLAIN, x -> x[0].to(DType.F32).mul(3.0).to(DType.F64), new Leaf[] {any(3, 4)}, 1e-2, 1e-4, 1e-4));
        cases.add(new GradCase("to_device", PLAIN, x -> x[0].to(SecondDevice.require()).mul(2.0).to(x[0].device()), any(3, 4)));
    }

    private static void composites(List<GradCase> cases) {
        Tensor labels = Tensors.of(new int[] {2, 0, 4, 1}, 4);
        Tensor labelsWithIgnored = Tensors.of(new int[] {2, -100, 4, 1}, 4);
        Tensor sequenceLabels = Tensors.of(new int[] {0, 2, 1, 1, 2, 0}, 2, 3);
        cases.add(new GradCase("softmax", PLAIN, x -> Activations.softmax(x[0], 1), any(3, 5)));
        cases.add(new GradCase("softmax", NON_CONTIGUOUS, x -> Activations.softmax(transposed(x[0]), 0), any(3, 5)));
        cases.add(new GradCase("log_softmax", PLAIN, x -> Activations.logSoftmax(x[0], -1), any(3, 5)));
        cases.add(new GradCase("log_softmax", NON_CONTIGUOUS, x -> Activations.logSoftmax(narrowed(x[0]), 1), any(3, 8)));
        cases.add(new GradCase("dropout", PLAIN, x -> Dropout.dropout(x[0], 0.3, true, new Generator(5)), any(4, 6)));
        cases.add(new GradCase("layer_norm", PLAIN, x -> Normalization.layerNorm(x[0], 1, x[1], x[2], 1e-5),
                any(3, 6), any(6), any(6)));
        cases.add(new GradCase("layer_norm", NON_CONTIGUOUS, x -> Normalization.layerNorm(transposed(x[0]), 2, null, null, 1e-5),
                any(4, 3)));
        cases.add(new GradCase("mse", PLAIN, x -> Losses.mse(x[0], x[1]), any(4, 3), any(4, 3)));
        cases.add(new GradCase("mse", NON_CONTIGUOUS, x -> Losses.mse(transposed(x[0]), narrowed(x[1])), any(4, 3), any(3, 8)));
        cases.add(new GradCase("binary_cross_entropy_with_logits", PLAIN,
                x -> Losses.binaryCrossEntropyWithLogits(x[0].mul(4.0), x[1].add(1.0).mul(0.5)), any(4, 3), any(4, 3)));
        cases.add(new GradCase("cross_entropy", PLAIN, x -> Losses.crossEntropy(x[0], labels), any(4, 5)));
        cases.add(new GradCase("cross_entropy", "ignore index", x -> Losses.crossEntropy(x[0], labelsWithIgnored, -100), any(4, 5)));
        cases.add(new GradCase("cross_entropy", "sequence [N, C, T]", x -> Losses.crossEntropy(x[0], sequenceLabels), any(2, 3, 3)));
        cases.add(new GradCase("cross_entropy", NON_CONTIGUOUS, x -> Losses.crossEntropy(transposed(x[0]), labels), any(5, 4)));
        cases.add(new GradCase("cross_entropy_probabilities", PLAIN,
                x -> Losses.crossEntropyWithProbabilities(x[0], Activations.softmax(x[1], 1)), any(4, 5), any(4, 5)));
    }
}
