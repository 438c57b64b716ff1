package io.ainfinity.job.idempotency;

/** Another launch committed under the same owner and key first; the caller looks its receipt up and answers with it. */
public final class IdempotencyKeyTakenException extends RuntimeException {

    public IdempotencyKeyTakenException(String key) {
        super("idempotency key already used: " + key);
    }
}
