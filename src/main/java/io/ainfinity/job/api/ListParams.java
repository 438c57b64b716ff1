package io.ainfinity.job.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.ainfinity.errors.InvalidRequestException;
import io.ainfinity.errors.InvalidRequestException.Violation;
import io.ainfinity.job.JobStatus;
import io.ainfinity.job.store.JobQuery;

/**
 * Query parameters of the list and logs endpoints, parsed by hand so that a malformed value is a 422 naming the
 * parameter rather than the 404 that JAX-RS gives a query parameter it cannot convert.
 */
public final class ListParams {

    private static final String CURSOR_PREFIX = "id:";

    // A cursor is "id:" and the id's digits in unpadded base64url. Three digits encode as four characters; a leading
    // digit (0x30-0x39) gives M, N or O, then one of D, T, j, z (only D or T after O). "aWQ6" is "id:".
    private static final String DIGIT_PAIR = "(?:[MN][DTjz]|O[DT])[AEIMQUYcgk]";
    private static final String THREE_DIGITS = DIGIT_PAIR + "[w-z0-5]";
    private static final String ONE_DIGIT = "(?:[MN][AQgw]|O[AQ])";

    /**
     * What {@link #cursor(Long)} writes for ids of up to 18 digits, or empty (the first page): the values {@code after}
     * accepts, as an anchored regular expression.
     */
    public static final String CURSOR_REGEX =
            "^(?:aWQ6(?:" + THREE_DIGITS + "){0,5}(?:" + THREE_DIGITS + "|" + ONE_DIGIT + "|" + DIGIT_PAIR + "))?$";

    public static final int MAX_LIMIT = 500;
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_TAIL = 10_000;
    public static final int DEFAULT_TAIL = 100;

    private ListParams() {}

    public static JobQuery query(String limit, String after, String status, List<String> labels) {
        List<Violation> violations = new ArrayList<>();
        int size = intIn("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT, violations);
        Long afterId = after == null || after.isBlank() ? null : cursor(after, violations);
        Set<JobStatus> statuses = EnumSet.noneOf(JobStatus.class);
        if (status != null && !status.isBlank()) {
            for (String s : status.split(",")) {
                JobStatus.fromWire(s)
                        .ifPresentOrElse(
                                statuses::add,
                                () -> violations.add(
                                        new Violation("status", "unknown status '%s'".formatted(s.trim()))));
            }
        }
        Map<String, String> labelFilter = new LinkedHashMap<>();
        for (String label : labels == null ? List.<String>of() : labels) {
            int eq = label.indexOf('=');
            if (eq <= 0) {
                violations.add(new Violation("label", "must be key=value, got '%s'".formatted(label)));
            } else {
                labelFilter.put(label.substring(0, eq), label.substring(eq + 1));
            }
        }
        throwIfAny(violations);
        return new JobQuery(size, afterId, statuses, labelFilter, null);
    }

    /** A page size from 1 to 500 (default 50), for event history. */
    public static int limit(String limit) {
        List<Violation> violations = new ArrayList<>();
        int size = intIn("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT, violations);
        throwIfAny(violations);
        return size;
    }

    public static int tail(String tail) {
        List<Violation> violations = new ArrayList<>();
        int lines = intIn("tail", tail, DEFAULT_TAIL, 1, MAX_TAIL, violations);
        throwIfAny(violations);
        return lines;
    }

    public static String cursor(Long afterId) {
        return afterId == null
                ? null
                : Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString((CURSOR_PREFIX + afterId).getBytes(StandardCharsets.UTF_8));
    }

    private static Long cursor(String after, List<Violation> violations) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(after), StandardCharsets.UTF_8);
            if (decoded.startsWith(CURSOR_PREFIX)) {
                return Long.parseLong(decoded.substring(CURSOR_PREFIX.length()));
            }
        } catch (IllegalArgumentException malformed) {
            // Reported below.
        }
        violations.add(new Violation("after", "not a cursor returned as next_cursor"));
        return null;
    }

    private static int intIn(String name, String value, int dflt, int min, int max, List<Violation> violations) {
        if (value == null || value.isBlank()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        violations.add(new Violation(name, "must be an integer from %d to %d".formatted(min, max)));
        return dflt;
    }

    private static void throwIfAny(List<Violation> violations) {
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
    }
}
