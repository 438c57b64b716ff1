package io.ainfinity.job.logs;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import io.ainfinity.job.events.StreamItem;
import io.ainfinity.logs.LogFiles;

/**
 * A line of a job's log, numbered from 1.
 *
 * @param number the line's number, its stream event id
 * @param json the line as its stream event's data, {@code {"n":…,"line":"…"}}: serialized once, when the line is read,
 *     so that a line sent to many subscribers is not serialized again for each of them
 */
public record LogLine(long number, String text, StreamItem.Json json) {

    /** Lines longer than this are cut: one runaway line must not be held whole in memory. */
    public static final int MAX_CHARS = LogFiles.MAX_CHARS;

    public LogLine(long number, String text) {
        this(number, text, toJson(number, text));
    }

    private static StreamItem.Json toJson(long number, String text) {
        return new StreamItem.Json("{\"n\":" + number + ",\"line\":\""
                + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"}");
    }
}
