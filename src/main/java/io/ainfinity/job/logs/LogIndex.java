package io.ainfinity.job.logs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.ainfinity.logs.LogFollower;

/**
 * Numbers the lines of a growing log file and finds any line again without reading the file from the start: the byte
 * offset of every {@value #STRIDE}th line is kept, so resuming at line n reads at most {@value #STRIDE} lines before
 * it. Lines are those of {@link LogFollower}'s rule; a trailing line without a line end is counted only once the
 * writer is done.
 */
final class LogIndex {

    static final int STRIDE = 1000;
    private static final int CHUNK = 64 * 1024;

    private final Path file;
    private final LogFollower follower;
    /** marks.get(k) = offset of line k * STRIDE + 1. */
    private final List<Long> marks = new ArrayList<>(List.of(0L));

    private long lines;

    LogIndex(Path file) {
        this.file = file;
        this.follower = new LogFollower(file, LogLine.MAX_CHARS);
    }

    synchronized long lines() {
        return lines;
    }

    /**
     * Reads what was appended since the last call (at most about {@code maxBytes}) and returns the complete new lines;
     * with {@code all}, also a last line without a line end.
     */
    synchronized List<LogLine> advance(long maxBytes, boolean all) throws IOException {
        List<LogLine> out = new ArrayList<>();
        List<LogFollower.Line> read = follower.lines(maxBytes);
        if (all && Files.isRegularFile(file) && follower.offset() == Files.size(file)) {
            read = new ArrayList<>(read);
            read.addAll(follower.rest());
        }
        for (LogFollower.Line line : read) {
            lines++;
            if (lines % STRIDE == 0) {
                marks.add(line.next());
            }
            out.add(new LogLine(lines, line.text()));
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
        LogFollower reader = new LogFollower(file, LogLine.MAX_CHARS, start);
        long size = Files.size(file);
        while (number < known && out.size() < limit) {
            boolean atEnd = reader.offset() >= size;
            // A last line without a line end is counted once the writer is done; it ends at the end of the file.
            List<LogFollower.Line> read = atEnd ? reader.rest() : reader.lines(CHUNK);
            for (LogFollower.Line line : read) {
                number++;
                if (number > after && number <= known && out.size() < limit) {
                    out.add(new LogLine(number, line.text()));
                }
            }
            if (atEnd) {
                break;
            }
        }
        return out;
    }
}
