package io.ainfinity.security;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import io.ainfinity.support.Jobs;
import io.ainfinity.support.LogCapture;
import io.ainfinity.support.OpenApi;
import io.ainfinity.support.Tokens;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

/** The earlier service's {@code X-API-Key} header presents a token exactly as {@code Authorization: Bearer} does. */
@QuarkusTest
class ApiKeyHeaderTest {

    private static final String KEY = "X-API-Key";

    @Test
    void aJwtInTheHeaderAuthenticatesItsSubject() {
        String subject = Jobs.uniqueName("keyed");
        String name = Jobs.uniqueName("key-job");

        given().header(KEY, Tokens.token(subject, "user"))
                .contentType("application/json")
                .body(Map.of("job_name", name, "template", "local-smoke", "envs", Map.of("SMOKE_STEPS", "1")))
                .post("/api/v1/jobs")
                .then()
                .statusCode(201)
                .body("job_info.owner", is(subject));
        given().header(KEY, Tokens.token(subject, "viewer"))
                .get("/api/v1/jobs/{name}", name)
                .then()
                .statusCode(200);
    }

    @Test
    void theTokensRolesApplyAsToABearerToken() {
        String viewer = Tokens.token(Jobs.uniqueName("key-viewer"), "viewer");

        given().header(KEY, viewer).get("/api/v1/jobs").then().statusCode(200);
        given().header(KEY, viewer)
                .contentType("application/json")
                .body(Map.of("job_name", Jobs.uniqueName("denied"), "template", "local-smoke"))
                .post("/api/v1/jobs")
                .then()
                .statusCode(403);
        given().header(KEY, viewer).get("/api/v1/tokens").then().statusCode(403);
    }

    @Test
    void aServiceTokenInTheHeaderWorksUntilRevoked() {
        JsonPath minted = given().spec(Tokens.bearer(Tokens.admin()))
                .contentType("application/json")
                .body(Map.of("name", Jobs.uniqueName("key-svc"), "roles", List.of("viewer")))
                .post("/api/v1/tokens")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        String token = minted.getString("token");

        given().header(KEY, token).get("/api/v1/jobs").then().statusCode(200);
        given().spec(Tokens.bearer(Tokens.admin()))
                .delete("/api/v1/tokens/" + minted.getString("token_info.id"))
                .then()
                .statusCode(200);
        given().header(KEY, token).get("/api/v1/jobs").then().statusCode(401);
    }

    @Test
    void aKeyThatIsNotAValidTokenIs401WithTheBearerChallenge() {
        for (String key : List.of("garbage", "aaa.bbb.ccc", "Bearer " + Tokens.token("double", "viewer"))) {
            given().header(KEY, key)
                    .get("/api/v1/jobs")
                    .then()
                    .statusCode(401)
                    .header("WWW-Authenticate", startsWith("Bearer"));
        }
    }

    @Test
    void bothHeadersWithTheSameTokenAreOneCredential() {
        String token = Tokens.token(Jobs.uniqueName("both"), "viewer");

        given().header("Authorization", "Bearer " + token)
                .header(KEY, token)
                .get("/api/v1/jobs")
                .then()
                .statusCode(200);
        given().header("Authorization", "bearer " + token)
                .header(KEY, token)
                .get("/api/v1/jobs")
                .then()
                .statusCode(200);
        // An empty key is no key.
        given().header("Authorization", "Bearer " + token)
                .header(KEY, "")
                .get("/api/v1/jobs")
                .then()
                .statusCode(200);
    }

    @Test
    void twoDifferentCredentialsAre401WhicheverIsValid() {
        String alice = Tokens.token("alice", "admin");
        String bob = Tokens.token("bob", "viewer");

        given().header("Authorization", "Bearer " + alice)
                .header(KEY, "forged")
                .get("/api/v1/jobs")
                .then()
                .statusCode(401);
        given().header("Authorization", "Bearer forged")
                .header(KEY, alice)
                .get("/api/v1/jobs")
                .then()
                .statusCode(401);
        given().header("Authorization", "Bearer " + alice)
                .header(KEY, bob)
                .get("/api/v1/jobs")
                .then()
                .statusCode(401);
        given().header("Authorization", "Basic YWRtaW46YWRtaW4=")
                .header(KEY, alice)
                .get("/api/v1/jobs")
                .then()
                .statusCode(401);
        given().header(KEY, alice).header(KEY, bob).get("/api/v1/jobs").then().statusCode(401);
        // Public paths stay public, as they do for a bad bearer token.
        given().header("Authorization", "Bearer " + alice)
                .header(KEY, bob)
                .get("/health")
                .then()
                .statusCode(200);
    }

    @Test
    void theDocumentOffersTheHeaderWhereverItOffersTheBearerScheme() {
        OpenApi doc = OpenApi.served();
        JsonNode scheme = doc.root().path("components").path("securitySchemes").path("apiKey");

        assertThat(scheme.path("type").asText()).isEqualTo("apiKey");
        assertThat(scheme.path("in").asText()).isEqualTo("header");
        assertThat(scheme.path("name").asText()).isEqualTo(KEY);
        for (String operation : doc.operations()) {
            String[] parts = operation.split(" ", 2);
            JsonNode security = doc.operation(parts[0], parts[1]).path("security");
            assertThat(security.findValues("bearer")).as(operation).isNotEmpty();
            assertThat(security.findValues("apiKey")).as(operation).hasSameSizeAs(security.findValues("bearer"));
        }
    }

    @Test
    void theKeyIsNeverLogged() {
        String subject = Jobs.uniqueName("quiet");
        String token = Tokens.token(subject, "viewer");
        String all;
        try (LogCapture capture = LogCapture.start()) {
            given().header(KEY, token).header("X-Request-ID", "key-log-1").get("/api/v1/jobs");
            given().header(KEY, token + "x").get("/api/v1/jobs");
            given().header(KEY, token).header("Authorization", "Bearer other").get("/api/v1/jobs");
            // The access log is written when the response has ended, which the client may see first.
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(capture.text())
                            .contains("requestId=key-log-1")
                            .contains("principal=" + subject));
            all = capture.text();
        }
        assertThat(all)
                .doesNotContain(token)
                .doesNotContain(token.substring(token.lastIndexOf('.') + 1))
                .doesNotContainIgnoringCase("x-api-key:");
    }
}
