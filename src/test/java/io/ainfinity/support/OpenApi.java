package io.ainfinity.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI document the service serves at {@code /openapi.json}, read as JSON, with the look-ups tests need. */
public final class OpenApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode doc;

    private OpenApi(JsonNode doc) {
        this.doc = doc;
    }

    public static OpenApi served() {
        String body =
                given().get("/openapi.json").then().statusCode(200).extract().asString();
        try {
            return new OpenApi(JSON.readTree(body));
        } catch (Exception e) {
            throw new IllegalStateException("/openapi.json is not JSON", e);
        }
    }

    public JsonNode root() {
        return doc;
    }

    /** Documented API operations as {@code METHOD path}, upper-case methods. */
    public Set<String> operations() {
        Set<String> operations = new TreeSet<>();
        doc.path("paths").fields().forEachRemaining(path -> {
            if (path.getKey().startsWith("/api/")) {
                path.getValue()
                        .fieldNames()
                        .forEachRemaining(m -> operations.add(m.toUpperCase() + " " + path.getKey()));
            }
        });
        return operations;
    }

    public JsonNode operation(String method, String path) {
        JsonNode operation = doc.path("paths").path(path).path(method.toLowerCase());
        assertThat(operation.isObject()).as("%s %s is documented", method, path).isTrue();
        return operation;
    }

    public Set<String> statuses(String method, String path) {
        Set<String> statuses = new TreeSet<>();
        operation(method, path).path("responses").fieldNames().forEachRemaining(statuses::add);
        return statuses;
    }

    public JsonNode response(String method, String path, int status) {
        return operation(method, path).path("responses").path(String.valueOf(status));
    }

    /** A parameter's schema, with a {@code $ref} followed. */
    public JsonNode parameterSchema(String method, String path, String name) {
        for (JsonNode parameter : operation(method, path).path("parameters")) {
            if (parameter.path("name").asText().equals(name)) {
                return resolve(parameter.path("schema"));
            }
        }
        throw new AssertionError("%s %s has no parameter %s".formatted(method, path, name));
    }

    public JsonNode parameter(String method, String path, String name) {
        for (JsonNode parameter : operation(method, path).path("parameters")) {
            if (parameter.path("name").asText().equals(name)) {
                return parameter;
            }
        }
        throw new AssertionError("%s %s has no parameter %s".formatted(method, path, name));
    }

    public JsonNode schema(String name) {
        JsonNode schema = doc.path("components").path("schemas").path(name);
        assertThat(schema.isObject()).as("component schema %s", name).isTrue();
        return schema;
    }

    public JsonNode property(String schema, String property) {
        JsonNode found = schema(schema).path("properties").path(property);
        assertThat(found.isObject()).as("%s.%s", schema, property).isTrue();
        return found;
    }

    /** Follows a {@code $ref} to a component schema; other schemas are returned as they are. */
    public JsonNode resolve(JsonNode schema) {
        String ref = schema.path("$ref").asText("");
        return ref.startsWith("#/components/schemas/") ? schema(ref.substring(ref.lastIndexOf('/') + 1)) : schema;
    }

    /** Whether a schema admits null: {@code type} lists "null", or one of its {@code anyOf} branches is null. */
    public static boolean nullable(JsonNode schema) {
        for (JsonNode type : schema.path("type")) {
            if (type.asText().equals("null")) {
                return true;
            }
        }
        for (JsonNode branch : schema.path("anyOf")) {
            if (branch.path("type").asText().equals("null")) {
                return true;
            }
        }
        return schema.path("type").isMissingNode()
                && schema.path("anyOf").isMissingNode()
                && schema.path("$ref").isMissingNode();
    }

    /**
     * Checks a real response body against the schema's object structure: required properties present, and a null only
     * where the property is declared nullable; recurses into nested objects and arrays.
     */
    public void assertNullsDocumented(String where, JsonNode value, JsonNode schema) {
        JsonNode resolved = resolve(nonNullBranch(schema));
        if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                assertNullsDocumented(where + "[" + i + "]", value.get(i), resolved.path("items"));
            }
            return;
        }
        if (!value.isObject() || !resolved.has("properties")) {
            return;
        }
        for (JsonNode required : resolved.path("required")) {
            assertThat(value.has(required.asText()))
                    .as("%s.%s is required", where, required.asText())
                    .isTrue();
        }
        List<String> fields = new ArrayList<>();
        value.fieldNames().forEachRemaining(fields::add);
        for (String field : fields) {
            JsonNode property = resolved.path("properties").path(field);
            assertThat(property.isObject())
                    .as("%s.%s is documented", where, field)
                    .isTrue();
            if (value.get(field).isNull()) {
                assertThat(nullable(property))
                        .as("%s.%s is null, so nullable", where, field)
                        .isTrue();
            } else {
                assertNullsDocumented(where + "." + field, value.get(field), property);
            }
        }
    }

    private static JsonNode nonNullBranch(JsonNode schema) {
        for (JsonNode branch : schema.path("anyOf")) {
            if (!branch.path("type").asText().equals("null")) {
                return branch;
            }
        }
        return schema;
    }
}
