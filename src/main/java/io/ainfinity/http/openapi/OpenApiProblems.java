package io.ainfinity.http.openapi;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import io.ainfinity.errors.ErrorCode;
import io.ainfinity.http.Problem;

/**
 * Documents the error answers of every API operation in one table, read from what the resources, filters and the
 * exception mappers ({@code ProblemMappers}) really answer, instead of repeating annotations on each method. An API
 * operation missing from the table fails the build, so a new endpoint cannot go out with its errors undocumented.
 */
final class OpenApiProblems {

    private static final String REF = "#/components/schemas/Problem";

    /** What every API operation may answer: authentication, roles, the Accept header, the rate limit, a bug. */
    private static final Set<Integer> COMMON = Set.of(401, 403, 406, 429, 500);

    /** Answered with an empty body (by the security layer, or by Vert.x for an oversized body). */
    private static final Set<Integer> NO_BODY = Set.of(401, 403, 413);

    /**
     * 503: the store's worker pool is full, or the SkyPilot backend is unavailable or disabled. 409 on a job's
     * operations: an admin named a job that several owners call the same (the answer lists their keys).
     */
    private static final Map<String, Set<Integer>> ANSWERS = Map.ofEntries(
            Map.entry("POST /api/v1/jobs", Set.of(400, 409, 413, 415, 422, 503)),
            Map.entry("GET /api/v1/jobs", Set.of(422, 503)),
            Map.entry("GET /api/v1/jobs/{job_name}", Set.of(404, 409, 503)),
            Map.entry("DELETE /api/v1/jobs/{job_name}", Set.of(404, 409, 503)),
            Map.entry("DELETE /api/v1/jobs/{job_name}/delete", Set.of(404, 409, 503)),
            Map.entry("GET /api/v1/jobs/{job_name}/logs", Set.of(404, 409, 422, 503)),
            Map.entry("GET /api/v1/jobs/{job_name}/logs/stream", Set.of(404, 409, 422, 503)),
            Map.entry("GET /api/v1/jobs/{job_name}/metrics", Set.of(404, 409, 503)),
            Map.entry("GET /api/v1/jobs/{job_name}/task", Set.of(404, 409, 503)),
            Map.entry("GET /api/v1/jobs/{job_name}/events", Set.of(404, 409, 422, 503)),
            Map.entry("GET /api/v1/jobs/{job_name}/events/stream", Set.of(404, 409, 422, 503)),
            Map.entry("GET /api/v1/events/stream", Set.of(422, 503)),
            Map.entry("POST /api/v1/tokens", Set.of(400, 413, 415, 422, 503)),
            Map.entry("GET /api/v1/tokens", Set.of(503)),
            Map.entry("GET /api/v1/tokens/{id}", Set.of(404, 503)),
            Map.entry("DELETE /api/v1/tokens/{id}", Set.of(404, 503)),
            Map.entry("GET /api/v1/templates", Set.of()),
            Map.entry("POST /api/v1/stream-tickets", Set.of(400, 413, 415, 422)));

    private static final Map<Integer, String> DESCRIPTIONS = Map.ofEntries(
            Map.entry(400, "Malformed JSON, an unknown field, a field of the wrong type or a key given twice"),
            Map.entry(
                    401,
                    "Missing, invalid, expired or revoked token, or different tokens in Authorization and X-API-Key;"
                            + " for a stream, a ticket that is invalid, expired, for another path or sent with a token"),
            Map.entry(403, "The token's roles do not allow this operation (or, for a launch, infra 'local')"),
            Map.entry(404, "No such resource, or one owned by another caller"),
            Map.entry(406, "The Accept header allows none of the media types this operation answers with"),
            Map.entry(
                    409,
                    "The request conflicts with the job's state or a name the caller already uses; or a name several owners use"),
            Map.entry(413, "Body larger than 1 MB"),
            Map.entry(415, "Body is not application/json"),
            Map.entry(422, "Invalid values; errors[] names every bad field or parameter"),
            Map.entry(429, "Rate limit or open-stream limit exceeded; see Retry-After"),
            Map.entry(500, "Unexpected failure (no internals are disclosed)"),
            Map.entry(503, "Worker pool full or backend unavailable; see Retry-After"));

