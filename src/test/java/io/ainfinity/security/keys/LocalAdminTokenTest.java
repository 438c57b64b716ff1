package io.ainfinity.security.keys;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ainfinity.security.tokens.ServiceToken;
import io.ainfinity.security.tokens.TokenService;
import io.ainfinity.support.Tokens;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The local profile's admin token: minted once, readable by its owner only, listed and revocable like any other. */
@QuarkusTest
class LocalAdminTokenTest {

    @Inject
    KeyStartupCheck startup;

    @Inject
    TokenService tokens;

    private List<ServiceToken> localAdmins() {
        return tokens.list().await().atMost(Duration.ofSeconds(10)).stream()
                .filter(t -> t.name().equals(KeyStartupCheck.ADMIN_TOKEN_NAME))
                .toList();
    }

    @Test
    void isMintedOnceAndCanBeRevoked(@TempDir Path data) throws Exception {
        Path file = data.resolve("admin-token");
        int before = localAdmins().size();

        startup.ensureAdminToken(file);
        startup.ensureAdminToken(file);

        assertThat(localAdmins()).hasSize(before + 1);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        String token = Files.readString(file).trim();
        given().header("Authorization", "Bearer " + token)
                .get("/api/v1/tokens")
                .then()
                .statusCode(200);

        String id = new ObjectMapper()
                .readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]))
                .get("jti")
                .asText();
        assertThat(localAdmins()).extracting(ServiceToken::id).contains(id);
        given().header("Authorization", "Bearer " + Tokens.admin())
                .delete("/api/v1/tokens/{id}", id)
                .then()
                .statusCode(200);
        given().header("Authorization", "Bearer " + token)
                .get("/api/v1/tokens")
                .then()
                .statusCode(401);
    }
}
