package io.ainfinity.http;

import java.util.Set;
import java.util.TreeSet;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;

import io.quarkus.resteasy.reactive.server.runtime.ResteasyReactiveRecorder;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.jboss.resteasy.reactive.server.core.Deployment;
import org.jboss.resteasy.reactive.server.handlers.ClassRoutingHandler;
import org.jboss.resteasy.reactive.server.handlers.RestInitialHandler.InitialMatch;
import org.jboss.resteasy.reactive.server.mapping.RequestMapper;
import org.jboss.resteasy.reactive.server.mapping.RequestMapper.RequestMatch;
import org.jboss.resteasy.reactive.server.spi.ServerRestHandler;

/**
 * The methods a path answers, for the {@code Allow} header of 405 and OPTIONS answers. Quarkus REST lists every
 * method of the resource classes under a root path (so {@code OPTIONS /api/v1/jobs/x/logs} offered POST and DELETE)
 * and sends 405 without {@code Allow}; this asks its routing tables, the same ones that route requests, which
 * methods match the path itself.
 */
public class AllowedMethods {

    private static volatile Table table;

    /** Methods that {@code path} (without the query) answers; empty when no resource matches it. */
    public static Set<String> of(String path) {
        Table current = table();
        Set<String> allowed = new TreeSet<>();
        if (current == null) {
            return allowed;
        }
        String relative = path.startsWith(current.prefix())
                ? path.substring(current.prefix().length())
                : path;
        RequestMatch<InitialMatch> match = current.classes().map(relative);
        while (match != null) {
            String remaining = match.remaining.isEmpty() ? "/" : match.remaining;
            for (ServerRestHandler handler : match.value.handlers) {
                if (handler instanceof ClassRoutingHandler routing) {
                    // The "" key holds sub-resource locators, which answer no method of their own here.
                    routing.getMappers().forEach((method, mapper) -> {
                        if (!method.isEmpty() && mapper.map(remaining) != null) {
                            allowed.add(method);
                        }
                    });
                }
            }
            match = current.classes().continueMatching(relative, match);
        }
        if (allowed.contains(HttpMethod.GET)) {
            allowed.add(HttpMethod.HEAD);
        }
        if (!allowed.isEmpty()) {
            allowed.add(HttpMethod.OPTIONS);
        }
        return allowed;
    }

    /** OPTIONS answers that Quarkus REST built itself list the path's methods, not its root class's. */
    @ServerResponseFilter
    public void options(ContainerRequestContext request, ContainerResponseContext response) {
        if (HttpMethod.OPTIONS.equals(request.getMethod())
                && response.getStatus() == 200
                && response.getHeaders().containsKey(HttpHeaders.ALLOW)) {
            Set<String> allowed = of(request.getUriInfo().getPath());
            if (!allowed.isEmpty()) {
                response.getHeaders().putSingle(HttpHeaders.ALLOW, String.join(", ", allowed));
            }
        }
    }

    private static Table table() {
        Table current = table;
        if (current == null) {
            Deployment deployment = ResteasyReactiveRecorder.getCurrentDeployment();
            if (deployment == null) {
                return null;
            }
            String prefix = deployment.getPrefix() == null ? "" : deployment.getPrefix();
            current = new Table(
                    prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix,
                    new RequestMapper<>(deployment.getClassMappers()));
            table = current;
        }
        return current;
    }

    private record Table(String prefix, RequestMapper<InitialMatch> classes) {}
}
