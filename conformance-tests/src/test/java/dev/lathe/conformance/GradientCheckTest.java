package dev.lathe.conformance;

import dev.lathe.engine.Tensor;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** F64 finite-difference gradient checks of every registered op and composite on the CPU backend. */
class GradientCheckTest {

    @TestFactory
    Stream<DynamicTest> gradientsMatchCentralDifferences() {
        return GradCases.all().stream().map(c -> DynamicTest.dynamicTest("gradcheck " + c, () -> {
            Tensor[] leaves = c.makeLeaves(c.toString().hashCode());
            try {
                double worst = GradCheck.check(c.toString(), c.function(), leaves, c.eps(), c.atol(), c.rtol());
                System.out.printf("gradcheck %-55s passed, max |analytic - numeric| = %.2e%n", c, worst);
            } finally {
                for (Tensor leaf : leaves) {
                    leaf.close();
                }
            }
        }));
    }
}
