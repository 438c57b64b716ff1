package io.ainfinity.security.tokens;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.smallrye.mutiny.Uni;

/** Where service-token ids and their revocations are kept. */
public interface TokenStore {

    Uni<Void> insert(ServiceToken token);

    Uni<List<ServiceToken>> list();

    Uni<Optional<ServiceToken>> find(String id);

    /** Marks the token revoked; false when there is no such token. */
    Uni<Boolean> revoke(String id, Instant at);

    /** Ids of revoked tokens that have not yet expired (expired ones are rejected anyway). */
    Uni<Set<String>> revokedIds(Instant now);
}
