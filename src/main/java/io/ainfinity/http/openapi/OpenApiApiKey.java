package io.ainfinity.http.openapi;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * The earlier service's {@code X-API-Key} header, documented as a second way to send the same token: every operation
 * that accepts the bearer scheme accepts it too (either one, not both with different tokens).
 */
final class OpenApiApiKey {

    static final String SCHEME = "apiKey";
    static final String HEADER = "X-API-Key";
    private static final String BEARER = "bearer";

    private OpenApiApiKey() {}

    static void document(OpenAPI openAPI) {
        openAPI.getComponents()
                .addSecurityScheme(
                        SCHEME,
                        OASFactory.createSecurityScheme()
                                .type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.HEADER)
                                .name(HEADER)
                                .description("The same token as the bearer scheme, in the earlier service's header;"
                                        + " a request with both must send the same token in each, or it is 401"));
        openAPI.getPaths().getPathItems().values().stream()
                .flatMap(item -> item.getOperations().values().stream())
                .forEach(OpenApiApiKey::accept);
    }

    private static void accept(Operation operation) {
        if (operation.getSecurity() == null) {
            return;
        }
        List<SecurityRequirement> requirements = new ArrayList<>(operation.getSecurity());
        for (SecurityRequirement requirement : operation.getSecurity()) {
            if (requirement.hasScheme(BEARER) && !requirement.hasScheme(SCHEME)) {
                requirements.add(
                        OASFactory.createSecurityRequirement().addScheme(SCHEME, requirement.getScheme(BEARER)));
            }
        }
        operation.setSecurity(requirements);
    }
}
