package io.ainfinity.job.logs;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.vertx.core.buffer.Buffer;

/**
 * Log lines as server-sent event frames, encoded once per batch however many subscribers receive them: each frame is
 * {@code id}, {@code event: log} and one {@code data} line (JSON, so never a line break inside).
 */
final class LogFrames {

    /**
     * A comment frame that keeps proxies from closing an idle stream, shared by a feed's viewers and never changed.
     * Built at run time: a buffer in a constant would be stored in the native image's heap, which Vert.x's buffers
     * may not be.
     */
    static LogBatch heartbeat() {
        return LogBatch.comment(Buffer.buffer(": heartbeat\n\n"));
    }

    private LogFrames() {}

    /**
     * The lines' frames in one buffer, and where each starts.
     *
     * @param lines consecutive lines, ascending, none of them an end marker
     */
    static LogBatch encode(List<LogLine> lines) {
        int[] offsets = new int[lines.size() + 1];
        Buffer out = Buffer.buffer(lines.size() * 96);
        for (int i = 0; i < lines.size(); i++) {
            offsets[i] = out.length();
            LogLine line = lines.get(i);
            out.appendString("id: ")
                    .appendString(Long.toString(line.number()))
                    .appendString("\nevent: log\ndata: ")
                    .appendBytes(line.json().text().getBytes(StandardCharsets.UTF_8))
                    .appendString("\n\n");
        }
        offsets[lines.size()] = out.length();
        long first = lines.isEmpty() ? 0 : lines.get(0).number();
        return new LogBatch(first, first + lines.size() - 1, out, offsets);
    }
}
