package io.ainfinity.job;

/** The request clashes with the job's current state (duplicate name, stop of a finished job). Answered as 409. */
public final class JobConflictException extends RuntimeException {

    public JobConflictException(String message) {
        super(message);
    }
}
