package io.ainfinity.job.logs;

import java.nio.charset.StandardCharsets;

import io.vertx.core.buffer.Buffer;

/**
 * Consecutive log lines {@code first..last}, encoded as server-sent event frames into one buffer that every subscriber
 * is sent (the buffer is never changed once built, so it is written to many connections as it is).
 */
final class LogBatch {

    private final long first;
    private final long last;
    private final Buffer frames;
    /** Where line {@code first + i} starts in {@code frames}; the last entry is the buffer's length. */
    private final int[] offsets;

    private volatile Buffer chunk;

    LogBatch(long first, long last, Buffer frames, int[] offsets) {
        this.first = first;
        this.last = last;
        this.frames = frames;
        this.offsets = offsets;
    }

    /** A batch of no line that carries a comment (a heartbeat). */
    static LogBatch comment(Buffer frame) {
        return new LogBatch(1, 0, frame, new int[] {0, frame.length()});
    }

    long first() {
        return first;
    }

    long last() {
        return last;
    }

    Buffer frames() {
        return frames;
    }

    /**
     * The lines after {@code cursor}: this batch for a subscriber that has every line before {@code first} (the
     * common case, no copy), a copy of the rest for one that already has some of them.
     */
    LogBatch after(long cursor) {
        if (cursor < first) {
            return this;
        }
        int skip = (int) (cursor - first + 1);
        int[] rest = new int[offsets.length - skip];
        for (int i = 0; i < rest.length; i++) {
            rest[i] = offsets[skip + i] - offsets[skip];
        }
        return new LogBatch(cursor + 1, last, frames.getBuffer(offsets[skip], frames.length()), rest);
    }

    /**
     * The frames as one HTTP/1.1 chunk (size line, frames, line end), built once for all the connections that take
     * the batch whole. Two event loops racing build it twice, which costs a copy and nothing else.
     */
    Buffer chunk() {
        Buffer built = chunk;
        if (built == null) {
            built = Buffer.buffer(frames.length() + 12)
                    .appendString(Integer.toHexString(frames.length()) + "\r\n", StandardCharsets.US_ASCII.name())
                    .appendBuffer(frames)
                    .appendString("\r\n");
            chunk = built;
        }
        return built;
    }
}
