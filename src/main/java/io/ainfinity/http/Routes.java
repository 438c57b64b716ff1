package io.ainfinity.http;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.ainfinity.config.AinfinityConfig;

/**
 * Paths kept from the earlier service: {@code /health}, {@code /health/ready}, {@code /health/live}, the same under
 * the API prefix ({@code /api/v1/health}, ...), {@code /metrics}, {@code /openapi.json}, {@code /} (what the service
 * is and where its documents are), {@code /redoc}, and the API under a prefix other than {@code /api/v1} when
 * {@code SERVING_API_V1_PREFIX} says so.
 */
@ApplicationScoped
public class Routes {

    static final String API_V1 = "/api/v1";

    /**
     * Health under the API prefix is rerouted first of all, before the unauthenticated budget and authentication look
     * at a path under {@code /api/}: each of them then sees {@code /q/health}, and treats the alias as it treats
     * {@code /health}.
     */
    static final int HEALTH_ALIAS_ORDER = Integer.MIN_VALUE + 10;

    private static final Map<String, String> HEALTH =
            Map.of("/health", "/q/health", "/health/ready", "/q/health/ready", "/health/live", "/q/health/live");

    private final String prefix;
    private final String name;
    private final String version;
    private final String swaggerUi;

    public Routes(
            AinfinityConfig config,
            @ConfigProperty(name = "quarkus.application.name") String name,
            @ConfigProperty(name = "quarkus.application.version") String version,
            @ConfigProperty(name = "quarkus.swagger-ui.path", defaultValue = "/q/swagger-ui") String swaggerUi) {
        this.prefix = normalize(config.api().v1Prefix());
        this.name = name;
        this.version = version;
        this.swaggerUi = normalize(swaggerUi) + "/";
    }

    void register(@Observes Router router) {
        HEALTH.forEach((path, target) -> {
            router.get(path).handler(ctx -> ctx.reroute(target));
            for (String api : apiPrefixes()) {
                router.get(api + path).order(HEALTH_ALIAS_ORDER).handler(ctx -> ctx.reroute(target));
            }
        });
        router.get("/metrics").handler(ctx -> ctx.reroute("/q/metrics"));
        router.get("/openapi.json").handler(ctx -> ctx.reroute("/q/openapi?format=json"));
        router.get("/").handler(ctx -> {
            if (Dashboard.wantsPage(ctx.request().getHeader("Accept"))) {
                ctx.reroute(Dashboard.PAGE);
            } else {
                ctx.response().putHeader("Content-Type", "application/json").end(info().encode());
            }
        });
        // ReDoc would have to be fetched from a CDN or bundled; Swagger UI renders the same document and ships here.
        router.get("/redoc").handler(ctx -> ctx.redirect(swaggerUi));
        if (!API_V1.equals(prefix)) {
            router.route(prefix + "/*").order(-1000).handler(ctx -> {
                String rest = ctx.normalizedPath().substring(prefix.length());
                String query = ctx.request().query();
                ctx.reroute(ctx.request().method(), API_V1 + rest + (query == null ? "" : "?" + query));
            });
        }
    }

    /** What the earlier service answered at its root: the service and where to find its documents. */
    JsonObject info() {
        return new JsonObject()
                .put("name", name)
                .put("version", version)
                .put("api", prefix)
                .put("docs", swaggerUi)
                .put("redoc", "/redoc")
                .put("openapi", "/openapi.json")
                .put("health", "/health");
    }

    private Set<String> apiPrefixes() {
        Set<String> prefixes = new LinkedHashSet<>();
        prefixes.add(API_V1);
        prefixes.add(prefix);
        return prefixes;
    }

    static String normalize(String prefix) {
        String p = prefix == null || prefix.isBlank() ? API_V1 : prefix.trim();
        p = p.startsWith("/") ? p : "/" + p;
        return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }
}
