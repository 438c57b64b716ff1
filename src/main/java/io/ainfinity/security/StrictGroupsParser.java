package io.ainfinity.security;

import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.inject.Inject;

import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Refuses a bearer token whose {@code groups} claim has the wrong shape ({@link GroupsClaimCheck}) before parsing. */
@Decorator
@Priority(1)
public abstract class StrictGroupsParser implements JWTParser {

    @Inject
    @Delegate
    JWTParser delegate;

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        check(token);
        return delegate.parse(token);
    }

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        check(token);
        return delegate.parse(token, context);
    }

    private static void check(String token) throws ParseException {
        var problem = GroupsClaimCheck.problem(token);
        if (problem.isPresent()) {
            throw new ParseException(problem.get());
        }
    }
}
