package dev.lathe.engine.cuda;

import java.util.Locale;

/** Byte counts for people: "512 B", "1.50 MiB", "79.10 GiB". */
public final class Bytes {

    private Bytes() {
    }

    public static String format(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.2f %s", value, units[unit]);
    }
}
