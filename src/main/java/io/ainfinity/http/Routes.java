package io.ainfinity.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.ext.web.Router;

import io.ainfinity.config.AinfinityConfig;

/**
 * Paths kept from the earlier service: {@code /health}, {@code /health/ready}, {@code /health/live},
 * {@code /metrics}, {@code /openapi.json}, and the API under a prefix other than {@code /api/v1} when
 * {@code SERVING_API_V1_PREFIX} says so.
 */
@ApplicationScoped
public class Routes {

    static final String API_V1 = "/api/v1";

    private final String prefix;

    public Routes(AinfinityConfig config) {
        this.prefix = normalize(config.api().v1Prefix());
    }

    void register(@Observes Router router) {
        router.get("/health").handler(ctx -> ctx.reroute("/q/health"));
        router.get("/health/ready").handler(ctx -> ctx.reroute("/q/health/ready"));
        router.get("/health/live").handler(ctx -> ctx.reroute("/q/health/live"));
        router.get("/metrics").handler(ctx -> ctx.reroute("/q/metrics"));
        router.get("/openapi.json").handler(ctx -> ctx.reroute("/q/openapi?format=json"));
        if (!API_V1.equals(prefix)) {
            router.route(prefix + "/*").order(-1000).handler(ctx -> {
                String rest = ctx.normalizedPath().substring(prefix.length());
                String query = ctx.request().query();
                ctx.reroute(ctx.request().method(), API_V1 + rest + (query == null ? "" : "?" + query));
            });
        }
    }

    static String normalize(String prefix) {
        String p = prefix == null || prefix.isBlank() ? API_V1 : prefix.trim();
        p = p.startsWith("/") ? p : "/" + p;
        return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }
}
