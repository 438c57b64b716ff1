package io.ainfinity.security.tickets;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A request's stream ticket and the path it asks for, to be checked by {@link StreamTicketIdentityProvider}. */
public final class StreamTicketRequest extends BaseAuthenticationRequest {

    private final String ticket;
    private final String path;

    public StreamTicketRequest(String ticket, String path) {
        this.ticket = ticket;
        this.path = path;
    }

    public String ticket() {
        return ticket;
    }

    public String path() {
        return path;
    }
}
