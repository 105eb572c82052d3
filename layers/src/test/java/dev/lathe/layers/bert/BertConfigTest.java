package dev.lathe.layers.bert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.engine.InvalidInputException;
import dev.lathe.layers.attention.FeedForwardActivation;
import org.junit.jupiter.api.Test;

class BertConfigTest {

    @Test
    void defaultsAreHuggingFacesBertBase() {
        BertConfig c = BertConfig.defaults();
        assertEquals(new BertConfig(30522, 768, 12, 12, 3072, "gelu", 0.1, 0.1, 512, 2, 0.02, 1e-12, 0), c);
        assertEquals(64, c.headSize());
        assertEquals(FeedForwardActivation.GELU, c.activation());
        assertEquals(FeedForwardActivation.GELU_TANH, new BertConfig(10, 4, 1, 2, 8, "gelu_new", 0, 0, 8, 2, 0.02, 1e-12, 0).activation());
    }

    private static String rejected(int hidden, int heads, String act, double dropout, int pad) {
        return assertThrows(InvalidInputException.class,
                () -> new BertConfig(10, hidden, 1, heads, 8, act, dropout, 0.1, 8, 2, 0.02, 1e-12, pad)).getMessage();
    }

    @Test
    void inconsistentConfigsAreRejectedWithTheFieldNamed() {
        assertTrue(rejected(6, 4, "gelu", 0.1, 0).contains("hidden_size 6 is not a multiple of num_attention_heads 4"));
        assertTrue(rejected(0, 1, "gelu", 0.1, 0).contains("hidden_size must be positive"));
        assertTrue(rejected(4, 2, "swish", 0.1, 0).contains("hidden_act"));
        assertTrue(rejected(4, 2, "gelu", 1.0, 0).contains("hidden_dropout_prob must lie in [0, 1)"));
        assertTrue(rejected(4, 2, "gelu", 0.1, 10).contains("pad_token_id 10"));
    }
}
