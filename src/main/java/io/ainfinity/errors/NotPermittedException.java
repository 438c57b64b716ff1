package io.ainfinity.errors;

/** A launch the caller's roles do not allow, though its body is valid. Answered as 403, naming the field. */
public final class NotPermittedException extends RuntimeException {

    private final String field;

    public NotPermittedException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
