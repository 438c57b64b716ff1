package io.ainfinity.security.tickets;

import java.time.Instant;
import java.util.Set;

/**
 * What a stream ticket grants: the caller it stands for, with the roles its token carried, a read of one stream path
 * until it expires. {@code tokenId} is the id of the token it was minted with (null when that token had none), so
 * that revoking the token ends its tickets too.
 */
public record StreamTicket(String subject, Set<String> roles, String path, Instant expiresAt, String tokenId) {

    public StreamTicket {
        roles = Set.copyOf(roles);
    }
}
