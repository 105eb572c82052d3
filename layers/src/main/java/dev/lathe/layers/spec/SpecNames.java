package dev.lathe.layers.spec;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Spec enums are written in lower case (their constant names, lower-cased). */
final class SpecNames {

    private SpecNames() {
    }

    static <E extends Enum<E>> E parse(Class<E> type, String text, String what) {
        for (E constant : type.getEnumConstants()) {
            if (jsonName(constant).equals(text)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("unknown " + what + " '" + text + "' (known: " + known(type) + ")");
    }

    static String jsonName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    static String known(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(SpecNames::jsonName).collect(Collectors.joining(", "));
    }
}
