package io.ainfinity.security.tickets;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * The caller a valid stream ticket stands for: its subject, with the roles its token carried. The identity is marked,
 * so that nothing but the one stream it names can ever be reached with it (see {@link StreamTicketMechanism}).
 */
@ApplicationScoped
public class StreamTicketIdentityProvider implements IdentityProvider<StreamTicketRequest> {

    /** Attribute of an identity that came from a stream ticket. */
    public static final String TICKET = "ainfinity.stream-ticket";

    private final StreamTickets tickets;

    public StreamTicketIdentityProvider(StreamTickets tickets) {
        this.tickets = tickets;
    }

    @Override
    public Class<StreamTicketRequest> getRequestType() {
        return StreamTicketRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(StreamTicketRequest request, AuthenticationRequestContext context) {
        // Checking costs a MAC and a set lookup: no need to leave the event loop.
        return tickets.verify(request.ticket(), request.path())
                .<Uni<SecurityIdentity>>map(ticket -> Uni.createFrom()
                        .item(QuarkusSecurityIdentity.builder()
                                .setPrincipal(new QuarkusPrincipal(ticket.subject()))
                                .addRoles(ticket.roles())
                                .addAttribute(TICKET, ticket.path())
                                .build()))
                .orElseGet(() -> Uni.createFrom()
                        .failure(new AuthenticationFailedException(
                                "stream ticket invalid, expired or not for this" + " path")));
    }
}
