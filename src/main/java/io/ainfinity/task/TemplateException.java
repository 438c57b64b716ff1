package io.ainfinity.task;

/** A task template that cannot be used: missing, not YAML, or using keys outside {@link TaskSpec}. */
public final class TemplateException extends RuntimeException {

    public TemplateException(String message) {
        super(message);
    }

    public TemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
