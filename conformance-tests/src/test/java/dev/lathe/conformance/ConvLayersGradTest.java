package dev.lathe.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.engine.Generator;
import dev.lathe.layers.AvgPool2d;
import dev.lathe.layers.Conv2d;
import dev.lathe.layers.GlobalAvgPool2d;
import dev.lathe.layers.Layer;
import dev.lathe.layers.MaxPool2d;
import dev.lathe.layers.Padding;
import org.junit.jupiter.api.Test;

/** F64 gradient checks of Conv2d (every geometry option) and the 2-d pooling layers, w.r.t. inputs and weights. */
class ConvLayersGradTest {

    private static void check(String label, Layer layer, int... inputShape) {
        double worst = LayerGradCheck.check(label, layer, x -> layer.forward(x[0]), LayerGradCheck.input(label.hashCode(), inputShape));
        assertTrue(worst < 1e-7, label + ": worst " + worst);
    }

    @Test
    void conv2dPlain() {
        check("Conv2d 2→2 3×3", new Conv2d(2, 2, 3, new Generator(1)), 2, 2, 4, 4);
    }

    @Test
    void conv2dStrideAndPadding() {
        check("Conv2d stride 2 padding 1", Conv2d.builder(2, 3, 3).stride(2).padding(1).build(new Generator(2)), 1, 2, 5, 4);
    }

    @Test
    void conv2dRectangularKernelPerAxisStrideAndPaddingNoBias() {
        check("Conv2d 2×3 stride 1×2 padding 1×0", Conv2d.builder(2, 2, 1).kernel(2, 3).stride(1, 2).padding(Padding.of(1, 0))
                .bias(false).build(new Generator(3)), 1, 2, 3, 5);
    }

    @Test
    void conv2dDilation() {
        check("Conv2d dilation 2", Conv2d.builder(1, 2, 2).dilation(2).padding(1).build(new Generator(4)), 2, 1, 4, 4);
    }

    @Test
    void conv2dGroups() {
        check("Conv2d groups 2", Conv2d.builder(4, 2, 2).groups(2).build(new Generator(5)), 1, 4, 3, 3);
    }

    @Test
    void conv2dSameWithEvenKernel() {
        check("Conv2d same 2×2", Conv2d.builder(2, 2, 2).padding(Padding.SAME).build(new Generator(6)), 1, 2, 3, 3);
    }

    @Test
    void conv2dSameWithEvenRectangularDilatedKernel() {
        check("Conv2d same 3×2 dilation 1×3", Conv2d.builder(1, 2, 1).kernel(3, 2).dilation(1, 3).padding(Padding.SAME)
                .build(new Generator(7)), 1, 1, 3, 4);
    }

    @Test
    void conv2dValid() {
        check("Conv2d valid", Conv2d.builder(1, 1, 2).padding(Padding.VALID).build(new Generator(8)), 2, 1, 3, 3);
    }

    @Test
    void maxPool2d() {
        check("MaxPool2d 2", new MaxPool2d(2), 1, 2, 4, 4);
        check("MaxPool2d 3 stride 2 padding 1", new MaxPool2d(3, 2, 1), 1, 1, 5, 5);
    }

    @Test
    void avgPool2d() {
        check("AvgPool2d 2", new AvgPool2d(2), 1, 2, 4, 4);
        check("AvgPool2d 3 stride 2 padding 1 count pad", new AvgPool2d(3, 2, 1, true), 1, 1, 5, 5);
        check("AvgPool2d 3 stride 2 padding 1 exclude pad", new AvgPool2d(3, 2, 1, false), 1, 1, 5, 5);
    }

    @Test
    void globalAvgPool2d() {
        check("GlobalAvgPool2d", new GlobalAvgPool2d(), 2, 2, 3, 3);
    }
}
