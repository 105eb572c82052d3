package dev.lathe.conformance.reference;

import static org.junit.jupiter.api.Assertions.fail;

import dev.lathe.engine.Shapes;
import dev.lathe.engine.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one rule by which a Lathe result agrees with PyTorch's, both in F32:
 *
 * <pre>  |lathe − torch| ≤ K·ε·S + 8·ε·|torch|   elementwise, ε = 2⁻²³ (F32 machine epsilon)</pre>
 *
 * The two libraries compute the same formulas but add in different orders (blocked GEMMs, other
 * reduction trees), so each addition may round differently. K is the summed length of the
 * reductions the value passes through forward and backward (written by the fixture generator from
 * the layer's geometry); a sum of K terms differs by at most about K·ε times the size of its terms,
 * and S stands for that size: the largest reference value of the compared tensor, except that the
 * parameter gradients of one module (weight and bias) share the largest among them, because they
 * sum the same upstream gradients. That matters where a gradient cancels to nothing: attention's key
 * bias gets zero in exact arithmetic (softmax ignores a shift shared by all keys), so both libraries
 * return rounding noise of the size of the key weight's gradient terms. 8·ε·|torch| covers the few
 * ulps of elementwise functions (exp, tanh, sqrt). A reference that is zero throughout, with no
 * sibling to give it a scale, must come out exactly zero (a padding row's gradient).
 *
 * <p>Each case records the largest absolute difference and the largest difference relative to S,
 * prints them on one line and fails listing every tensor outside the rule.
 */
final class Agreement {

    static final double EPS = Math.ulp(1.0f);
    private static final double ELEMENTWISE_ULPS = 8;
    private static final String PARAMETER_GRADIENTS = "grad_param";

    private final String caseName;
    private final int reductionLength;
    private final List<String> failures = new ArrayList<>();
    private int compared;
    private double maxAbs;
    private String maxAbsTensor = "-";
    private double maxRel;
    private String maxRelTensor = "-";

    Agreement(String caseName, int reductionLength) {
        this.caseName = caseName;
        this.reductionLength = reductionLength;
    }

    /**
     * Compares the fixture's tensors {@code <prefix>.<name>} with Lathe's of the same names; a tensor
     * on one side only is a failure. A null Lathe gradient (nothing reached the tensor) stands for zeros.
     */
    void compareGroup(String prefix, Map<String, Tensor> expected, Map<String, Tensor> actual) {
        Map<String, Double> ownerScales = new HashMap<>();
        if (prefix.equals(PARAMETER_GRADIENTS)) {
            expected.forEach((name, torch) -> ownerScales.merge(owner(name), largest(torch.toDoubleArray()), Math::max));
        }
        for (Map.Entry<String, Tensor> e : expected.entrySet()) {
            String label = prefix + "." + e.getKey();
            Tensor mine = actual.get(e.getKey());
            double[] theirs = e.getValue().toDoubleArray();
            if (mine != null) {
                compare(label, mine, e.getValue(), ownerScales.getOrDefault(owner(e.getKey()), largest(theirs)));
            } else if (!actual.containsKey(e.getKey())) {
                failures.add(label + ": Lathe has no such tensor");
            } else if (largest(theirs) != 0) {
                failures.add(label + ": Lathe computed no gradient, PyTorch's is not zero");
            }
        }
        for (String name : actual.keySet()) {
            if (!expected.containsKey(name)) {
                failures.add(prefix + "." + name + ": PyTorch's fixture has no such tensor");
            }
        }
    }

    /** The module a parameter belongs to: its dotted name without the last part. */
    private static String owner(String parameter) {
        int dot = parameter.lastIndexOf('.');
        return dot < 0 ? "" : parameter.substring(0, dot);
    }

    private static double largest(double[] values) {
        double out = 0;
        for (double v : values) {
            out = Math.max(out, Math.abs(v));
        }
        return out;
    }

    private void compare(String name, Tensor lathe, Tensor torch, double scale) {
        compared++;
        if (!Arrays.equals(lathe.shape(), torch.shape())) {
            failures.add(name + ": Lathe's shape [" + Shapes.format(lathe.shape()) + "] is not PyTorch's [" + Shapes.format(torch.shape()) + "]");
            return;
        }
        double[] mine = lathe.toDoubleArray();
        double[] theirs = torch.toDoubleArray();
        double tensorAbs = 0;
        int worst = -1;
        int outside = 0;
        for (int i = 0; i < theirs.length; i++) {
            double diff = Math.abs(mine[i] - theirs[i]);
            double bound = reductionLength * EPS * scale + ELEMENTWISE_ULPS * EPS * Math.abs(theirs[i]);
            if (!(diff <= bound)) {
                outside++;
                if (worst < 0 || !(diff <= Math.abs(mine[worst] - theirs[worst]))) {
                    worst = i;
                }
            }
            if (!(diff <= tensorAbs)) {
                tensorAbs = diff;
            }
        }
        double tensorRel = scale > 0 ? tensorAbs / scale : tensorAbs == 0 ? 0 : Double.POSITIVE_INFINITY;
        if (!(tensorAbs <= maxAbs)) {
            maxAbs = tensorAbs;
            maxAbsTensor = name;
        }
        if (!(tensorRel <= maxRel)) {
            maxRel = tensorRel;
            maxRelTensor = name;
        }
        if (outside > 0) {
            failures.add(String.format(Locale.ROOT, "%s: %d of %d values differ beyond the bound; worst at flat index %d: Lathe %.9g,"
                    + " PyTorch %.9g (S %.3g)", name, outside, theirs.length, worst, mine[worst], theirs[worst], scale));
        }
    }

    /** Prints the case's summary line and fails if any tensor disagreed or was missing. */
    void finish() {
        System.out.printf(Locale.ROOT, "pytorch-agreement %s: %d tensors, max abs %.2e (%s), max rel %.2e (%s), K %d, bound K·eps %.2e%n",
                caseName, compared, maxAbs, maxAbsTensor, maxRel, maxRelTensor, reductionLength, reductionLength * EPS);
        if (!failures.isEmpty()) {
            fail(caseName + " disagrees with PyTorch:\n  " + String.join("\n  ", failures));
        }
    }
}
