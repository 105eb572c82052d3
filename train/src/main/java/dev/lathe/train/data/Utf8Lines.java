package dev.lathe.train.data;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The lines of a text file decoded strictly as UTF-8: a malformed byte sequence is an error naming
 * the line, never a silent U+FFFD. A leading byte-order mark is dropped, lines end at LF or CRLF,
 * and line {@code i + 1} of the file is element {@code i} (blank lines included).
 */
public final class Utf8Lines {

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private Utf8Lines() {
    }

    public static List<String> read(Path file) {
        byte[] bytes = DataFiles.readAllBytes(file);
        int start = startsWith(bytes, BOM) ? BOM.length : 0;
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        List<String> lines = new ArrayList<>();
        // LF (0x0A) never occurs inside a multi-byte UTF-8 sequence, so lines can be cut on bytes.
        while (start < bytes.length) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            int stop = end > start && bytes[end - 1] == '\r' ? end - 1 : end;
            lines.add(decode(decoder, bytes, start, stop, file, lines.size() + 1));
            start = end + 1;
        }
        return lines;
    }

    private static String decode(CharsetDecoder decoder, byte[] bytes, int from, int to, Path file, int line) {
        ByteBuffer in = ByteBuffer.wrap(bytes, from, to - from);
        CharBuffer out = CharBuffer.allocate(to - from);
        decoder.reset();
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw DataFiles.invalid(file, line, String.format("invalid UTF-8: byte 0x%02X at byte %d of the line",
                    bytes[in.position()] & 0xFF, in.position() - from + 1));
        }
        return out.flip().toString();
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
