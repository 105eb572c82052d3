package dev.lathe.conformance.reference;

import dev.lathe.engine.Tensor;
import dev.lathe.layers.Module;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs a Lathe module as PyTorch ran it for a fixture and compares everything the fixture holds:
 * loads the parameters and buffers (strictly, by PyTorch's names), sets the mode, makes the inputs
 * that PyTorch differentiated into leaves, backpropagates Σ output·grad_output (a scalar loss with
 * gradient 1), then holds the outputs, input gradients, parameter gradients and buffers after the
 * step to {@link Agreement}'s rule.
 */
final class ReferenceCheck {

    private ReferenceCheck() {
    }

    /**
     * @param module  the layer under test (its parameters come from the fixture), or null for a loss
     * @param forward maps the fixture's inputs by name to the outputs by the fixture's names
     */
    static void run(Fixture fixture, Module module, Function<Map<String, Tensor>, Map<String, Tensor>> forward) {
        if (module != null) {
            module.train(fixture.train());
            module.loadStateDict(fixture.group("param"), true);
        }
        Map<String, Tensor> gradInputs = fixture.group("grad_input");
        Map<String, Tensor> inputs = new LinkedHashMap<>(fixture.group("input"));
        gradInputs.keySet().forEach(name -> inputs.get(name).requiresGrad(true));

        Map<String, Tensor> outputs = forward.apply(inputs);
        Map<String, Tensor> gradOutputs = fixture.group("grad_output");
        Tensor total = null;
        for (Map.Entry<String, Tensor> out : outputs.entrySet()) {
            Tensor upstream = gradOutputs.get(out.getKey());
            Tensor term = upstream == null ? out.getValue() : out.getValue().mul(upstream).sum();
            total = total == null ? term : total.add(term);
        }
        total.backward();

        Agreement agreement = new Agreement(fixture.name(), fixture.reductionLength());
        agreement.compareGroup("output", fixture.group("output"), outputs);
        Map<String, Tensor> inputGrads = new LinkedHashMap<>();
        gradInputs.keySet().forEach(name -> inputGrads.put(name, inputs.get(name).grad()));
        agreement.compareGroup("grad_input", gradInputs, inputGrads);
        if (module != null) {
            Map<String, Tensor> paramGrads = new LinkedHashMap<>();
            module.namedParameters().forEach((name, p) -> paramGrads.put(name, p.value().grad()));
            agreement.compareGroup("grad_param", fixture.group("grad_param"), paramGrads);
            Map<String, Tensor> after = fixture.group("state_after");
            Map<String, Tensor> state = new LinkedHashMap<>(module.stateDict());
            state.keySet().retainAll(after.keySet());
            agreement.compareGroup("state_after", after, state);
        }
        agreement.finish();
    }
}
