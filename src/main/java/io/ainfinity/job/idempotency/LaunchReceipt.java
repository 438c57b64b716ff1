package io.ainfinity.job.idempotency;

import java.time.Duration;
import java.time.Instant;

/**
 * The answer a launch under an {@code Idempotency-Key} got, kept so that a retry with the same key and body is given
 * the same answer instead of a second launch.
 *
 * @param requestHash SHA-256 of the canonical request body, to tell a retry from another request under the same key
 * @param responseJson the 201 body as first sent
 */
public record LaunchReceipt(
        String owner, String key, String requestHash, String jobName, String responseJson, Instant createdAt) {

    /** How long a key is remembered; a key reused after that starts a new launch. */
    public static final Duration LIFETIME = Duration.ofHours(24);

    /** Receipts written before this instant no longer count when a request arrives at {@code now}. */
    public static Instant expiredBefore(Instant now) {
        return now.minus(LIFETIME);
    }
}
