package dev.lathe.train.data.text;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * BERT's BasicTokenizer, in Hugging Face's order: drop NUL, U+FFFD and control characters, turn
 * whitespace into spaces, put spaces around every CJK ideograph, normalise to NFC, split on
 * whitespace, optionally lower-case and strip accents (NFD, then drop non-spacing marks), and
 * make every punctuation character its own token.
 */
public final class BasicTokenizer {

    private final boolean lowercase;

    public BasicTokenizer(boolean lowercase) {
        this.lowercase = lowercase;
    }

    public List<String> tokenize(String text) {
        StringBuilder cleaned = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (c == 0 || c == 0xFFFD || isControl(c)) {
                return;
            }
            if (isWhitespace(c)) {
                cleaned.append(' ');
            } else if (isCjk(c)) {
                cleaned.append(' ').appendCodePoint(c).append(' ');
            } else {
                cleaned.appendCodePoint(c);
            }
        });
        List<String> tokens = new ArrayList<>();
        for (String word : splitOnWhitespace(Normalizer.normalize(cleaned, Normalizer.Form.NFC))) {
            if (lowercase) {
                word = stripAccents(word.toLowerCase(Locale.ROOT));
            }
            splitOnPunctuation(word, tokens);
        }
        return tokens;
    }

    private static List<String> splitOnWhitespace(CharSequence text) {
        return Separators.split(text, c -> isWhitespace(c) || Character.isWhitespace(c));
    }

    private static String stripAccents(String word) {
        StringBuilder out = new StringBuilder();
        Normalizer.normalize(word, Normalizer.Form.NFD).codePoints()
                .filter(c -> Character.getType(c) != Character.NON_SPACING_MARK)
                .forEach(out::appendCodePoint);
        return out.toString();
    }

    private static void splitOnPunctuation(String word, List<String> tokens) {
        StringBuilder piece = new StringBuilder();
        word.codePoints().forEach(c -> {
            if (isPunctuation(c)) {
                if (piece.length() > 0) {
                    tokens.add(piece.toString());
                    piece.setLength(0);
                }
                tokens.add(Character.toString(c));
            } else {
                piece.appendCodePoint(c);
            }
        });
        if (piece.length() > 0) {
            tokens.add(piece.toString());
        }
    }

    /** BERT's _is_whitespace: space, tab, newline, carriage return, or a space separator (Zs). */
    static boolean isWhitespace(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || Character.getType(c) == Character.SPACE_SEPARATOR;
    }

    /** BERT's _is_control: Cc or Cf, except tab, newline and carriage return (whitespace). */
    static boolean isControl(int c) {
        if (c == '\t' || c == '\n' || c == '\r') {
            return false;
        }
        int type = Character.getType(c);
        return type == Character.CONTROL || type == Character.FORMAT;
    }

    /** BERT's _is_punctuation: every ASCII non-letter-or-digit symbol (so $, +, ^ count) and Unicode P*. */
    static boolean isPunctuation(int c) {
        if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126)) {
            return true;
        }
        return switch (Character.getType(c)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION -> true;
            default -> false;
        };
    }

    /** BERT's _is_chinese_char: the CJK Unified Ideographs blocks and extensions A–E, and the compatibility ideographs. */
    static boolean isCjk(int c) {
        return (c >= 0x4E00 && c <= 0x9FFF)
                || (c >= 0x3400 && c <= 0x4DBF)
                || (c >= 0x20000 && c <= 0x2A6DF)
                || (c >= 0x2A700 && c <= 0x2B73F)
                || (c >= 0x2B740 && c <= 0x2B81F)
                || (c >= 0x2B820 && c <= 0x2CEAF)
                || (c >= 0xF900 && c <= 0xFAFF)
                || (c >= 0x2F800 && c <= 0x2FA1F);
    }
}
