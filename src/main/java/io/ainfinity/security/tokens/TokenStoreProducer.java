package io.ainfinity.security.tokens;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.ainfinity.store.Database;

/** Builds the service-token store on the database the jobs share. */
public class TokenStoreProducer {

    @Produces
    @Singleton
    TokenStore tokenStore(Database database) {
        return new JdbcTokenStore(database.dataSource(), database.pool());
    }
}
