package io.ainfinity.errors;

/**
 * The machine-readable codes of the earlier service, sent in a problem's {@code error} field beside the RFC 9457
 * fields: its clients branch on them ({@code JobNotFound}, {@code JobAlreadyExists}, {@code ValidationError}), and
 * the rest follow the same style. Exceptions that can mean several things carry their code; the others get the code
 * of their status ({@link #forStatus}).
 */
public enum ErrorCode {
    VALIDATION_ERROR("ValidationError"),
    BAD_REQUEST("BadRequest"),
    UNAUTHORIZED("Unauthorized"),
    FORBIDDEN("Forbidden"),
    NOT_FOUND("NotFound"),
    JOB_NOT_FOUND("JobNotFound"),
    METHOD_NOT_ALLOWED("MethodNotAllowed"),
    NOT_ACCEPTABLE("NotAcceptable"),
    CONFLICT("Conflict"),
    JOB_ALREADY_EXISTS("JobAlreadyExists"),
    PAYLOAD_TOO_LARGE("PayloadTooLarge"),
    UNSUPPORTED_MEDIA_TYPE("UnsupportedMediaType"),
    RATE_LIMITED("RateLimited"),
    INTERNAL_ERROR("InternalError"),
    SERVICE_UNAVAILABLE("ServiceUnavailable");

    private final String wire;

    ErrorCode(String wire) {
        this.wire = wire;
    }

    /** The code as the {@code error} field carries it. */
    public String wire() {
        return wire;
    }

    /** The code of an answer that says no more than its status. */
    public static ErrorCode forStatus(int status) {
        return switch (status) {
            // The service's 400s are all about the body or the parameters, which the earlier service called
            // validation.
            case 400, 422 -> VALIDATION_ERROR;
            case 401 -> UNAUTHORIZED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 409 -> CONFLICT;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 429 -> RATE_LIMITED;
            case 503 -> SERVICE_UNAVAILABLE;
            default -> status >= 500 ? INTERNAL_ERROR : BAD_REQUEST;
        };
    }
}
