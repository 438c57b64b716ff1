package io.ainfinity.security;

import java.util.List;
import java.util.Locale;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The earlier service's {@code X-API-Key: <token>}, read as {@code Authorization: Bearer <token>}: the header is
 * copied before authentication, so that the one JWT mechanism verifies the token, the same rules apply to it
 * (revocation, roles, the unauthenticated budget for its 401s), and nothing here logs or keeps it. A request that
 * presents two different credentials presents none: both headers are dropped and it is answered as anonymous (401
 * wherever a token is needed), never with whichever of the two happens to be valid.
 */
@ApplicationScoped
public class ApiKeyHeader {

    public static final String NAME = "X-API-Key";

    /** After the unauthenticated budget, ahead of Quarkus's authentication and every route of the application. */
    static final int ORDER = Integer.MIN_VALUE + 200;

    private static final String BEARER = "bearer ";

    void register(@Observes Router router) {
        router.route().order(ORDER).handler(this::handle);
    }

    void handle(RoutingContext ctx) {
        MultiMap headers = ctx.request().headers();
        List<String> keys = headers.getAll(NAME).stream()
                .map(String::trim)
                .filter(key -> !key.isEmpty())
                .distinct()
                .toList();
        if (!keys.isEmpty()) {
            String authorization = headers.get(HttpHeaders.AUTHORIZATION);
            if (keys.size() > 1 || (authorization != null && !keys.get(0).equals(bearerToken(authorization)))) {
                headers.remove(HttpHeaders.AUTHORIZATION);
            } else {
                headers.set(HttpHeaders.AUTHORIZATION, "Bearer " + keys.get(0));
            }
            // Read once: a reroute (another API prefix) runs this again, and must not take the key, whose bearer
            // twin was dropped, for the only credential.
            headers.remove(NAME);
        }
        ctx.next();
    }

    /** The token of a bearer header (the scheme is case-insensitive, RFC 9110); null for any other scheme. */
    static String bearerToken(String authorization) {
        String value = authorization.trim();
        return value.length() > BEARER.length()
                        && value.substring(0, BEARER.length())
                                .toLowerCase(Locale.ROOT)
                                .equals(BEARER)
                ? value.substring(BEARER.length()).trim()
                : null;
    }
}
