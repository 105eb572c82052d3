package dev.lathe.train.data.text;

import dev.lathe.train.data.DataFiles;
import dev.lathe.train.data.Utf8Lines;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Tokens by id and ids by token, and their vocab.txt form as BERT ships it: UTF-8, one token per
 * line, a token's id its line number counting from 0. A token given twice is an error naming both
 * lines (a silent duplicate would shadow an id), and so is a token the tokenizer needs but lacks.
 */
final class Vocabulary {

    private final List<String> tokens;
    private final Map<String, Integer> ids;

    private Vocabulary(List<String> tokens, Map<String, Integer> ids) {
        this.tokens = tokens;
        this.ids = ids;
    }

    /** A vocabulary built in memory; the tokens are distinct by construction. */
    static Vocabulary of(List<String> tokens) {
        return new Vocabulary(List.copyOf(tokens), index(tokens, null));
    }

    /** Reads a vocab.txt that must hold every token of {@code required}. */
    static Vocabulary read(Path file, List<String> required) {
        List<String> tokens = Utf8Lines.read(file);
        if (tokens.isEmpty()) {
            throw DataFiles.invalid(file, "the vocabulary is empty");
        }
        Vocabulary vocabulary = new Vocabulary(List.copyOf(tokens), index(tokens, file));
        for (String token : required) {
            if (!vocabulary.ids.containsKey(token)) {
                throw DataFiles.invalid(file, "the vocabulary has no " + token + " token");
            }
        }
        return vocabulary;
    }

    private static Map<String, Integer> index(List<String> tokens, Path file) {
        Map<String, Integer> ids = new HashMap<>(tokens.size() * 2);
        for (int i = 0; i < tokens.size(); i++) {
            Integer earlier = ids.putIfAbsent(tokens.get(i), i);
            if (earlier != null) {
                String problem = "token '" + tokens.get(i) + "' appears on line " + (earlier + 1) + " and again on line " + (i + 1);
                throw file == null ? new IllegalArgumentException(problem) : DataFiles.invalid(file, problem);
            }
        }
        return ids;
    }

    /** Checks that {@code expected} are the first tokens, in order (the ids a tokenizer hard-wires). */
    void requirePrefix(List<String> expected, Path file) {
        if (tokens.size() < expected.size() || !tokens.subList(0, expected.size()).equals(expected)) {
            throw DataFiles.invalid(file, "the vocabulary must start with " + expected + ", it starts with "
                    + tokens.subList(0, Math.min(tokens.size(), expected.size())));
        }
    }

    List<String> tokens() {
        return tokens;
    }

    OptionalInt id(String token) {
        Integer id = ids.get(token);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    int id(String token, int unknown) {
        return ids.getOrDefault(token, unknown);
    }

    void write(Path file) {
        StringBuilder text = new StringBuilder();
        for (String token : tokens) {
            if (token.indexOf('\n') >= 0 || token.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("token '" + token + "' holds a line break and cannot be written to " + file);
            }
            text.append(token).append('\n');
        }
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write: " + e.getMessage(), e);
        }
    }
}
