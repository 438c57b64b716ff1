package io.ainfinity.security.tickets;

import java.util.regex.Pattern;

import io.ainfinity.task.SpecRules;

/**
 * The paths a stream ticket may be minted for: the event and log streams, nothing else. A ticket travels in a URL,
 * where it can end up in a browser's history or a proxy's log, so it must never open anything that changes state or
 * that a bearer token alone should read. Pure.
 */
public final class StreamPaths {

    private static final Pattern STREAM = Pattern.compile(
            "/api/v1/events/stream|/api/v1/jobs/(" + SpecRules.JOB_NAME_REGEX + ")/(events|logs)/stream");

    private StreamPaths() {}

    /** True when {@code path} is one of the streams, written exactly as the service routes it. */
    public static boolean isStream(String path) {
        return path != null && STREAM.matcher(path).matches();
    }
}
