package dev.lathe.cli.train;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options train, eval and predict share. */
final class DataOptions {

    @Option(names = "--data", paramLabel = "FILE", description = "Train on this file instead of the spec's data.train (formats idx, npy, csv, tsv, jsonl).")
    Path data;

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "cpu", description = "cpu, cuda or cuda:N (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of initialisation, shuffling and dropout (default: the spec's seed).")
    Long seed;

    @Option(names = "--install-data", description = "Install a dataset's missing Debian package (apt-get, as root) instead of stopping.")
    boolean installData;
}
