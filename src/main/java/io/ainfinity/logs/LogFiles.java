package io.ainfinity.logs;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the last lines of a log without reading the whole file (logs of long trainings run into gigabytes), by the
 * line rule of {@link LogFollower}.
 */
public final class LogFiles {

    private static final int CHUNK = 64 * 1024;

    /** Lines longer than this are cut, as in the log streams. */
    public static final int MAX_CHARS = 16 * 1024;

    private LogFiles() {}

    public static List<String> tail(Path file, int lines) throws IOException {
        if (lines <= 0 || !Files.isRegularFile(file)) {
            return List.of();
        }
        List<String> found = new LogFollower(file, MAX_CHARS, start(file, lines)).readRest();
        return found.size() <= lines ? found : found.subList(found.size() - lines, found.size());
    }

    /** Where the last {@code lines} lines start: walks back chunk by chunk over as many line ends. */
    private static long start(Path file, int lines) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long end = raf.length();
            long pos = end;
            int newlines = 0;
            while (pos > 0) {
                int size = (int) Math.min(CHUNK, pos);
                pos -= size;
                byte[] buf = new byte[size];
                raf.seek(pos);
                raf.readFully(buf);
                for (int i = size - 1; i >= 0; i--) {
                    // The file's own last line end closes its last line; it does not start one.
                    if (buf[i] == '\n' && pos + i != end - 1 && ++newlines == lines) {
                        return pos + i + 1;
                    }
                }
            }
            return 0;
        }
    }
}
