package io.ainfinity.job;

/** No job of that name (or none the caller may see). Answered as 404. */
public final class JobNotFoundException extends RuntimeException {

    public JobNotFoundException(String jobName) {
        super("job '%s' not found".formatted(jobName));
    }
}
