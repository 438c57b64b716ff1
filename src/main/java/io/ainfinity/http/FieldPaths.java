package io.ainfinity.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;

import com.fasterxml.jackson.databind.JsonMappingException.Reference;

/** Names a request field the way the client wrote it: dotted, snake_case, without Java method or parameter names. */
public final class FieldPaths {

    private FieldPaths() {}

    public static String fromPropertyPath(Path path) {
        List<String> parts = new ArrayList<>();
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.PARAMETER) {
                continue;
            }
            if (node.getName() != null && !node.getName().startsWith("<")) {
                parts.add(snake(node.getName()));
            }
            if (node.getKey() != null) {
                parts.add(String.valueOf(node.getKey()));
            } else if (node.getIndex() != null) {
                parts.add(String.valueOf(node.getIndex()));
            }
        }
        return parts.isEmpty() ? "body" : String.join(".", parts);
    }

    public static String fromJsonPath(List<Reference> path) {
        return path.stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : String.valueOf(r.getIndex()))
                .collect(Collectors.joining("."));
    }

    static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
