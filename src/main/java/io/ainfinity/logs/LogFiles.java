package io.ainfinity.logs;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** Reads the last lines of a log without reading the whole file: logs of long trainings run into gigabytes. */
public final class LogFiles {

    private static final int CHUNK = 64 * 1024;

    private LogFiles() {}

    public static List<String> tail(Path file, int lines) throws IOException {
        if (lines <= 0 || !Files.isRegularFile(file)) {
            return List.of();
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long end = raf.length();
            long pos = end;
            int newlines = 0;
            // Walk back chunk by chunk until the start of the wanted lines (one more newline than lines) is found.
            while (pos > 0 && newlines <= lines) {
                int size = (int) Math.min(CHUNK, pos);
                pos -= size;
                byte[] buf = new byte[size];
                raf.seek(pos);
                raf.readFully(buf);
                for (int i = size - 1; i >= 0; i--) {
                    if (buf[i] == '\n' && !(pos + i == end - 1)) {
                        newlines++;
                        if (newlines == lines) {
                            pos += i + 1;
                            return split(raf, pos, end);
                        }
                    }
                }
            }
            return split(raf, 0, end);
        }
    }

    private static List<String> split(RandomAccessFile raf, long from, long to) throws IOException {
        byte[] buf = new byte[(int) (to - from)];
        raf.seek(from);
        raf.readFully(buf);
        String text = new String(buf, StandardCharsets.UTF_8);
        Deque<String> out = new ArrayDeque<>(List.of(text.split("\n", -1)));
        if (!out.isEmpty() && out.peekLast().isEmpty()) {
            out.removeLast();
        }
        return new ArrayList<>(out);
    }
}
