package io.ainfinity.http.openapi;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * Stream tickets ({@code POST /api/v1/stream-tickets}), documented as a third way to open a stream, and only a
 * stream: the scheme is listed on the event and log streams' operations alone.
 */
final class OpenApiStreamTicket {

    static final String SCHEME = "streamTicket";
    /** The query parameter {@code security/tickets} reads. */
    static final String PARAMETER = "ticket";

    private OpenApiStreamTicket() {}

    static void document(OpenAPI openAPI) {
        openAPI.getComponents()
                .addSecurityScheme(
                        SCHEME,
                        OASFactory.createSecurityScheme()
                                .type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.QUERY)
                                .name(PARAMETER)
                                .description("A ticket from POST /api/v1/stream-tickets, for clients that cannot send"
                                        + " a header (a browser's EventSource): it opens the one stream it was minted"
                                        + " for, with the rights of the token that minted it, until it expires or"
                                        + " that token is revoked; never together with a token"));
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            // The event and log streams, and only they, end in /stream.
            if (path.endsWith("/stream")) {
                accept(item);
            }
        });
    }

    private static void accept(PathItem item) {
        if (item.getGET() == null || item.getGET().getSecurity() == null) {
            return;
        }
        List<SecurityRequirement> requirements = new ArrayList<>(item.getGET().getSecurity());
        requirements.add(OASFactory.createSecurityRequirement().addScheme(SCHEME));
        item.getGET().setSecurity(requirements);
    }
}
