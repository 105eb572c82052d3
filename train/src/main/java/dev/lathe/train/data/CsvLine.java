package dev.lathe.train.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One CSV record on one line, as RFC 4180 writes it: fields separated by commas, a field may be
 * quoted with {@code "} (then it may hold commas, and {@code ""} stands for a quote). A quote
 * inside an unquoted field, text after a closing quote and an unclosed quote are errors.
 */
public final class CsvLine {

    private CsvLine() {
    }

    /** The fields of {@code text}, line {@code line} of {@code file} (for errors). */
    public static List<String> split(String text, Path file, int line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        while (true) {
            field.setLength(0);
            if (i < text.length() && text.charAt(i) == '"') {
                i = quoted(text, i + 1, field, file, line);
                if (i < text.length() && text.charAt(i) != ',') {
                    throw DataFiles.invalid(file, line, "text after the closing quote of field " + (fields.size() + 1));
                }
            } else {
                int end = text.indexOf(',', i);
                end = end < 0 ? text.length() : end;
                field.append(text, i, end);
                if (field.indexOf("\"") >= 0) {
                    throw DataFiles.invalid(file, line, "a quote inside unquoted field " + (fields.size() + 1));
                }
                i = end;
            }
            fields.add(field.toString());
            if (i >= text.length()) {
                return fields;
            }
            i++; // the comma
        }
    }

    /** Reads a quoted field from just after its opening quote; returns the index after its closing quote. */
    private static int quoted(String text, int i, StringBuilder field, Path file, int line) {
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '"') {
                field.append(c);
                i++;
            } else if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                field.append('"');
                i += 2;
            } else {
                return i + 1;
            }
        }
        throw DataFiles.invalid(file, line, "unclosed quote (fields cannot span lines)");
    }
}
