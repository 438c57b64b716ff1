package io.ainfinity.http.openapi;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;

/**
 * Completes the document generated from the annotations with what they cannot say, so that it describes what the
 * service accepts and answers: full-match patterns and nullable fields ({@link OpenApiSchemas}), then every
 * operation's error answers ({@link OpenApiProblems}), the {@code X-API-Key} header beside the bearer scheme
 * ({@link OpenApiApiKey}).
 */
public class OpenApiContract implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        OpenApiSchemas.complete(openAPI);
        OpenApiProblems.document(openAPI);
        OpenApiApiKey.document(openAPI);
        OpenApiStreamTicket.document(openAPI);
    }
}
