package dev.lathe.train.optim;

/** The learning rate as a function of progress. */
@FunctionalInterface
public interface LearningRateSchedule {

    /** The learning rate of the update that follows {@code step} completed updates ({@code at(0)} is the first update's). */
    double at(long step);
}
