package io.ainfinity.http;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.HeaderConfig;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import io.ainfinity.support.Api;
import io.ainfinity.support.OpenApi;
import io.ainfinity.support.SseClient;
import io.ainfinity.support.Tokens;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The served OpenAPI document says what the service does: property names as they travel, the statuses each
 * operation answers (no more, no fewer), the fields that may be null, the media types of streams and task YAML.
 * Each check pairs the document with real requests.
 */
@QuarkusTest
class OpenApiDocumentTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI base;

    @BeforeEach
    void authenticate() {
        RestAssured.requestSpecification = Tokens.bearer(Tokens.token("openapi", "admin"));
    }

    @AfterEach
    void forget() {
        RestAssured.requestSpecification = null;
    }

    @Test
    void isOpenApi31WithSnakeCasePropertyNames() {
        OpenApi doc = OpenApi.served();

        assertThat(doc.root().path("openapi").asText()).startsWith("3.1");
        assertThat(names(doc.schema("LaunchRequest")))
                .contains("job_name", "resources", "envs")
                .doesNotContain("jobName");
        assertThat(names(doc.schema("Resources"))).contains("disk_size", "image_id", "use_spot");
        assertThat(names(doc.schema("JobInfo"))).contains("job_name", "cluster_name", "training_metrics");
        assertThat(names(doc.schema("TokenRequest"))).contains("expires_in_days");
        assertThat(doc.schema("LaunchRequest").path("required").toString()).contains("\"job_name\"");
    }

    @Test
    void launchAndMintDocumentTheir201() {
        OpenApi doc = OpenApi.served();
        String name = Api.launchSmoke("doc-201", Map.of("SMOKE_STEPS", "1"));
        Response minted = given().contentType("application/json")
                .body(Map.of("name", "doc-201", "roles", List.of("viewer")))
                .post("/api/v1/tokens");

        assertThat(minted.statusCode()).isEqualTo(201);
        assertThat(minted.header("Cache-Control")).isEqualTo("no-store");
        assertThat(given().get("/api/v1/jobs/{name}", name).statusCode()).isEqualTo(200);
        for (String path : List.of("/api/v1/jobs", "/api/v1/tokens")) {
            assertThat(doc.statuses("POST", path)).contains("201").doesNotContain("200");
        }
        assertThat(doc.response("POST", "/api/v1/jobs", 201)
                        .path("headers")
                        .path("Location")
                        .path("required")
                        .asBoolean())
                .isTrue();
        assertThat(doc.response("POST", "/api/v1/tokens", 201).path("headers").has("Cache-Control"))
                .isTrue();
    }

    @Test
    void everyStatusARequestGetsIsDocumentedForItsOperation() {
        OpenApi doc = OpenApi.served();
        String job = Api.launchSmoke("doc-status", Map.of("SMOKE_STEPS", "1"));
        String viewer = Tokens.token("doc-viewer", "viewer");
        List<Call> calls = List.of(
                new Call("GET", "/api/v1/jobs", "/api/v1/jobs?limit=0", Map.of(), 422),
                new Call("GET", "/api/v1/jobs/{job_name}", "/api/v1/jobs/no-such-job", Map.of(), 404),
                new Call("GET", "/api/v1/jobs/{job_name}/events", jobPath(job, "/events?limit=abc"), Map.of(), 422),
                new Call("GET", "/api/v1/jobs/{job_name}/events", jobPath(job, "/events?after=-1"), Map.of(), 422),
                new Call("GET", "/api/v1/jobs/{job_name}/logs", jobPath(job, "/logs?tail=0"), Map.of(), 422),
                new Call(
                        "GET",
                        "/api/v1/jobs/{job_name}/logs/stream",
                        jobPath(job, "/logs/stream?tail=0"),
                        Map.of(),
                        422),
                new Call(
                        "GET",
                        "/api/v1/jobs/{job_name}/logs/stream",
                        jobPath(job, "/logs/stream"),
                        Map.of("Last-Event-ID", "x"),
                        422),
                new Call(
                        "GET",
                        "/api/v1/jobs/{job_name}/events/stream",
                        jobPath(job, "/events/stream?after=x"),
                        Map.of(),
                        422),
                new Call(
                        "GET",
                        "/api/v1/jobs/{job_name}/events/stream",
                        jobPath(job, "/events/stream"),
                        Map.of("Last-Event-ID", "-1"),
                        422),
                new Call("GET", "/api/v1/events/stream", "/api/v1/events/stream?after=abc", Map.of(), 422),
                new Call("GET", "/api/v1/events/stream", "/api/v1/events/stream", Map.of("Last-Event-ID", "abc"), 422),
                new Call("GET", "/api/v1/templates", "/api/v1/templates", Map.of("Accept", "text/csv"), 406),
                new Call("GET", "/api/v1/tokens/{id}", "/api/v1/tokens/no-such-token", Map.of(), 404),
                new Call("DELETE", "/api/v1/tokens/{id}", "/api/v1/tokens/no-such-token", Map.of(), 404),
                new Call("DELETE", "/api/v1/jobs/{job_name}/delete", "/api/v1/jobs/no-such-job/delete", Map.of(), 404),
                new Call("GET", "/api/v1/tokens", "/api/v1/tokens", Map.of("Authorization", "Bearer " + viewer), 403),
                new Call("GET", "/api/v1/jobs", "/api/v1/jobs", Map.of("Authorization", "Bearer not-a-token"), 401));

        for (Call call : calls) {
            Response response = given().config(RestAssured.config()
                            .headerConfig(
                                    HeaderConfig.headerConfig().overwriteHeadersWithName("Authorization", "Accept")))
                    .headers(call.headers())
                    .request(call.method(), call.path());

            assertThat(response.statusCode())
                    .as("%s %s", call.method(), call.path())
                    .isEqualTo(call.status());
            assertThat(doc.statuses(call.method(), call.operation()))
                    .as("documented statuses of %s %s", call.method(), call.operation())
                    .contains(String.valueOf(call.status()));
        }
    }

    @Test
    void documentsOnlyTheErrorsAnOperationCanAnswer() {
        OpenApi doc = OpenApi.served();

        assertThat(doc.statuses("GET", "/api/v1/templates"))
                .containsExactlyInAnyOrder("200", "401", "403", "406", "429", "500");
        assertThat(doc.statuses("GET", "/api/v1/tokens")).doesNotContain("404", "409", "422");
        assertThat(doc.statuses("DELETE", "/api/v1/tokens/{id}")).doesNotContain("409", "422");
        assertThat(doc.statuses("GET", "/api/v1/jobs/{job_name}")).doesNotContain("400", "422");
        // An admin naming a job that several owners call the same is told their keys.
        assertThat(doc.statuses("GET", "/api/v1/jobs/{job_name}")).contains("404", "409");
        assertThat(doc.statuses("POST", "/api/v1/tokens")).doesNotContain("404", "409");
        assertThat(doc.statuses("GET", "/api/v1/jobs/{job_name}/events")).contains("404", "422");
        // The security layer and Vert.x answer these with an empty body.
        for (int status : new int[] {401, 403}) {
            assertThat(doc.response("GET", "/api/v1/jobs", status).has("content"))
                    .isFalse();
        }
        assertThat(doc.response("POST", "/api/v1/jobs", 413).has("content")).isFalse();
        assertThat(doc.response("GET", "/api/v1/jobs", 422).path("content").has(Problem.MEDIA_TYPE))
                .isTrue();
    }

    @Test
    void theMetricMapsSayWhatTheyHoldTheClosingSummaryIncluded() {
        OpenApi doc = OpenApi.served();

        for (String schema : List.of("MetricsResponse", "JobInfo")) {
            assertThat(doc.property(schema, "training_metrics")
                            .path("description")
                            .asText())
                    .as(schema)
                    .contains("loss", "train_runtime", "train_samples_per_second", "train_loss");
            assertThat(doc.property(schema, "evaluation_metrics")
                            .path("description")
                            .asText())
                    .as(schema)
                    .contains("eval_loss");
            assertThat(doc.property(schema, "gpu_metrics").path("description").asText())
                    .as(schema)
                    .contains("gpus");
        }
    }

    @Test
    void fieldsThatCanBeNullAreNullable() {
        OpenApi doc = OpenApi.served();
        Map<String, List<String>> nullable = Map.of(
                "Resources", List.of("cpus", "memory"),
                "Training",
                        List.of("dataset", "model", "num_train_epochs", "learning_rate", "output_dir", "extra_args"),
                "JobInfo", List.of("error_message", "mode", "started_at", "training_metrics", "gpu_metrics"),
                "ServiceToken", List.of("revoked_at"),
                "JobListResponse", List.of("next_cursor"),
                "EventsResponse", List.of("next_after"),
                "TemplateInfo", List.of("default_accelerate_config"),
                "TokenRequest", List.of("expires_in_days"));
        nullable.forEach((schema, properties) ->
                properties.forEach(property -> assertThat(OpenApi.nullable(doc.property(schema, property)))
                        .as("%s.%s", schema, property)
                        .isTrue()));
        assertThat(OpenApi.nullable(doc.property("JobInfo", "job_name"))).isFalse();
        // Always a string, as the earlier service sent it.
        assertThat(OpenApi.nullable(doc.property("JobInfo", "cluster_name"))).isFalse();
        assertThat(OpenApi.nullable(doc.property("LaunchRequest", "job_name"))).isFalse();
    }

    @Test
    void realResponsesHaveNullsOnlyWhereDocumented() throws Exception {
        OpenApi doc = OpenApi.served();
        String job = Api.launchSmoke("doc-nulls", Map.of("SMOKE_STEPS", "1"));
        Api.awaitStatus(job, "completed");
        String tokenId = given().contentType("application/json")
                .body(Map.of("name", "doc-nulls", "roles", List.of("user")))
                .post("/api/v1/tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("token_info.id");
        Map<String, String> bodies = Map.of(
                "/api/v1/jobs/" + job,
                "JobResponse",
                "/api/v1/jobs?limit=1",
                "JobListResponse",
                "/api/v1/jobs/" + job + "/metrics",
                "MetricsResponse",
                "/api/v1/jobs/" + job + "/events",
                "EventsResponse",
                "/api/v1/jobs/" + job + "/logs",
                "LogsResponse",
                "/api/v1/tokens/" + tokenId,
                "TokenResponse",
                "/api/v1/tokens",
                "TokenListResponse",
                "/api/v1/templates",
                "TemplatesResponse");

        for (Map.Entry<String, String> body : bodies.entrySet()) {
            JsonNode value = JSON.readTree(
                    given().get(body.getKey()).then().statusCode(200).extract().asString());
            doc.assertNullsDocumented(body.getKey(), value, doc.schema(body.getValue()));
        }
    }

    @Test
    void streamsAndTheTaskAreDocumentedAsTheyAreSent() throws Exception {
        OpenApi doc = OpenApi.served();
        String job = Api.launchSmoke("doc-streams", Map.of("SMOKE_STEPS", "2"));
        Api.awaitStatus(job, "completed");
        Map<String, String> streams = Map.of(
                "/api/v1/jobs/{job_name}/events/stream", "JobStreamEvent",
                "/api/v1/jobs/{job_name}/logs/stream", "LogStreamEvent",
                "/api/v1/events/stream", "JobStreamEvent");

        assertThat(doc.root().path("components").path("schemas").has("OutboundSseEvent"))
                .isFalse();
        for (Map.Entry<String, String> stream : streams.entrySet()) {
            JsonNode content = doc.response("GET", stream.getKey(), 200).path("content");
            assertThat(content.size()).as(stream.getKey()).isEqualTo(1);
            assertThat(content.path("text/event-stream")
                            .path("schema")
                            .path("$ref")
                            .asText())
                    .endsWith("/" + stream.getValue());
        }
        for (String path : List.of("/api/v1/jobs/{job_name}/events/stream", "/api/v1/jobs/{job_name}/logs/stream")) {
            JsonNode event = doc.resolve(doc.response("GET", path, 200)
                    .path("content")
                    .path("text/event-stream")
                    .path("schema"));
            assertEventsAsDocumented(doc, event, path.replace("{job_name}", job));
        }
        Response task = given().get("/api/v1/jobs/{name}/task", job);
        Object yaml = new Yaml().load(task.asString());
        JsonNode taskSchema =
                doc.response("GET", "/api/v1/jobs/{job_name}/task", 200).path("content");
        assertThat(task.contentType()).startsWith("application/yaml");
        assertThat(taskSchema
                        .path("application/yaml")
                        .path("schema")
                        .path("type")
                        .asText())
                .isEqualTo("object");
        assertThat(yaml).isInstanceOf(Map.class);
    }

    @Test
    void expiresInDaysNullMeansTheDefault() {
        Response minted = given().contentType("application/json")
                .body("{\"name\": \"doc-default-days\", \"roles\": [\"viewer\"], \"expires_in_days\": null}")
                .post("/api/v1/tokens");

        assertThat(minted.statusCode()).isEqualTo(201);
        Instant created = Instant.parse(minted.path("token_info.created_at"));
        Instant expires = Instant.parse(minted.path("token_info.expires_at"));
        assertThat(Duration.between(created, expires)).isEqualTo(Duration.ofDays(90));
        assertThat(OpenApi.nullable(OpenApi.served().property("TokenRequest", "expires_in_days")))
                .isTrue();
    }

    @Test
    void aNullRoleIsRefusedNotAFailure() {
        given().contentType("application/json")
                .body("{\"name\": \"doc-null-role\", \"roles\": [null]}")
                .post("/api/v1/tokens")
                .then()
                .statusCode(422)
                .contentType(Problem.MEDIA_TYPE);
    }

    /** Reads the finished job's whole stream; every event has the documented name, a numeric id and JSON data. */
    private void assertEventsAsDocumented(OpenApi doc, JsonNode event, String path) throws Exception {
        List<String> names = new ArrayList<>();
        event.path("properties").path("event").path("enum").forEach(n -> names.add(n.asText()));
        Pattern id = Pattern.compile(
                event.path("properties").path("id").path("pattern").asText());
        List<SseClient.Event> received;
        try (SseClient sse = SseClient.open(base.resolve(path.substring(1)), Tokens.admin(), Map.of())) {
            assertThat(sse.status()).isEqualTo(200);
            received = sse.drain(Duration.ofSeconds(20));
        }

        assertThat(received).as(path).contains(SseClient.END);
        List<SseClient.Event> events = received.stream()
                .filter(e -> e != SseClient.END && !e.isComment())
                .toList();
        assertThat(events).as(path).isNotEmpty();
        for (SseClient.Event e : events) {
            assertThat(names).as("event names of %s", path).contains(e.name());
            assertThat(id.matcher(e.id()).find()).as("id %s", e.id()).isTrue();
            assertThat(JSON.readTree(e.data()).isObject()).isTrue();
        }
    }

    private static String jobPath(String job, String rest) {
        return "/api/v1/jobs/" + job + rest;
    }

    private static Set<String> names(JsonNode schema) {
        Set<String> names = new TreeSet<>();
        schema.path("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** A request, the operation it belongs to, and the status it gets. */
    private record Call(String method, String operation, String path, Map<String, String> headers, int status) {}
}
