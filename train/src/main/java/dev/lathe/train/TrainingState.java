package dev.lathe.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lathe.engine.InvalidInputException;

/**
 * Where a run stands after a finished epoch, stored in the resume checkpoint beside the model and
 * optimizer state: with it (and the seed), the rest of a resumed run is the same as the rest of an
 * uninterrupted one.
 */
record TrainingState(int epochsDone, long steps, double best, int bestEpoch, int epochsWithoutImprovement, boolean stopped) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static TrainingState fresh() {
        return new TrainingState(0, 0, Double.NaN, 0, 0, false);
    }

    String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static TrainingState fromJson(String json, String source) {
        try {
            return JSON.readValue(json, TrainingState.class);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(source + ": the training state is malformed: " + e.getOriginalMessage());
        }
    }
}
