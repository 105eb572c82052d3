package dev.lathe.train.optim;

import dev.lathe.layers.Parameter;
import java.util.Map;

/** torch.optim.AdamW: Adam whose weight decay shrinks the weight (w ×= 1 − lr·weight_decay) before the update instead of entering the gradient. */
public final class AdamW extends Adam {

    public AdamW(Map<String, Parameter> parameters, double lr, double beta1, double beta2, double eps, double weightDecay) {
        super("AdamW", parameters, lr, beta1, beta2, eps, weightDecay, true);
    }

    /** AdamW with torch's defaults: betas (0.9, 0.999), eps 1e-8, weight decay 0.01. */
    public AdamW(Map<String, Parameter> parameters, double lr) {
        this(parameters, lr, 0.9, 0.999, 1e-8, 0.01);
    }
}
