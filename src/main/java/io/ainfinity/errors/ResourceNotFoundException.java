package io.ainfinity.errors;

/** No job of that name (or none the caller may see), or no other resource of that id. Answered as 404. */
public final class ResourceNotFoundException extends RuntimeException {

    public ResourceNotFoundException(String jobName) {
        this("job", jobName);
    }

    public ResourceNotFoundException(String kind, String id) {
        super("%s '%s' not found".formatted(kind, id));
    }
}
