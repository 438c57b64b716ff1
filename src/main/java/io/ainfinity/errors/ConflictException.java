package io.ainfinity.errors;

/** The request clashes with the job's current state (duplicate name, stop of a finished job). Answered as 409. */
public class ConflictException extends RuntimeException {

    private final ErrorCode code;

    public ConflictException(String message) {
        this(ErrorCode.CONFLICT, message);
    }

    /** @param code what old clients branch on: {@link ErrorCode#JOB_ALREADY_EXISTS} for a name taken */
    public ConflictException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
