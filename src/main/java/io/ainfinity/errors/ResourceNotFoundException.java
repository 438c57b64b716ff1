package io.ainfinity.errors;

/** No job of that name (or none the caller may see), or no other resource of that id. Answered as 404. */
public final class ResourceNotFoundException extends RuntimeException {

    private final ErrorCode code;

    /** A job: the earlier service's clients tell it from other 404s by {@link ErrorCode#JOB_NOT_FOUND}. */
    public ResourceNotFoundException(String jobName) {
        this(ErrorCode.JOB_NOT_FOUND, "job", jobName);
    }

    public ResourceNotFoundException(String kind, String id) {
        this(ErrorCode.NOT_FOUND, kind, id);
    }

    private ResourceNotFoundException(ErrorCode code, String kind, String id) {
        super("%s '%s' not found".formatted(kind, id));
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
