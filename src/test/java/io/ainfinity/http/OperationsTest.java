package io.ainfinity.http;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ainfinity.support.Jobs;
import io.ainfinity.support.Tokens;

import static io.ainfinity.support.Api.awaitStatus;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** Request ids, CORS, the metrics scrape and the OpenAPI document, as an operator sees them. */
@QuarkusTest
class OperationsTest {

    @BeforeEach
    void authenticate() {
        RestAssured.requestSpecification = Tokens.bearer(Tokens.token("ops", "user"));
    }

    @AfterEach
    void forget() {
        RestAssured.requestSpecification = null;
    }

    @Test
    void echoesAPlainRequestIdAndReplacesAHostileOne() {
        given().header("X-Request-ID", "trace-123")
                .get("/api/v1/jobs")
                .then()
                .statusCode(200)
                .header("X-Request-ID", "trace-123")
                .header("X-Process-Time", matchesPattern("\\d+\\.\\d{4}"));
        String generated = given().get("/health").then().extract().header("X-Request-ID");
        assertThat(generated).matches("[0-9a-f-]{36}");
        String replaced = given().header("X-Request-ID", "evil\u0001injected line")
                .get("/health")
                .then()
                .extract()
                .header("X-Request-ID");
        assertThat(replaced).matches("[0-9a-f-]{36}");
    }

    @Test
    void corsPreflightAllowsOnlyTheConfiguredOrigins() {
        given().header("Origin", "https://ui.example")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .options("/api/v1/jobs")
                .then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", "https://ui.example");
        given().header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "POST")
                .options("/api/v1/jobs")
                .then()
                .header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void metricsScrapeCarriesTheServiceMeters() {
        String name = Jobs.uniqueName("metered");
        given().contentType("application/json")
                .body(Map.of("job_name", name, "template", "local-smoke", "envs", Map.of("SMOKE_STEPS", "1")))
                .post("/api/v1/jobs")
                .then()
                .statusCode(201);
        awaitStatus(name, "completed");
        // The second listing finds the jobs' JSON in the cache the first one filled.
        given().get("/api/v1/jobs").then().statusCode(200);
        given().get("/api/v1/jobs").then().statusCode(200);

        for (String path : new String[] {"/q/metrics", "/metrics"}) {
            String scrape = given().get(path).then().statusCode(200).extract().asString();
            assertThat(scrape)
                    .contains("ainfinity_jobs_launched_total{backend=\"local\",outcome=\"started\"}")
                    .contains("ainfinity_job_duration_seconds_count{backend=\"local\",outcome=\"completed\"}")
                    .contains("ainfinity_jobs{status=\"running\"}")
                    .contains("ainfinity_worker_pool_active{pool=\"process\"}")
                    .contains("ainfinity_worker_pool_queued{pool=\"process\"}")
                    .contains("http_server_requests_seconds_count")
                    .contains("ainfinity_sky_command_seconds_count{command=\"version\",outcome=\"ok\"}")
                    .doesNotContain(name);
            assertThat(sample(scrape, "cache_gets_total{cache=\"ainfinity.job-json\",result=\"hit\"}"))
                    .isPositive();
            assertThat(sample(scrape, "cache_gets_total{cache=\"ainfinity.job-json\",result=\"miss\"}"))
                    .isPositive();
            assertThat(sample(scrape, "cache_size{cache=\"ainfinity.job-spec\"}"))
                    .isPositive();
            assertThat(sample(scrape, "cache_size{cache=\"ainfinity.job-metrics\"}"))
                    .isPositive();
        }
    }

    /** The value of one series of a Prometheus scrape. */
    private static double sample(String scrape, String series) {
        return scrape.lines()
                .filter(line -> line.startsWith(series + " "))
                .mapToDouble(line ->
                        Double.parseDouble(line.substring(series.length() + 1).split(" ")[0]))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + series + " in the scrape"));
    }

    @Test
    void everyPoolAndLineHasAGaugeAndOneOfItsBound() {
        given().get("/api/v1/jobs").then().statusCode(200);

        String scrape =
                given().get("/q/metrics").then().statusCode(200).extract().asString();

        assertThat(gauge(scrape, "ainfinity_worker_pool_active_limit{pool=\"process\"}"))
                .isPositive();
        assertThat(gauge(scrape, "ainfinity_worker_pool_queued_limit{pool=\"process\"}"))
                .isPositive();
        assertThat(gauge(scrape, "ainfinity_worker_pool_active{pool=\"store\"}"))
                .isNotNegative();
        assertThat(gauge(scrape, "ainfinity_worker_pool_active_limit{pool=\"store\"}"))
                .isEqualTo(8);
        assertThat(gauge(scrape, "ainfinity_worker_pool_queued_limit{pool=\"store\"}"))
                .isEqualTo(8 * 64);
        // The store has answered, and a connection it used waits in the pool: Agroal counts only when asked to.
        assertThat(gauge(scrape, "ainfinity_store_connections{state=\"idle\"}")).isPositive();
        assertThat(gauge(scrape, "ainfinity_store_connections{state=\"active\"}"))
                .isNotNegative();
        assertThat(gauge(scrape, "ainfinity_store_connections{state=\"waiting\"}"))
                .isZero();
        assertThat(gauge(scrape, "ainfinity_store_connections_limit{state=\"active\"}"))
                .isEqualTo(8);
        assertThat(gauge(scrape, "ainfinity_sky_operations{state=\"waiting\"}")).isNotNegative();
        assertThat(gauge(scrape, "ainfinity_sky_operations_limit{state=\"waiting\"}"))
                .isEqualTo(64);
        assertThat(gauge(scrape, "ainfinity_sky_operations_limit{state=\"running\"}"))
                .isEqualTo(4);
        assertThat(gauge(scrape, "ainfinity_sky_log_followers")).isNotNegative();
        assertThat(gauge(scrape, "ainfinity_sky_log_followers_limit")).isEqualTo(32);
        assertThat(gauge(scrape, "ainfinity_leader"))
                .as("the only replica, on SQLite")
                .isEqualTo(1);
    }

    /** The value of the sample named exactly {@code series} (name and tags). */
    private static double gauge(String scrape, String series) {
        return scrape.lines()
                .filter(line -> line.startsWith(series + " "))
                .map(line ->
                        Double.parseDouble(line.substring(series.length() + 1).trim()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no sample " + series + " in the scrape"));
    }

    @Test
    void openApiDocumentsErrorsAndTheBearerScheme() {
        given().get("/openapi.json")
                .then()
                .statusCode(200)
                .body("components.securitySchemes", hasKey("bearer"))
                .body("components.schemas", hasKey("Problem"))
                .body("paths.'/api/v1/jobs'.post.responses", hasKey("422"))
                .body("paths.'/api/v1/jobs'.post.responses", hasKey("401"))
                .body("paths.'/api/v1/jobs/{job_name}'.get.responses", hasKey("404"))
                .body("paths.'/api/v1/tokens'.post.security", notNullValue());
        given().get("/docs/").then().statusCode(200).body(containsString("swagger"));
    }

    @Test
    void unknownPathsAnswerAProblem() {
        given().get("/api/v1/nothing-here")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("status", is(404));
    }
}
