package dev.lathe.train.data.text;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/** Splitting text into the non-empty runs of code points between separators. */
final class Separators {

    private Separators() {
    }

    static List<String> split(CharSequence text, IntPredicate isSeparator) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (isSeparator.test(c)) {
                if (part.length() > 0) {
                    parts.add(part.toString());
                    part.setLength(0);
                }
            } else {
                part.appendCodePoint(c);
            }
        });
        if (part.length() > 0) {
            parts.add(part.toString());
        }
        return parts;
    }
}
