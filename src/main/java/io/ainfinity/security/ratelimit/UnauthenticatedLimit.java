package io.ainfinity.security.ratelimit;

import java.time.Duration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import io.ainfinity.http.Problem;
import io.ainfinity.metrics.Meters;
import io.ainfinity.security.ratelimit.RateLimiter.Budget;

/**
 * The budget of requests without valid credentials, per client address, applied before authentication: every answer
 * 401 under {@code /api/} spends one token of the address's budget, and an address whose budget is spent gets 429 at
 * once, before any token it sends is parsed or verified (verifying forged tokens is the work a flood costs), until
 * the budget refills. Requests with valid tokens never spend it. Behind a proxy, enable forwarded addresses
 * ({@code quarkus.http.proxy.proxy-address-forwarding}) so that each client has a budget of its own.
 */
@ApplicationScoped
public class UnauthenticatedLimit {

    /** Ahead of Quarkus's authentication and every route of the application. */
    static final int ORDER = Integer.MIN_VALUE + 100;

    private final RateLimiter limiter;
    private final Meters meters;
    private final ObjectMapper json;

    public UnauthenticatedLimit(RateLimiter limiter, Meters meters, ObjectMapper json) {
        this.limiter = limiter;
        this.meters = meters;
        this.json = json;
    }

    void register(@Observes Router router) {
        router.route().order(ORDER).handler(this::handle);
    }

    void handle(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        if (!limiter.enabled() || path == null || !path.startsWith("/api/")) {
            ctx.next();
            return;
        }
        String address = "ip:"
                + (ctx.request().remoteAddress() == null
                        ? "unknown"
                        : ctx.request().remoteAddress().host());
        Duration wait = limiter.waitFor(address, Budget.UNAUTHENTICATED);
        if (!wait.isZero()) {
            refuse(ctx, path, wait);
            return;
        }
        ctx.addHeadersEndHandler(done -> {
            if (ctx.response().getStatusCode() == 401) {
                limiter.consume(address, Budget.UNAUTHENTICATED);
            }
        });
        ctx.next();
    }

    private void refuse(RoutingContext ctx, String path, Duration wait) {
        meters.rateLimited("unauthenticated");
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        String body;
        try {
            body = json.writeValueAsString(Problem.of(
                    429,
                    "Too Many Requests",
                    "too many requests without valid credentials from this address; retry in %d s".formatted(seconds),
                    path,
                    null));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem cannot be serialized", e);
        }
        ctx.response()
                .setStatusCode(429)
                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                .putHeader("Retry-After", String.valueOf(seconds))
                .end(body);
    }
}
