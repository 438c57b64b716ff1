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
 * Follows a growing log by offset: each call returns only the lines written since the previous one, so following a
 * job costs what the job writes, not the size of its log. A line still being written stays buffered until its end
 * arrives. Carriage returns end lines too, because progress bars rewrite one line with them and a metric line
 * printed after a bar would otherwise hide behind it. Not thread-safe: one caller at a time.
 */
public final class LogFollower {

    private static final int CHUNK = 64 * 1024;

    private final Path file;
    private final int maxLine;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private long offset;
    private boolean skipping;

    /** @param maxLine longer lines are dropped (their start and their end alike) rather than buffered */
    public LogFollower(Path file, int maxLine) {
        this.file = file;
        this.maxLine = maxLine;
    }

    /** The complete lines written since the last call, reading at most about {@code maxBytes} of the file. */
    public List<String> readNew(long maxBytes) throws IOException {
        List<String> lines = new ArrayList<>();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() < offset) {
                // Truncated or replaced: start again from its beginning.
                offset = 0;
                partial.reset();
                skipping = false;
            }
            ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
            long budget = maxBytes;
            while (budget > 0) {
                buffer.clear();
                int read = channel.read(buffer, offset);
                if (read <= 0) {
                    break;
                }
                offset += read;
                budget -= read;
                split(buffer.array(), read, lines);
            }
        } catch (NoSuchFileException notYet) {
            return lines;
        }
        return lines;
    }

    /** Everything up to the end of the file, including a last line that has no line end: for a finished writer. */
    public List<String> readRest() throws IOException {
        List<String> lines = readNew(Long.MAX_VALUE);
        if (!skipping && partial.size() > 0) {
            lines.add(partial.toString(StandardCharsets.UTF_8));
        }
        partial.reset();
        skipping = false;
        return lines;
    }

    /** Where the next read starts, in bytes from the start of the file. */
    public long offset() {
        return offset;
    }

    private void split(byte[] bytes, int length, List<String> lines) {
        int start = 0;
        for (int i = 0; i < length; i++) {
            if (bytes[i] == '\n' || bytes[i] == '\r') {
                append(bytes, start, i - start);
                if (!skipping && partial.size() > 0) {
                    lines.add(partial.toString(StandardCharsets.UTF_8));
                }
                partial.reset();
                skipping = false;
                start = i + 1;
            }
        }
        append(bytes, start, length - start);
    }

    private void append(byte[] bytes, int from, int count) {
        if (skipping || count == 0) {
            return;
        }
        if (partial.size() + count > maxLine) {
            partial.reset();
            skipping = true;
            return;
        }
        partial.write(bytes, from, count);
    }
}
