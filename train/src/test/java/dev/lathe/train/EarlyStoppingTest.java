package dev.lathe.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lathe.engine.InvalidInputException;
import dev.lathe.layers.spec.EarlyStoppingSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EarlyStoppingTest {

    private static TrainingState run(EarlyStopping stopping, double... values) {
        TrainingState state = TrainingState.fresh();
        for (int epoch = 1; epoch <= values.length && !state.stopped(); epoch++) {
            state = stopping.update(state, epoch, epoch * 10L, Map.of("loss", 0.0, "val_loss", values[epoch - 1], "val_accuracy", -values[epoch - 1]));
        }
        return state;
    }

    @Test
    void stopsAfterPatienceEpochsWithoutImprovement() {
        EarlyStopping stopping = new EarlyStopping(new EarlyStoppingSpec(null, 2, null, true), true);
        assertEquals("val_loss", stopping.monitor());
        TrainingState state = run(stopping, 1.0, 0.8, 0.9, 0.85, 0.7);
        assertTrue(state.stopped());
        assertEquals(4, state.epochsDone(), "epochs 3 and 4 did not beat epoch 2");
        assertEquals(2, state.bestEpoch());
        assertEquals(0.8, state.best());
    }

    @Test
    void minDeltaAndHigherIsBetterForAccuracy() {
        EarlyStopping stopping = new EarlyStopping(new EarlyStoppingSpec("val_accuracy", 1, 0.05, null), true);
        // accuracies -1.0, -0.98, ...: the second is better by only 0.02 < min_delta
        TrainingState state = run(stopping, 1.0, 0.98);
        assertTrue(state.stopped());
        assertEquals(1, state.bestEpoch());
    }

    @Test
    void withoutEarlyStoppingItOnlyTracksTheBestEpoch() {
        EarlyStopping tracking = new EarlyStopping(null, false);
        assertEquals("loss", tracking.monitor());
        assertFalse(tracking.restoreBest());
        TrainingState state = run(new EarlyStopping(null, true), 3, 2, 4, 5, 6, 7);
        assertFalse(state.stopped());
        assertEquals(2, state.bestEpoch());
    }

    @Test
    void anUnknownMonitorIsBadInput() {
        EarlyStopping stopping = new EarlyStopping(new EarlyStoppingSpec("val_auc", 1, null, null), true);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> run(stopping, 1.0));
        assertTrue(e.getMessage().contains("early_stopping.monitor 'val_auc' is not a metric of this run"), e.getMessage());
    }
}
