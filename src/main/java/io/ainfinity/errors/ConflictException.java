package io.ainfinity.errors;

/** The request clashes with the job's current state (duplicate name, stop of a finished job). Answered as 409. */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
