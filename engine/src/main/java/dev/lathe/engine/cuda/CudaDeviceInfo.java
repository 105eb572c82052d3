package dev.lathe.engine.cuda;

import java.util.Locale;

/** What the driver says about one GPU. {@code driverVersion} is CUDA's encoding, e.g. 13000 for 13.0. */
public record CudaDeviceInfo(int index, String name, long totalMemory, int computeMajor, int computeMinor, int multiprocessors,
                             int driverVersion) {

    /** E.g. "NVIDIA H100 80GB HBM3, 79.1 GiB, compute capability 9.0, 132 multiprocessors, driver CUDA 13.0". */
    public String describe() {
        return String.format(Locale.ROOT, "%s, %s, compute capability %d.%d, %d multiprocessors, driver CUDA %s", name,
                Bytes.format(totalMemory), computeMajor, computeMinor, multiprocessors, driverVersionText(driverVersion));
    }

    /** CUDA's version number as "major.minor": 12040 is 12.4. */
    public static String driverVersionText(int version) {
        return version / 1000 + "." + version % 1000 / 10;
    }
}
