package dev.lathe.train;

/** The loss became NaN or infinite: the run stops at that step, leaving the checkpoints of the last finished epoch as they were. */
public final class TrainingDivergedException extends RuntimeException {

    public TrainingDivergedException(String message) {
        super(message);
    }
}
