package io.ainfinity.job.events;

import io.ainfinity.errors.InvalidRequestException;

/** Where a stream resumes: the Last-Event-ID header, else the {@code after} query parameter, else the start. */
public final class Resume {

    private Resume() {}

    /** True when the client named no place to resume from. */
    public static boolean absent(String lastEventId, String after) {
        return (lastEventId == null || lastEventId.isBlank()) && (after == null || after.isBlank());
    }

    public static long from(String lastEventId, String after) {
        String value = lastEventId != null && !lastEventId.isBlank() ? lastEventId : after;
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            long id = Long.parseLong(value.trim());
            if (id >= 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        String field = lastEventId != null && !lastEventId.isBlank() ? "Last-Event-ID" : "after";
        throw InvalidRequestException.of(field, "must be a non-negative event id");
    }
}
