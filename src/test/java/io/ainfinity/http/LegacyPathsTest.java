package io.ainfinity.http;

import java.util.List;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.ainfinity.support.OpenApi;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.is;

/** The earlier service's public paths: health under the API prefix, the root's service info, {@code /redoc}. */
@QuarkusTest
class LegacyPathsTest {

    private static final List<String> HEALTH = List.of("/health", "/health/ready", "/health/live");

    @Test
    void healthUnderTheApiPrefixAnswersAsHealthDoes() {
        for (String path : HEALTH) {
            Response plain = given().get(path);
            Response alias = given().get("/api/v1" + path);

            assertThat(alias.statusCode()).as(path).isEqualTo(200).isEqualTo(plain.statusCode());
            assertThat(alias.contentType()).as(path).isEqualTo(plain.contentType());
            assertThat(alias.jsonPath().getString("status")).as(path).isEqualTo("UP");
            assertThat(alias.jsonPath().getList("checks.name"))
                    .as(path)
                    .isEqualTo(plain.jsonPath().getList("checks.name"));
        }
        assertThat(given().get("/api/v1/health/ready").jsonPath().getList("checks.name"))
                .contains("store", "worker-pool", "skypilot");
    }

    @Test
    void healthUnderTheApiPrefixNeedsNoTokenAndIgnoresABadOne() {
        for (String path : HEALTH) {
            given().header("Authorization", "Bearer not.a.token")
                    .get("/api/v1" + path)
                    .then()
                    .statusCode(200);
            given().header("X-API-Key", "not.a.token")
                    .get("/api/v1" + path)
                    .then()
                    .statusCode(200);
        }
        // The rest of the prefix still needs one.
        given().get("/api/v1/jobs").then().statusCode(401);
    }

    @Test
    void theRootSaysWhatTheServiceIsAndWhereItsDocumentsAre() {
        Response info = given().get("/");

        info.then()
                .statusCode(200)
                .contentType("application/json")
                .body("name", is("ainfinity"))
                .body("version", is(ConfigProvider.getConfig().getValue("quarkus.application.version", String.class)))
                .body("api", is("/api/v1"));
        for (String link : List.of("docs", "openapi", "health")) {
            assertThat(given().get(info.jsonPath().getString(link)).statusCode())
                    .as(link)
                    .isEqualTo(200);
        }
        given().redirects()
                .follow(false)
                .get(info.jsonPath().getString("redoc"))
                .then()
                .statusCode(302);
    }

    @Test
    void redocRedirectsToSwaggerUiWhichRendersTheSameDocument() {
        given().redirects().follow(false).get("/redoc").then().statusCode(302).header("Location", endsWith("/docs/"));
        given().get("/redoc").then().statusCode(200).body(containsString("swagger"));
        assertThat(OpenApi.served().root().path("info").path("description").asText())
                .contains("/redoc")
                .contains("/docs");
    }

    @Test
    void theAliasesAreLeftOutOfTheDocumentAsHealthIs() {
        OpenApi doc = OpenApi.served();

        assertThat(doc.root().path("paths").has("/health")).isFalse();
        assertThat(doc.root().path("paths").has("/api/v1/health")).isFalse();
        assertThat(doc.operations()).noneMatch(operation -> operation.contains("/health"));
    }
}
