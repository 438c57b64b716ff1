package io.ainfinity.it;

import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import static io.ainfinity.it.ItJobs.get;
import static io.ainfinity.it.ItJobs.launch;
import static io.ainfinity.it.ItJobs.launchSmoke;
import static io.ainfinity.it.ItJobs.uniqueName;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * The packaged app in its production profile: tokens verified against the configured public key, roles, ownership,
 * service tokens minted with the configured signing key, and the endpoints that stay public.
 */
@QuarkusIntegrationTest
@TestProfile(PackagedApp.class)
class AuthFlowIT {

    @Test
    void healthMetricsAndOpenApiArePublic() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/started").then().statusCode(200);
        given().get("/health").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200).body(containsString("ainfinity_"));
        given().get("/openapi.json").then().statusCode(200).body("info.title", equalTo("ainfinity"));
    }

    @Test
    void apiRefusesMissingForgedAndExpiredTokens() throws NoSuchAlgorithmException {
        // Given a token from another key and one that expired
        PrivateKey otherKey =
                KeyPairGenerator.getInstance("RSA").generateKeyPair().getPrivate();
        String forged = ItTokens.signed("mallory", Instant.now().plus(Duration.ofHours(1)), otherKey, "admin");
        String expired =
                ItTokens.signed("alice", Instant.now().minus(Duration.ofHours(1)), ItTokens.testKey(), "admin");

        // Then none of them, nor no token at all, reaches the API
        given().get("/api/v1/jobs").then().statusCode(401);
        ItTokens.as(forged).get("/api/v1/jobs").then().statusCode(401);
        ItTokens.as(expired).get("/api/v1/jobs").then().statusCode(401);
        ItTokens.as(ItTokens.token("alice", "viewer"))
                .get("/api/v1/jobs")
                .then()
                .statusCode(200);
    }

    @Test
    void viewersReadButCannotLaunch() {
        String viewer = ItTokens.token("it-viewer", "viewer");

        launch(viewer, Map.of("job_name", uniqueName("it-viewer"), "template", "local-smoke"))
                .statusCode(403);
        ItTokens.as(viewer).get("/api/v1/templates").then().statusCode(200).body("success", equalTo(true));
    }

    @Test
    void anotherOwnersJobIsNotFoundButAdminsSeeIt() {
        // Given a job of one user
        String owner = ItTokens.token("it-owner", "user");
        String name = launchSmoke(owner, "it-owned", Map.of("SMOKE_STEPS", "1"));

        // Then another user gets 404 for it, and an admin sees it
        get(ItTokens.token("it-stranger", "user"), name).statusCode(404).contentType(startsWith("application/problem"));
        get(ItTokens.token("it-admin", "admin"), name).statusCode(200).body("job_info.owner", equalTo("it-owner"));
    }

    @Test
    void mintedServiceTokenWorksUntilRevoked() {
        // Given an admin mints a service token
        String admin = ItTokens.token("it-admin", "admin");
        ExtractableResponse<Response> minted = ItTokens.as(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "it-ci", "roles", List.of("user"), "expires_in_days", 1))
                .post("/api/v1/tokens")
                .then()
                .statusCode(201)
                .body("token_info.subject", equalTo("service:it-ci"))
                .extract();
        String service = minted.path("token");

        // When it is used, then revoked
        ItTokens.as(service).get("/api/v1/jobs").then().statusCode(200);
        ItTokens.as(admin)
                .delete("/api/v1/tokens/{id}", minted.<String>path("token_info.id"))
                .then()
                .statusCode(200);

        // Then it is refused
        ItTokens.as(service).get("/api/v1/jobs").then().statusCode(401);
    }
}
