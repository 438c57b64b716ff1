package io.ainfinity.security.ratelimit;

import java.lang.reflect.Method;
import java.util.Locale;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.ainfinity.http.Problem;
import io.ainfinity.metrics.Meters;
import io.ainfinity.security.ratelimit.RateLimiter.Budget;
import io.ainfinity.security.ratelimit.RateLimiter.Decision;

/**
 * Applies the rate limiter to the API: per token subject, or per client address when unauthenticated; launches
 * (methods marked {@link LaunchBudget}, whatever path reached them) and everything else draw on separate budgets. Every limited response carries the
 * earlier service's {@code X-RateLimit-Limit} and {@code X-RateLimit-Remaining}; a refused one is a 429 problem with
 * {@code Retry-After}.
 */
public class RateLimitFilter {

    private static final String DECISION = RateLimitFilter.class.getName() + ".decision";

    private final RateLimiter limiter;
    private final CurrentIdentityAssociation identities;
    private final Meters meters;

    public RateLimitFilter(RateLimiter limiter, CurrentIdentityAssociation identities, Meters meters) {
        this.limiter = limiter;
        this.identities = identities;
        this.meters = meters;
    }

    @ServerRequestFilter
    public Uni<Response> limit(ContainerRequestContext request, HttpServerRequest http, ResourceInfo resource) {
        String path = request.getUriInfo().getPath();
        if (!limiter.enabled() || !path.startsWith("/api/")) {
            return Uni.createFrom().nullItem();
        }
        Method method = resource == null ? null : resource.getResourceMethod();
        Budget budget = method != null && method.isAnnotationPresent(LaunchBudget.class) ? Budget.LAUNCH : Budget.READ;
        return identities.getDeferredIdentity().onFailure().recoverWithNull().map(identity -> {
            Decision decision = limiter.consume(callerKey(identity, http), budget);
            request.setProperty(DECISION, decision);
            if (decision.allowed()) {
                return null;
            }
            meters.rateLimited(budget.name().toLowerCase(Locale.ROOT));
            long seconds = Math.max(1, (decision.retryAfter().toMillis() + 999) / 1000);
            Problem problem = Problem.of(
                    429, "Too Many Requests", "rate limit exceeded; retry in %d s".formatted(seconds), path, null);
            return Response.status(429)
                    .type(Problem.MEDIA_TYPE)
                    .entity(problem)
                    .header("Retry-After", seconds)
                    .build();
        });
    }

    @ServerResponseFilter
    public void headers(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(DECISION) instanceof Decision decision) {
            response.getHeaders().putSingle("X-RateLimit-Limit", decision.limit());
            response.getHeaders().putSingle("X-RateLimit-Remaining", decision.remaining());
        }
    }

    private static String callerKey(SecurityIdentity identity, HttpServerRequest http) {
        if (identity != null && !identity.isAnonymous()) {
            return identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getSubject() != null
                    ? "sub:" + jwt.getSubject()
                    : "sub:" + identity.getPrincipal().getName();
        }
        return "ip:"
                + (http.remoteAddress() == null
                        ? "unknown"
                        : http.remoteAddress().host());
    }
}
