package io.ainfinity.http;

import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * One log line per request: request id, method, path, status, duration and principal, with the request id and the
 * earlier service's {@code X-Process-Time} echoed as headers. Query strings, headers and bodies are never logged, so
 * neither is a token or a secret.
 */
@ApplicationScoped
public class RequestLog {

    public static final String REQUEST_ID = "X-Request-ID";

    private static final Logger LOG = Logger.getLogger("io.ainfinity.access");
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    void register(@Observes Router router) {
        router.route().order(-2000).handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        long start = System.nanoTime();
        String offered = ctx.request().getHeader(REQUEST_ID);
        // A client's id is echoed only when it is short and plain, so it cannot forge log lines or headers.
        String requestId = offered != null && SAFE_ID.matcher(offered).matches()
                ? offered
                : UUID.randomUUID().toString();
        ctx.put(REQUEST_ID, requestId);
        ctx.response().putHeader(REQUEST_ID, requestId);
        ctx.addHeadersEndHandler(v -> ctx.response()
                .putHeader("X-Process-Time", String.format(Locale.ROOT, "%.4f", (System.nanoTime() - start) / 1e9)));
        ctx.addEndHandler(v -> {
            MDC.put("requestId", requestId);
            try {
                LOG.infof(
                        "requestId=%s method=%s path=%s status=%d durationMs=%.1f principal=%s",
                        requestId,
                        ctx.request().method(),
                        ctx.normalizedPath(),
                        ctx.response().getStatusCode(),
                        (System.nanoTime() - start) / 1e6,
                        principal(ctx));
            } finally {
                MDC.remove("requestId");
            }
        });
        ctx.next();
    }

    private static String principal(RoutingContext ctx) {
        if (ctx.user() instanceof QuarkusHttpUser user
                && !user.getSecurityIdentity().isAnonymous()) {
            return user.getSecurityIdentity().getPrincipal() instanceof JsonWebToken jwt
                    ? jwt.getSubject()
                    : user.getSecurityIdentity().getPrincipal().getName();
        }
        return "-";
    }
}
