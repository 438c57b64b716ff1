package io.ainfinity.http.openapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;

/**
 * Two rules the generated schemas get wrong. Patterns: Bean Validation matches a {@code @Pattern} against the whole
 * value, JSON Schema finds it anywhere in the value, so every pattern is anchored. Nulls: Jackson writes a null field
 * as {@code null}, and the API reads an explicit null in a request as the field left out (its default applies), so
 * every property that is not {@code required} may be null.
 */
final class OpenApiSchemas {

    private OpenApiSchemas() {}

    static void complete(OpenAPI openAPI) {
        Map<String, Schema> components = openAPI.getComponents().getSchemas();
        if (components != null) {
            components.values().forEach(schema -> walk(schema, OpenApiSchemas::anchor));
            components.values().forEach(OpenApiSchemas::nullableUnlessRequired);
        }
        openAPI.getPaths().getPathItems().values().stream()
                .flatMap(item -> item.getOperations().values().stream())
                .forEach(operation -> {
                    if (operation.getParameters() != null) {
                        for (Parameter parameter : operation.getParameters()) {
                            walk(parameter.getSchema(), OpenApiSchemas::anchor);
                        }
                    }
                });
    }

    static String anchored(String pattern) {
        return pattern.startsWith("^") && pattern.endsWith("$") ? pattern : "^(?:" + pattern + ")$";
    }

    private static void anchor(Schema schema) {
        if (schema.getPattern() != null) {
            schema.setPattern(anchored(schema.getPattern()));
        }
    }

    private static void nullableUnlessRequired(Schema schema) {
        Map<String, Schema> properties = schema.getProperties();
        if (properties == null) {
            return;
        }
        List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
        Map<String, Schema> completed = new LinkedHashMap<>();
        properties.forEach(
                (name, property) -> completed.put(name, required.contains(name) ? property : nullable(property)));
        schema.setProperties(completed);
    }

    private static Schema nullable(Schema property) {
        if (property.getRef() != null) {
            return OASFactory.createSchema()
                    .description(property.getDescription())
                    .anyOf(List.of(
                            OASFactory.createSchema().ref(property.getRef()),
                            OASFactory.createSchema().addType(SchemaType.NULL)));
        }
        List<SchemaType> types = property.getType();
        if (types != null && !types.isEmpty() && !types.contains(SchemaType.NULL)) {
            property.addType(SchemaType.NULL);
            if (property.getEnumeration() != null && !property.getEnumeration().contains(null)) {
                List<Object> values = new ArrayList<>(property.getEnumeration());
                values.add(null);
                property.setEnumeration(values);
            }
        }
        return property;
    }

    private static void walk(Schema schema, Consumer<Schema> visit) {
        if (schema == null) {
            return;
        }
        visit.accept(schema);
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(s -> walk(s, visit));
        }
        walk(schema.getItems(), visit);
        walk(schema.getAdditionalPropertiesSchema(), visit);
        walk(schema.getPropertyNames(), visit);
        walk(schema.getNot(), visit);
        walk(schema.getContentSchema(), visit);
        Stream.of(schema.getAllOf(), schema.getAnyOf(), schema.getOneOf())
                .filter(Objects::nonNull)
                .flatMap(List::stream)
                .forEach(s -> walk(s, visit));
    }
}
