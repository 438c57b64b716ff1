package io.ainfinity.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Documents the error answers of every API operation in one place, from the same table the exception mappers
 * implement, instead of repeating annotations on each method.
 */
public class OpenApiProblems implements OASFilter {

    private static final String REF = "#/components/schemas/Problem";

    private static final Map<String, String> COMMON = Map.of(
            "401", "Missing, invalid, expired or revoked token",
            "403", "The token's roles do not allow this operation",
            "429", "Rate limit exceeded; see Retry-After",
            "500", "Unexpected failure (no internals are disclosed)");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents().addSchema("Problem", problemSchema());
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (path.startsWith("/api/")) {
                item.getOperations().forEach((method, operation) -> document(path, method, operation));
            }
        });
    }

    private static void document(String path, PathItem.HttpMethod method, Operation operation) {
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            operation.setResponses(responses);
        }
        Map<String, String> errors = new LinkedHashMap<>(COMMON);
        if (path.contains("{")) {
            errors.put("404", "No such resource, or one owned by another caller");
        }
        if (method == PathItem.HttpMethod.POST) {
            errors.put("400", "Malformed JSON, an unknown field or a field of the wrong type");
            errors.put("413", "Body larger than 1 MB");
            errors.put("415", "Body is not application/json");
            errors.put("422", "Invalid values; errors[] names every bad field");
            errors.put("503", "Worker pool full or backend unavailable; see Retry-After");
        }
        if (method == PathItem.HttpMethod.POST || method == PathItem.HttpMethod.DELETE) {
            errors.put("409", "The request conflicts with the job's state or an existing name");
        }
        if (method == PathItem.HttpMethod.GET && !path.contains("{")) {
            errors.put("422", "Invalid query parameter; errors[] names it");
        }
        for (Map.Entry<String, String> error : errors.entrySet()) {
            if (responses.getAPIResponse(error.getKey()) == null) {
                responses.addAPIResponse(
                        error.getKey(),
                        OASFactory.createAPIResponse()
                                .description(error.getValue())
                                .content(OASFactory.createContent()
                                        .addMediaType(
                                                Problem.MEDIA_TYPE,
                                                OASFactory.createMediaType()
                                                        .schema(OASFactory.createSchema()
                                                                .ref(REF)))));
            }
        }
    }

    private static Schema problemSchema() {
        Schema string = OASFactory.createSchema().addType(Schema.SchemaType.STRING);
        Schema fieldError = OASFactory.createSchema()
                .addType(Schema.SchemaType.OBJECT)
                .addProperty("field", string)
                .addProperty("message", string);
        return OASFactory.createSchema()
                .addType(Schema.SchemaType.OBJECT)
                .description("RFC 9457 problem, with the earlier service's success/error/message/path fields")
                .required(List.of("type", "title", "status", "detail", "success"))
                .addProperty("type", string)
                .addProperty("title", string)
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER))
                .addProperty("detail", string)
                .addProperty("instance", string)
                .addProperty("success", OASFactory.createSchema().addType(Schema.SchemaType.BOOLEAN))
                .addProperty("error", string)
                .addProperty("message", string)
                .addProperty("path", string)
                .addProperty(
                        "errors",
                        OASFactory.createSchema()
                                .addType(Schema.SchemaType.ARRAY)
                                .items(fieldError));
    }
}
