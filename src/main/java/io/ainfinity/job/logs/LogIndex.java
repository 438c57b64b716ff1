package io.ainfinity.job.logs;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Numbers the lines of a growing log file and finds any line again without reading the file from the start: the byte
 * offset of every {@value #STRIDE}th line is kept, so resuming at line n reads at most {@value #STRIDE} lines before
 * it. Lines end with {@code \n}; a trailing line without one is counted only once the writer is done.
 */
final class LogIndex {

    static final int STRIDE = 1000;
    private static final int CHUNK = 64 * 1024;

    private final Path file;
    /** marks.get(k) = offset of line k * STRIDE + 1. */
    private final List<Long> marks = new ArrayList<>(List.of(0L));

    private long lines;
    private long offset;

    LogIndex(Path file) {
        this.file = file;
    }

    synchronized long lines() {
        return lines;
    }

    /**
     * Reads what was appended since the last call (at most {@code maxBytes}) and returns the complete new lines; with
     * {@code all}, also a last line without a line end.
     */
    synchronized List<LogLine> advance(long maxBytes, boolean all) throws IOException {
        List<LogLine> out = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long end = raf.length() - offset <= maxBytes ? raf.length() : offset + maxBytes;
            long lineStart = offset;
            raf.seek(offset);
            byte[] buf = new byte[CHUNK];
            long pos = offset;
            while (pos < end) {
                int n = raf.read(buf, 0, (int) Math.min(CHUNK, end - pos));
                if (n < 0) {
                    break;
                }
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        long next = pos + i + 1;
                        out.add(line(raf, lineStart, next - 1));
                        lineStart = next;
                    }
                }
                pos += n;
            }
            if (all && lineStart < raf.length() && end == raf.length()) {
                out.add(line(raf, lineStart, raf.length()));
                lineStart = raf.length();
            }
            offset = lineStart;
        }
        return out;
    }

    /** Lines numbered above {@code after}, at most {@code limit}, read from the file (never from memory). */
    List<LogLine> read(long after, int limit) throws IOException {
        long known;
        long start;
        long number;
        synchronized (this) {
            known = lines;
            int mark = (int) Math.min(after / STRIDE, marks.size() - 1);
            start = marks.get(mark);
            number = (long) mark * STRIDE;
        }
        List<LogLine> out = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            // Nothing written yet (a remote log whose follower has not started): no lines, not an error.
            return out;
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            raf.seek(start);
            long lineStart = start;
            byte[] buf = new byte[CHUNK];
            long pos = start;
            int n;
            while (number < known && out.size() < limit && (n = raf.read(buf)) > 0) {
                for (int i = 0; i < n && number < known && out.size() < limit; i++) {
                    if (buf[i] == '\n') {
                        number++;
                        long next = pos + i + 1;
                        if (number > after) {
                            long resume = raf.getFilePointer();
                            out.add(line(raf, lineStart, next - 1, number));
                            raf.seek(resume);
                        }
                        lineStart = next;
                    }
                }
                pos += n;
            }
            // A last line without a line end is counted once the writer is done; it ends at the end of the file.
            if (number < known && out.size() < limit && lineStart < raf.length() && number + 1 > after) {
                out.add(line(raf, lineStart, raf.length(), number + 1));
            }
        }
        return out;
    }

    private LogLine line(RandomAccessFile raf, long from, long to) throws IOException {
        lines++;
        if (lines % STRIDE == 0) {
            marks.add(to + 1);
        }
        long resume = raf.getFilePointer();
        LogLine line = line(raf, from, to, lines);
        raf.seek(resume);
        return line;
    }

    private static LogLine line(RandomAccessFile raf, long from, long to, long number) throws IOException {
        int length = (int) Math.min(to - from, LogLine.MAX_CHARS * 4L);
        byte[] bytes = new byte[length];
        raf.seek(from);
        raf.readFully(bytes);
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        return new LogLine(
                number, text.length() > LogLine.MAX_CHARS ? text.substring(0, LogLine.MAX_CHARS) : text, false);
    }
}
