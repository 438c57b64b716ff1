package io.ainfinity.job;

/** No job of that name (or none the caller may see), or no other resource of that id. Answered as 404. */
public final class JobNotFoundException extends RuntimeException {

    public JobNotFoundException(String jobName) {
        this("job", jobName);
    }

    public JobNotFoundException(String kind, String id) {
        super("%s '%s' not found".formatted(kind, id));
    }
}
