package io.ainfinity.http;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.ainfinity.errors.ConflictException;
import io.ainfinity.errors.ErrorCode;
import io.ainfinity.errors.InvalidRequestException;
import io.ainfinity.errors.NotPermittedException;
import io.ainfinity.errors.ResourceNotFoundException;
import io.ainfinity.errors.ServiceUnavailableException;
import io.ainfinity.errors.TooManyStreamsException;
import io.ainfinity.http.Problem.FieldError;

/**
 * The one table from exception to HTTP status. Bodies carry a human message and the fields at fault, never a stack
 * trace or a class name; unexpected failures are logged here with their stack and answered with a generic 500. The
 * {@code error} code is the status's, except where the exception carries a finer one (JobNotFound, JobAlreadyExists).
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public RestResponse<Problem> notFound(ResourceNotFoundException e, UriInfo uri) {
        return problem(404, "Not Found", e.code(), e.getMessage(), uri, null);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> conflict(ConflictException e, UriInfo uri) {
        return problem(409, "Conflict", e.code(), e.getMessage(), uri, null);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> invalid(InvalidRequestException e, UriInfo uri) {
        List<FieldError> errors = e.violations().stream()
                .map(v -> new FieldError(v.field(), v.message()))
                .toList();
        return problem(422, "Validation Failed", summary(errors), uri, errors);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> notPermitted(NotPermittedException e, UriInfo uri) {
        return problem(
                403,
                "Forbidden",
                e.field() + ": " + e.getMessage(),
                uri,
                List.of(new FieldError(e.field(), e.getMessage())));
    }

    @ServerExceptionMapper
    public RestResponse<Problem> constraint(ConstraintViolationException e, UriInfo uri) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(FieldPaths.fromPropertyPath(v.getPropertyPath()), v.getMessage()))
                .sorted((a, b) -> a.field().compareTo(b.field()))
                .toList();
        return problem(422, "Validation Failed", summary(errors), uri, errors);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> unavailable(ServiceUnavailableException e, UriInfo uri) {
        RestResponse<Problem> response = problem(503, "Service Unavailable", e.getMessage(), uri, null);
        response.getHeaders()
                .putSingle("Retry-After", String.valueOf(e.retryAfter().toSeconds()));
        return response;
    }

    @ServerExceptionMapper
    public RestResponse<Problem> tooManyStreams(TooManyStreamsException e, UriInfo uri) {
        RestResponse<Problem> response = problem(429, "Too Many Requests", e.getMessage(), uri, null);
        response.getHeaders().putSingle("Retry-After", String.valueOf(TooManyStreamsException.RETRY_AFTER.toSeconds()));
        return response;
    }

    @ServerExceptionMapper
    public RestResponse<Problem> unknownField(UnrecognizedPropertyException e, UriInfo uri) {
        String field = FieldPaths.fromJsonPath(e.getPath());
        return problem(
                400,
                "Bad Request",
                "unknown field '%s'".formatted(field),
                uri,
                List.of(new FieldError(field, "unknown field")));
    }

    @ServerExceptionMapper
    public RestResponse<Problem> wrongType(MismatchedInputException e, UriInfo uri) {
        if (e.getPath().isEmpty()) {
            return problem(400, "Bad Request", "the body must be a JSON object", uri, null);
        }
        String field = FieldPaths.fromJsonPath(e.getPath());
        return problem(
                400,
                "Bad Request",
                "field '%s' has the wrong type".formatted(field),
                uri,
                List.of(new FieldError(field, "wrong type")));
    }

    @ServerExceptionMapper
    public RestResponse<Problem> badJson(JsonProcessingException e, UriInfo uri) {
        return duplicateKey(e, uri)
                .orElseGet(() -> problem(400, "Bad Request", "the body is not valid JSON", uri, null));
    }

    /** Jackson's strict duplicate detection names the key in a fixed form: {@code Duplicate field 'name'}. */
    private static Optional<RestResponse<Problem>> duplicateKey(Throwable e, UriInfo uri) {
        if (!(e instanceof JsonProcessingException json) || json.getOriginalMessage() == null) {
            return Optional.empty();
        }
        Matcher m = DUPLICATE.matcher(json.getOriginalMessage());
        if (!m.find()) {
            return Optional.empty();
        }
        String field = m.group(1);
        return Optional.of(problem(
                400,
                "Bad Request",
                "field '%s' is given more than once".formatted(field),
                uri,
                List.of(new FieldError(field, "given more than once"))));
    }

    private static final Pattern DUPLICATE = Pattern.compile("^Duplicate field '([^']{0,200})'");

    @ServerExceptionMapper
    public RestResponse<Problem> web(WebApplicationException e, UriInfo uri) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        if (status.getStatusCode() >= 500) {
            LOG.error("request failed", e);
            return problem(status.getStatusCode(), status.getReasonPhrase(), "internal error", uri, null);
        }
        Optional<RestResponse<Problem>> duplicate = duplicateKey(e.getCause(), uri);
        if (duplicate.isPresent()) {
            return duplicate.get();
        }
        String detail = e.getCause() instanceof JsonProcessingException
                ? "the body is not valid JSON"
                : detail(status.getStatusCode());
        RestResponse<Problem> response = problem(status.getStatusCode(), status.getReasonPhrase(), detail, uri, null);
        if (e instanceof NotAllowedException) {
            // RFC 9110: a 405 names the methods the resource does answer.
            Set<String> allowed = e.getResponse().getAllowedMethods().isEmpty() && uri != null
                    ? AllowedMethods.of(uri.getPath())
                    : e.getResponse().getAllowedMethods();
            response.getHeaders().putSingle(HttpHeaders.ALLOW, String.join(", ", allowed));
        }
        return response;
    }

    @ServerExceptionMapper(priority = 10_000)
    public RestResponse<Problem> unexpected(Throwable e, UriInfo uri) {
        LOG.error("request failed", e);
        return problem(500, "Internal Server Error", "the server failed to handle the request", uri, null);
    }

    /** A problem with the code of its status ({@link ErrorCode#forStatus}): 400 and 422 are ValidationError. */
    static RestResponse<Problem> problem(
            int status, String title, String detail, UriInfo uri, List<FieldError> errors) {
        return problem(status, title, ErrorCode.forStatus(status), detail, uri, errors);
    }

    static RestResponse<Problem> problem(
            int status, String title, ErrorCode code, String detail, UriInfo uri, List<FieldError> errors) {
        String path = uri == null ? null : "/" + uri.getPath().replaceFirst("^/", "");
        return RestResponse.ResponseBuilder.<Problem>create(status)
                .entity(Problem.of(status, title, code, detail, path, errors))
                .type(Problem.MEDIA_TYPE)
                .build();
    }

    private static String summary(List<FieldError> errors) {
        return errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; "));
    }

    private static String detail(int status) {
        return switch (status) {
            case 404 -> "no such resource";
            case 405 -> "method not allowed on this resource";
            case 406 -> "cannot produce the requested media type";
            case 413 -> "the request body is too large";
            case 415 -> "unsupported content type; send application/json";
            default -> "the request cannot be handled";
        };
    }
}
