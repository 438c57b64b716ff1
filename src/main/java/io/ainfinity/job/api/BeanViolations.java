package io.ainfinity.job.api;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import jakarta.validation.ConstraintViolation;

import io.ainfinity.errors.InvalidRequestException.Violation;
import io.ainfinity.http.FieldPaths;

/** Bean Validation results as violations that name fields the way the client wrote them. */
final class BeanViolations {

    private BeanViolations() {}

    static <T> List<Violation> of(Set<ConstraintViolation<T>> violations) {
        return violations.stream()
                .map(v -> new Violation(FieldPaths.fromPropertyPath(v.getPropertyPath()), v.getMessage()))
                .sorted(Comparator.comparing(Violation::field))
                .toList();
    }
}
