package io.ainfinity.security;

import jakarta.enterprise.context.RequestScoped;

import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The caller of the current request, from its verified token. */
@RequestScoped
public class CallerResolver {

    private final SecurityIdentity identity;

    public CallerResolver(SecurityIdentity identity) {
        this.identity = identity;
    }

    public Caller caller() {
        // The owner is the token's subject; the principal's name would prefer upn or preferred_username.
        String subject = identity.getPrincipal() instanceof JsonWebToken jwt
                ? jwt.getSubject()
                : identity.getPrincipal().getName();
        return new Caller(subject, identity.hasRole(Roles.ADMIN), identity.getRoles());
    }
}
