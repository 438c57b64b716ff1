package io.ainfinity.http;

import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import io.ainfinity.errors.ErrorCode;

/**
 * An RFC 9457 problem that also carries the earlier service's error fields ({@code success}, {@code error},
 * {@code message}, {@code path}), so that old clients and problem-aware clients both understand it.
 *
 * @param error the earlier service's machine-readable code ({@link ErrorCode}), where {@code title} is the reason
 *     phrase
 * @param errors one entry per bad field, for validation problems
 */
// Also written from filters (429) as a plain Response entity, outside any typed signature.
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        String instance,
        boolean success,
        String error,
        String message,
        String path,
        List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One bad field: its dotted path in the request (snake_case) and what is wrong with it. */
    public record FieldError(String field, String message) {}

    /** A problem whose code is the one of its status. */
    public static Problem of(int status, String title, String detail, String path, List<FieldError> errors) {
        return of(status, title, ErrorCode.forStatus(status), detail, path, errors);
    }

    public static Problem of(
            int status, String title, ErrorCode code, String detail, String path, List<FieldError> errors) {
        String slug = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        return new Problem(
                "https://ainfinity.io/problems/" + slug,
                title,
                status,
                detail,
                path,
                false,
                code.wire(),
                detail,
                path,
                errors == null || errors.isEmpty() ? null : List.copyOf(errors));
    }
}
