package io.ainfinity.security.tickets;

import java.util.List;
import java.util.Set;
import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code ?ticket=} on a stream's URL, for clients that cannot send a header, the browser's {@code EventSource} first
 * of all. Asked before the bearer mechanism, it answers only for requests that carry a ticket, so every other request
 * goes on to the bearer token as before. A request with a ticket and a bearer token presents two credentials and gets
 * neither (401), as one with two different API keys does; so does a ticket on anything but a {@code GET} of a stream.
 */
@ApplicationScoped
public class StreamTicketMechanism implements HttpAuthenticationMechanism {

    public static final String PARAMETER = "ticket";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext ctx, IdentityProviderManager identities) {
        List<String> tickets = ctx.queryParam(PARAMETER);
        if (tickets.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        String path = ctx.normalizedPath();
        if (tickets.size() != 1
                || ctx.request().method() != HttpMethod.GET
                || ctx.request().headers().contains(HttpHeaders.AUTHORIZATION)
                || !StreamPaths.isStream(path)) {
            return Uni.createFrom().failure(new AuthenticationFailedException("stream ticket not usable here"));
        }
        return identities.authenticate(
                HttpSecurityUtils.setRoutingContextAttribute(new StreamTicketRequest(tickets.get(0), path), ctx));
    }

    /** The bearer scheme's challenge: a ticket is a way to carry a token's rights, not another kind of login. */
    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext ctx) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(StreamTicketRequest.class);
    }

    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 100;
    }
}
