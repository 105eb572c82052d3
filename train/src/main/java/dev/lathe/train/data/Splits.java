package dev.lathe.train.data;

/** A dataset's fixed training and test parts. */
public record Splits<T>(T train, T test) {
}
