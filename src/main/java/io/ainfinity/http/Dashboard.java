package io.ainfinity.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The browser dashboard: static files under {@code /ui/} (from {@code META-INF/resources/ui}), and {@code /} for a
 * browser. Every answer of it carries a policy that lets the page load its own scripts, styles and data and nothing
 * else: no inline script, no other origin, no framing, no referrer (a stream's URL holds a ticket).
 */
@ApplicationScoped
public class Dashboard {

    static final String PAGE = "/ui/index.html";

    static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    /** Ahead of the static files and of {@code /}'s handler, which reroutes browsers to the page. */
    static final int ORDER = -1500;

    void register(@Observes Router router) {
        router.get("/").order(ORDER).handler(Dashboard::protect);
        router.get("/ui/*").order(ORDER).handler(Dashboard::protect);
    }

    private static void protect(RoutingContext ctx) {
        ctx.addHeadersEndHandler(v -> {
            // Only pages and assets: the JSON that / answers to an API client needs none of this.
            String type = ctx.response().headers().get("Content-Type");
            if (type == null || !type.startsWith("application/json")) {
                ctx.response()
                        .putHeader("Content-Security-Policy", POLICY)
                        .putHeader("X-Content-Type-Options", "nosniff")
                        .putHeader("Referrer-Policy", "no-referrer")
                        .putHeader("X-Frame-Options", "DENY")
                        // Revalidated each time, so an upgraded service never runs a stale script.
                        .putHeader("Cache-Control", "no-cache");
            }
        });
        ctx.next();
    }

    /**
     * True for a browser's navigation ({@code Accept: text/html,...}); an API client (no Accept, {@code *}{@code /*},
     * {@code application/json}) keeps getting the service's description as JSON.
     */
    static boolean wantsPage(String accept) {
        return accept != null && accept.contains("text/html");
    }
}
