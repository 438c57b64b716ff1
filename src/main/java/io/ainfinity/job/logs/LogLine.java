package io.ainfinity.job.logs;

/**
 * A line of a job's log, numbered from 1; or, with {@code end} set, the marker that the log is complete.
 *
 * @param number the line's number, its stream event id
 */
public record LogLine(long number, String text, boolean end) {

    /** Lines longer than this are cut: one runaway line must not be held whole in memory. */
    public static final int MAX_CHARS = 16 * 1024;

    static LogLine endAfter(long lastLine) {
        return new LogLine(lastLine + 1, null, true);
    }
}
