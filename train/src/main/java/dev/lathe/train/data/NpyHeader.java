package dev.lathe.train.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The header of an NPY file: a Python dict literal with exactly the keys 'descr' (a dtype string),
 * 'fortran_order' (True/False) and 'shape' (a tuple of ints), parsed strictly: anything else, a
 * structured dtype included, is an error naming the file.
 */
record NpyHeader(String descr, boolean fortranOrder, int[] shape) {

    static NpyHeader parse(String text, Path file) {
        Parser parser = new Parser(text, file);
        Map<String, Object> dict = parser.dict();
        parser.end();
        if (!dict.keySet().equals(Set.of("descr", "fortran_order", "shape"))) {
            throw parser.error("the keys must be 'descr', 'fortran_order' and 'shape', got " + dict.keySet());
        }
        if (!(dict.get("descr") instanceof String descr)) {
            throw parser.error("'descr' must be a dtype string (structured dtypes are not supported)");
        }
        if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
            throw parser.error("'fortran_order' must be True or False");
        }
        if (!(dict.get("shape") instanceof int[] shape)) {
            throw parser.error("'shape' must be a tuple of ints");
        }
        return new NpyHeader(descr, fortran, shape);
    }

    private static final class Parser {
        private final String text;
        private final Path file;
        private int pos;

        Parser(String text, Path file) {
            this.text = text;
            this.file = file;
        }

        Map<String, Object> dict() {
            expect('{');
            Map<String, Object> entries = new LinkedHashMap<>();
            while (!peek('}')) {
                String key = string();
                expect(':');
                if (entries.put(key, value()) != null) {
                    throw error("duplicate key '" + key + "'");
                }
                if (!peek('}')) {
                    expect(',');
                }
            }
            expect('}');
            return entries;
        }

        void end() {
            skipSpace();
            if (pos != text.length()) {
                throw error("unexpected text after the dict at character " + (pos + 1));
            }
        }

        private Object value() {
            skipSpace();
            if (peek('\'') || peek('"')) {
                return string();
            }
            if (peek('(')) {
                return tuple();
            }
            if (peek('[')) {
                throw error("structured dtypes are not supported");
            }
            if (text.startsWith("True", pos)) {
                pos += 4;
                return Boolean.TRUE;
            }
            if (text.startsWith("False", pos)) {
                pos += 5;
                return Boolean.FALSE;
            }
            throw error("unexpected value at character " + (pos + 1));
        }

        private int[] tuple() {
            expect('(');
            List<Integer> dims = new ArrayList<>();
            while (!peek(')')) {
                dims.add(integer());
                if (!peek(')')) {
                    expect(',');
                }
            }
            expect(')');
            return dims.stream().mapToInt(Integer::intValue).toArray();
        }

        private int integer() {
            skipSpace();
            int start = pos;
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                pos++;
            }
            if (start == pos) {
                throw error("expected a dimension at character " + (pos + 1));
            }
            String digits = text.substring(start, pos);
            if (pos < text.length() && text.charAt(pos) == 'L') {
                pos++; // Python 2 long literal
            }
            try {
                return Integer.parseInt(digits);
            } catch (NumberFormatException e) {
                throw error("dimension " + digits + " is too large");
            }
        }

        private String string() {
            skipSpace();
            if (!peek('\'') && !peek('"')) {
                throw error("expected a quoted string at character " + (pos + 1));
            }
            char quote = text.charAt(pos++);
            int end = text.indexOf(quote, pos);
            if (end < 0) {
                throw error("unterminated string");
            }
            String s = text.substring(pos, end);
            pos = end + 1;
            return s;
        }

        private boolean peek(char c) {
            skipSpace();
            return pos < text.length() && text.charAt(pos) == c;
        }

        private void expect(char c) {
            if (!peek(c)) {
                throw error("expected '" + c + "' at character " + (pos + 1));
            }
            pos++;
        }

        private void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        RuntimeException error(String problem) {
            return DataFiles.invalid(file, "invalid NPY header " + text.strip() + ": " + problem);
        }
    }
}
