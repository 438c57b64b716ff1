package io.ainfinity.errors;

import java.util.List;

/** Input that passed JSON binding but breaks a rule the service checks itself. Answered as 422, naming each field. */
public final class InvalidRequestException extends RuntimeException {

    /** One broken rule: the dotted path of the field and what is wrong with it. */
    public record Violation(String field, String message) {}

    private final List<Violation> violations;

    public InvalidRequestException(List<Violation> violations) {
        super(violations.stream()
                .map(v -> v.field() + ": " + v.message())
                .reduce((a, b) -> a + "; " + b)
                .orElse(""));
        this.violations = List.copyOf(violations);
    }

    public static InvalidRequestException of(String field, String message) {
        return new InvalidRequestException(List.of(new Violation(field, message)));
    }

    public List<Violation> violations() {
        return violations;
    }
}
