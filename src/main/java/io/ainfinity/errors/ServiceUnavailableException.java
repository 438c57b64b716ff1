package io.ainfinity.errors;

import java.time.Duration;

/** The service cannot take the work now (pool full, backend missing). Answered as 503 with Retry-After. */
public final class ServiceUnavailableException extends RuntimeException {

    private final Duration retryAfter;

    public ServiceUnavailableException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
