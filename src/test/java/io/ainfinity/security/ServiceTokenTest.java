package io.ainfinity.security;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ainfinity.support.Tokens;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class ServiceTokenTest {

    private RequestSpecification admin;

    @BeforeEach
    void admin() {
        admin = Tokens.bearer(Tokens.admin());
    }

    private JsonPath mint(String name, List<String> roles) {
        return given().spec(admin)
                .contentType("application/json")
                .body(Map.of("name", name, "roles", roles, "expires_in_days", 7))
                .post("/api/v1/tokens")
                .then()
                .statusCode(201)
                .header("Cache-Control", "no-store")
                .body("success", is(true))
                .body("token", notNullValue())
                .body("token_info.subject", is("service:" + name))
                .body("token_info.revoked_at", nullValue())
                .extract()
                .jsonPath();
    }

    @Test
    void aMintedTokenWorksUntilRevokedThenFailsAtOnce() {
        JsonPath minted = mint("ci-pipeline", List.of("user"));
        String token = minted.getString("token");
        String id = minted.getString("token_info.id");
        RequestSpecification service = Tokens.bearer(token);

        given().spec(service)
                .contentType("application/json")
                .body(Map.of("job_name", "svc-" + id.substring(0, 8), "template", "local-smoke"))
                .post("/api/v1/jobs")
                .then()
                .statusCode(201)
                .body("job_info.owner", is("service:ci-pipeline"));

        given().spec(admin)
                .delete("/api/v1/tokens/" + id)
                .then()
                .statusCode(200)
                .body("token_info.revoked_at", notNullValue());

        given().spec(service).get("/api/v1/jobs").then().statusCode(401);
    }

    @Test
    void tokensAreListedByIdAndNeverShownAgain() {
        JsonPath minted = mint("nightly-eval", List.of("viewer"));
        String token = minted.getString("token");
        String id = minted.getString("token_info.id");

        String listing = given().spec(admin)
                .get("/api/v1/tokens")
                .then()
                .statusCode(200)
                .body("tokens.id", hasItem(id))
                .extract()
                .asString();
        assertThat(listing).doesNotContain(token);
        given().spec(admin)
                .get("/api/v1/tokens/" + id)
                .then()
                .statusCode(200)
                .body("token_info.name", is("nightly-eval"))
                .body("token_info.roles", is(List.of("viewer")))
                .body("$", not(hasKey("token")));
    }

    @Test
    void aServiceTokenCarriesOnlyItsRoles() {
        String viewer = mint("dashboard", List.of("viewer")).getString("token");

        given().spec(Tokens.bearer(viewer)).get("/api/v1/jobs").then().statusCode(200);
        given().spec(Tokens.bearer(viewer))
                .contentType("application/json")
                .body(Map.of("job_name", "from-viewer", "template", "local-smoke"))
                .post("/api/v1/jobs")
                .then()
                .statusCode(403);
        given().spec(Tokens.bearer(viewer)).get("/api/v1/tokens").then().statusCode(403);
    }

    @Test
    void badMintRequestsNameTheirFields() {
        given().spec(admin)
                .contentType("application/json")
                .body(Map.of("name", "Bad Name", "roles", List.of("root"), "expires_in_days", 0))
                .post("/api/v1/tokens")
                .then()
                .statusCode(422)
                .body("errors.field", hasItems("name", "roles.0", "expires_in_days"));
        given().spec(admin)
                .get("/api/v1/tokens/no-such-id")
                .then()
                .statusCode(404)
                .body("detail", containsString("no-such-id"));
        given().spec(admin).delete("/api/v1/tokens/no-such-id").then().statusCode(404);
    }
}
