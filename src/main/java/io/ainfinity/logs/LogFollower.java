package io.ainfinity.logs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The one reader of log files, and its line rule, which every view of a log shares (the tail, the stream, the metric
 * lines): a line ends at {@code \n}, and within a line a carriage return starts the text again, as on a terminal. So
 * a line reads as what follows its last {@code \r}: a progress bar redrawn a thousand times is one line showing its
 * last state, a metric line printed after a bar is not hidden behind it, and {@code \r\n} ends a line like
 * {@code \n}. Lines longer than {@code maxChars} are cut there; nothing more of them is kept in memory.
 *
 * <p>Follows a growing file by offset: each call returns only the lines completed since the previous one, so
 * following a job costs what the job writes, not the size of its log. Not thread-safe: one caller at a time.
 */
public final class LogFollower {

    /** A line and the offset just after its end, where the next line starts. */
    public record Line(String text, long next) {}

    private static final int CHUNK = 64 * 1024;

    private final Path file;
    private final int maxChars;
    private final int maxBytes;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private long offset;
    private boolean carriage;

    public LogFollower(Path file, int maxChars) {
        this(file, maxChars, 0);
    }

    /** @param from where to start reading: the start of a line */
    public LogFollower(Path file, int maxChars, long from) {
        this.file = file;
        this.maxChars = maxChars;
        // UTF-8 takes at most four bytes a character.
        this.maxBytes = Math.multiplyExact(maxChars, 4);
        this.offset = from;
    }

    /** The complete lines written since the last call, reading at most about {@code maxBytes} of the file. */
    public List<String> readNew(long maxBytes) throws IOException {
        return texts(lines(maxBytes));
    }

    /** Everything up to the end of the file, including a last line that has no line end: for a finished writer. */
    public List<String> readRest() throws IOException {
        return texts(rest());
    }

    /** Like {@link #readNew}, with where each line ends. */
    public List<Line> lines(long maxBytes) throws IOException {
        List<Line> lines = new ArrayList<>();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() < offset) {
                // Truncated or replaced: start again from its beginning.
                offset = 0;
                partial.reset();
                carriage = false;
            }
            ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
            long budget = maxBytes;
            while (budget > 0) {
                buffer.clear();
                int read = channel.read(buffer, offset);
                if (read <= 0) {
                    break;
                }
                split(buffer.array(), read, offset, lines);
                offset += read;
                budget -= read;
            }
        } catch (NoSuchFileException notYet) {
            return lines;
        }
        return lines;
    }

    /** Like {@link #readRest}, with where each line ends. */
    public List<Line> rest() throws IOException {
        List<Line> lines = lines(Long.MAX_VALUE);
        if (partial.size() > 0) {
            lines.add(new Line(text(), offset));
        }
        partial.reset();
        carriage = false;
        return lines;
    }

    /** Where the next read starts, in bytes from the start of the file. */
    public long offset() {
        return offset;
    }

    private void split(byte[] bytes, int length, long at, List<Line> lines) {
        int start = 0;
        for (int i = 0; i < length; i++) {
            byte b = bytes[i];
            if (b == '\n') {
                keep(bytes, start, i);
                lines.add(new Line(text(), at + i + 1));
                partial.reset();
                carriage = false;
                start = i + 1;
            } else if (b == '\r') {
                keep(bytes, start, i);
                carriage = true;
                start = i + 1;
            } else if (carriage) {
                // Text after a carriage return writes the line anew.
                partial.reset();
                carriage = false;
            }
        }
        keep(bytes, start, length);
    }

    private void keep(byte[] bytes, int from, int to) {
        int room = maxBytes - partial.size();
        if (room > 0 && to > from) {
            partial.write(bytes, from, Math.min(room, to - from));
        }
    }

    private String text() {
        String text = partial.toString(StandardCharsets.UTF_8);
        return text.length() > maxChars ? text.substring(0, maxChars) : text;
    }

    private static List<String> texts(List<Line> lines) {
        return lines.stream().map(Line::text).toList();
    }
}