    private OpenApiProblems() {}

    static void document(OpenAPI openAPI) {
        openAPI.getComponents().addSchema("Problem", problemSchema());
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (path.startsWith("/api/")) {
                item.getOperations().forEach((method, operation) -> document(method + " " + path, operation));
            }
        });
    }

    static Set<String> operations() {
        return ANSWERS.keySet();
    }

    private static void document(String key, Operation operation) {
        Set<Integer> specific = ANSWERS.get(key);
        if (specific == null) {
            throw new IllegalStateException("OpenApiProblems has no entry for " + key + ": add its error answers");
        }
        Set<Integer> errors = new TreeSet<>(COMMON);
        errors.addAll(specific);
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            operation.setResponses(responses);
        }
        // Error answers come from this table only: generated ones (a 400 for every operation with parameters, say)
        // would document statuses the operation never answers.
        for (String code : List.copyOf(responses.getAPIResponses().keySet())) {
            if (code.startsWith("4") || code.startsWith("5")) {
                responses.removeAPIResponse(code);
            }
        }
        for (int status : errors) {
            responses.addAPIResponse(String.valueOf(status), answer(status));
        }
    }

    private static APIResponse answer(int status) {
        APIResponse answer = OASFactory.createAPIResponse().description(DESCRIPTIONS.get(status));
        if (!NO_BODY.contains(status)) {
            answer.content(OASFactory.createContent()
                    .addMediaType(
                            Problem.MEDIA_TYPE,
                            OASFactory.createMediaType()
                                    .schema(OASFactory.createSchema().ref(REF))));
        }
        if (status == 401) {
            answer.addHeader("WWW-Authenticate", header("The scheme to authenticate with: Bearer", SchemaType.STRING));
        }
        if (status == 429 || status == 503) {
            answer.addHeader(
                    "Retry-After",
                    header("Seconds to wait before trying again", SchemaType.INTEGER)
                            .required(true));
        }
        return answer;
    }

    private static Header header(String description, SchemaType type) {
        return OASFactory.createHeader()
                .description(description)
                .schema(OASFactory.createSchema().addType(type));
    }

    private static Schema errorCode() {
        return OASFactory.createSchema()
                .addType(SchemaType.STRING)
                .description("The earlier service's machine-readable code: JobNotFound for a job, NotFound for any"
                        + " other resource, JobAlreadyExists for a name the caller already uses, ValidationError for"
                        + " a 400 or 422, the status's code otherwise")
                .enumeration(Arrays.stream(ErrorCode.values())
                        .map(code -> (Object) code.wire())
                        .toList());
    }

    private static Schema problemSchema() {
        Schema string = OASFactory.createSchema().addType(SchemaType.STRING);
        Schema fieldError = OASFactory.createSchema()
                .addType(SchemaType.OBJECT)
                .required(List.of("field", "message"))
                .addProperty("field", string)
                .addProperty("message", string);
        return OASFactory.createSchema()
                .addType(SchemaType.OBJECT)
                .description("RFC 9457 problem, with the earlier service's success/error/message/path fields")
                .required(List.of("type", "title", "status", "detail", "success", "error"))
                .addProperty("type", string)
                .addProperty("title", string)
                .addProperty("status", OASFactory.createSchema().addType(SchemaType.INTEGER))
                .addProperty("detail", string)
                .addProperty("instance", string)
                .addProperty("success", OASFactory.createSchema().addType(SchemaType.BOOLEAN))
                .addProperty("error", errorCode())
                .addProperty("message", string)
                .addProperty("path", string)
                .addProperty(
                        "errors",
                        OASFactory.createSchema().addType(SchemaType.ARRAY).items(fieldError));
    }
}
