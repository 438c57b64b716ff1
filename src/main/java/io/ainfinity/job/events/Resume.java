package io.ainfinity.job.events;

import io.ainfinity.errors.InvalidRequestException;

/** Where a stream resumes: the Last-Event-ID header, else the {@code after} query parameter, else the start. */
public final class Resume {

    private Resume() {}

    /** True when the client named no place to resume from. */
    public static boolean absent(String lastEventId, String after) {
        return (lastEventId == null || lastEventId.isBlank()) && (after == null || after.isBlank());
    }

    /**
     * The id to resume after; the header wins when both are sent, but each that is sent must be an event id, so a
     * malformed value is never silently ignored.
     */
    public static long from(String lastEventId, String after) {
        Long header = parse("Last-Event-ID", lastEventId);
        Long query = parse("after", after);
        return header != null ? header : query != null ? query : 0;
    }

    private static Long parse(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long id = Long.parseLong(value.trim());
            if (id >= 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw InvalidRequestException.of(field, "must be a non-negative event id");
    }
}
