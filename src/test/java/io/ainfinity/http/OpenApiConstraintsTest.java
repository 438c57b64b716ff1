package io.ainfinity.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ainfinity.job.api.ListParams;
import io.ainfinity.support.Api;
import io.ainfinity.support.Jobs;
import io.ainfinity.support.OpenApi;
import io.ainfinity.support.Tokens;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Parameter and body constraints in the served document agree with what the service accepts and refuses: each bound
 * and pattern is read from /openapi.json and tried against the service on both sides.
 */
@QuarkusTest
class OpenApiConstraintsTest {

    @BeforeEach
    void authenticate() {
        RestAssured.requestSpecification = Tokens.bearer(Tokens.token("openapi-constraints", "admin"));
    }

    @AfterEach
    void forget() {
        RestAssured.requestSpecification = null;
    }

    @Test
    void pageSizesAndTailsAreBoundedIntegers() {
        OpenApi doc = OpenApi.served();
        String job = Api.launchSmoke("doc-bounds", Map.of("SMOKE_STEPS", "1"));
        Map<String, String> limits = Map.of(
                "/api/v1/jobs", "limit",
                "/api/v1/jobs/{job_name}/events", "limit",
                "/api/v1/jobs/{job_name}/logs", "tail",
                "/api/v1/jobs/{job_name}/logs/stream", "tail");

        limits.forEach((path, name) -> {
            JsonNode schema = doc.parameterSchema("GET", path, name);
            assertThat(schema.path("type").asText()).as("%s %s", path, name).isEqualTo("integer");
            assertThat(schema.path("minimum").asInt()).isEqualTo(1);
            int max = schema.path("maximum").asInt();
            String concrete = path.replace("{job_name}", job);
            if (!path.endsWith("/stream")) {
                given().get(concrete + "?" + name + "=" + max).then().statusCode(200);
            }
            given().get(concrete + "?" + name + "=" + (max + 1)).then().statusCode(422);
            given().get(concrete + "?" + name + "=0").then().statusCode(422);
        });
        assertThat(doc.parameterSchema("GET", "/api/v1/jobs", "limit")
                        .path("maximum")
                        .asInt())
                .isEqualTo(500);
        assertThat(doc.parameterSchema("GET", "/api/v1/jobs/{job_name}/logs", "tail")
                        .path("maximum")
                        .asInt())
                .isEqualTo(10_000);
    }

    @Test
    void resumePointsAreNonNegativeIntegers() {
        OpenApi doc = OpenApi.served();
        for (String path : List.of(
                "/api/v1/jobs/{job_name}/events", "/api/v1/jobs/{job_name}/events/stream", "/api/v1/events/stream")) {
            JsonNode after = doc.parameterSchema("GET", path, "after");
            assertThat(after.path("type").asText()).as(path).isEqualTo("integer");
            assertThat(after.path("minimum").asInt()).as(path).isZero();
        }
        for (String path : List.of(
                "/api/v1/jobs/{job_name}/events/stream",
                "/api/v1/jobs/{job_name}/logs/stream",
                "/api/v1/events/stream")) {
            Pattern lastEventId = pattern(doc.parameterSchema("GET", path, "Last-Event-ID"));
            assertThat(lastEventId.matcher("42").find()).as(path).isTrue();
            assertThat(lastEventId.matcher("-1").find()).as(path).isFalse();
            assertThat(lastEventId.matcher("abc").find()).as(path).isFalse();
        }
        given().header("Last-Event-ID", "abc")
                .get("/api/v1/events/stream")
                .then()
                .statusCode(422);
    }

    @Test
    void theCursorPatternDescribesTheCursorsTheServiceWrites() {
        Pattern cursor = pattern(OpenApi.served().parameterSchema("GET", "/api/v1/jobs", "after"));
        Api.launchSmoke("doc-cursor", Map.of("SMOKE_STEPS", "1"));
        Api.launchSmoke("doc-cursor", Map.of("SMOKE_STEPS", "1"));

        String next = given().get("/api/v1/jobs?limit=1")
                .then()
                .statusCode(200)
                .extract()
                .path("next_cursor");

        assertThat(next).isNotNull();
        assertThat(cursor.matcher(next).find()).isTrue();
        given().get("/api/v1/jobs?limit=1&after=" + next).then().statusCode(200);
        assertThat(cursor.matcher("").find()).isTrue();
        given().get("/api/v1/jobs?after=").then().statusCode(200);
        assertThat(cursor.matcher("not-a-cursor").find()).isFalse();
        given().get("/api/v1/jobs?after=not-a-cursor").then().statusCode(422);
        for (long id : new long[] {0, 1, 9, 10, 99, 100, 999, 1000, 123_456_789, 999_999_999_999_999_999L}) {
            assertThat(cursor.matcher(ListParams.cursor(id)).find())
                    .as("cursor of %d", id)
                    .isTrue();
        }
    }

    @Test
    void statusIsACommaListOfJobStatusesAndLabelsAreKeyValue() {
        OpenApi doc = OpenApi.served();
        JsonNode status = doc.parameter("GET", "/api/v1/jobs", "status");
        JsonNode statuses = doc.resolve(status.path("schema").path("items")).path("enum");
        List<String> names = new ArrayList<>();
        statuses.forEach(s -> names.add(s.asText()));
        Pattern label = pattern(
                doc.resolve(doc.parameterSchema("GET", "/api/v1/jobs", "label").path("items")));

        assertThat(status.path("style").asText()).isEqualTo("form");
        assertThat(status.path("explode").asBoolean(true)).isFalse();
        assertThat(names)
                .containsExactlyInAnyOrder(
                        "pending", "provisioning", "running", "completed", "failed", "stopping", "stopped", "unknown");
        given().get("/api/v1/jobs?status=" + String.join(",", names)).then().statusCode(200);
        given().get("/api/v1/jobs?status=running,bogus").then().statusCode(422);
        assertThat(label.matcher("team=ml").find()).isTrue();
        assertThat(label.matcher("team").find()).isFalse();
        given().get("/api/v1/jobs?label=team=ml&label=tier=").then().statusCode(200);
        given().get("/api/v1/jobs?label=team").then().statusCode(422);
    }

    @Test
    void tokenRolesAndLifetimeAreTheOnesTheServiceMints() {
        OpenApi doc = OpenApi.served();
        JsonNode roles = doc.resolve(doc.property("TokenRequest", "roles").path("items"));
        JsonNode days = doc.property("TokenRequest", "expires_in_days");
        int max = days.path("maximum").asInt();

        assertThat(roles.path("enum").toString()).isEqualTo("[\"admin\",\"user\",\"viewer\"]");
        assertThat(days.path("minimum").asInt()).isEqualTo(1);
        assertThat(max).as("ainfinity.security.max-token-lifetime").isEqualTo(365);
        mint("viewer", max).then().statusCode(201);
        mint("viewer", max + 1).then().statusCode(422);
        mint("operator", 1).then().statusCode(422);
    }

    @Test
    void envAndLabelKeysFollowTheLaunchRules() {
        OpenApi doc = OpenApi.served();
        JsonNode envName = doc.resolve(doc.property("LaunchRequest", "envs").path("propertyNames"));
        Pattern env = pattern(envName);
        Pattern reserved = pattern(doc.resolve(envName.path("not")));
        Pattern labelKey =
                pattern(doc.resolve(doc.property("LaunchRequest", "labels").path("propertyNames")));

        assertThat(env.matcher("MY_VAR").find() && !reserved.matcher("MY_VAR").find())
                .isTrue();
        assertThat(reserved.matcher("AINFINITY_TOKEN").find()).isTrue();
        assertThat(env.matcher("1BAD").find()).isFalse();
        assertThat(labelKey.matcher("team").find()).isTrue();
        assertThat(labelKey.matcher("-team").find()).isFalse();
        launch(Map.of("envs", Map.of("WANDB_PROJECT", "1"), "labels", Map.of("team", "ml")))
                .statusCode(201);
        // A well-formed name outside the template's own and the configured allow-list is refused too.
        launch(Map.of("envs", Map.of("MY_VAR", "1"))).statusCode(422);
        launch(Map.of("envs", Map.of("AINFINITY_TOKEN", "1"))).statusCode(422);
        launch(Map.of("envs", Map.of("1BAD", "1"))).statusCode(422);
        launch(Map.of("labels", Map.of("-team", "ml"))).statusCode(422);
    }

    @Test
    void requestObjectsRefuseUnknownFields() {
        OpenApi doc = OpenApi.served();
        for (String schema : List.of("LaunchRequest", "Resources", "Training", "TokenRequest")) {
            assertThat(doc.schema(schema).path("additionalProperties").isBoolean())
                    .as(schema)
                    .isTrue();
            assertThat(doc.schema(schema).path("additionalProperties").asBoolean(true))
                    .as(schema)
                    .isFalse();
        }
        launch(Map.of("resources", Map.of("gpus", 1))).statusCode(400);
        launch(Map.of("training", Map.of("epochs", 1))).statusCode(400);
        given().contentType("application/json")
                .body(Map.of("name", "doc-extra", "roles", List.of("user"), "admin", true))
                .post("/api/v1/tokens")
                .then()
                .statusCode(400);
    }

    @Test
    void patternsMatchWholeValuesAsBeanValidationDoes() {
        OpenApi doc = OpenApi.served();
        Pattern jobName = pattern(doc.property("LaunchRequest", "job_name"));
        Pattern infra = pattern(doc.property("Resources", "infra"));

        assertThat(jobName.matcher("a b").find()).isFalse();
        assertThat(infra.matcher("aws é").find()).isFalse();
        launch(Map.of("job_name", "a b")).statusCode(422);
        launch(Map.of("resources", Map.of("infra", "aws é"))).statusCode(422);
    }

    @Test
    void templatesAreTheLoadedOnes() {
        JsonNode template = OpenApi.served().property("LaunchRequest", "template");

        assertThat(template.path("enum").toString()).contains("\"local-smoke\"", "\"deepspeed\"");
        launch(Map.of("template", "no-such-template")).statusCode(422);
    }

    @Test
    void trainingOptionsAreTheTemplatesOwn() {
        OpenApi doc = OpenApi.served();
        JsonNode templates = given().get("/api/v1/templates")
                .then()
                .statusCode(200)
                .extract()
                .as(JsonNode.class);
        JsonNode rules = doc.schema("LaunchRequest").path("allOf");

        for (JsonNode template : templates.path("templates")) {
            JsonNode rule = ruleFor(rules, template.path("name").asText());
            if (!template.path("accepts_training").asBoolean()) {
                assertThat(rule).as("rule of %s", template.path("name")).isNull();
                continue;
            }
            JsonNode options = rule.path("then")
                    .path("properties")
                    .path("training")
                    .path("anyOf")
                    .get(1);
            List<String> configs = new ArrayList<>();
            options.path("properties").path("config_file").path("enum").forEach(c -> {
                if (!c.isNull()) {
                    configs.add(c.asText());
                }
            });
            List<String> served = new ArrayList<>();
            template.path("config_files").forEach(c -> served.add(c.asText()));
            assertThat(configs).as("config files of %s", template.path("name")).isEqualTo(served);
        }
        launch(Map.of("template", "deepspeed", "training", Map.of("config_file", "no-such-config")))
                .statusCode(422);
    }

    @Test
    void anIdempotencyKeyIsVisibleAsciiOrEmpty() {
        Pattern key = pattern(OpenApi.served().parameterSchema("POST", "/api/v1/jobs", "Idempotency-Key"));

        assertThat(key.matcher("retry-1").find()).isTrue();
        assertThat(key.matcher("").find()).isTrue();
        assertThat(key.matcher("a b").find()).isFalse();
        assertThat(key.matcher("k".repeat(256)).find()).isFalse();
        given().header("Idempotency-Key", "")
                .contentType("application/json")
                .body(body(Map.of()))
                .post("/api/v1/jobs")
                .then()
                .statusCode(201);
        given().header("Idempotency-Key", "a b")
                .contentType("application/json")
                .body(body(Map.of()))
                .post("/api/v1/jobs")
                .then()
                .statusCode(422);
    }

    private static JsonNode ruleFor(JsonNode rules, String template) {
        for (JsonNode rule : rules) {
            String names = rule.path("if")
                    .path("properties")
                    .path("template")
                    .path("enum")
                    .toString();
            if (names.contains("\"" + template + "\"")) {
                return rule;
            }
        }
        return null;
    }

    private static Map<String, Object> body(Map<String, Object> fields) {
        Map<String, Object> body = new HashMap<>(Map.of(
                "job_name",
                Jobs.uniqueName("doc-rules"),
                "template",
                "local-smoke",
                "envs",
                Map.of("SMOKE_STEPS", "1")));
        body.putAll(fields);
        return body;
    }

    private static ValidatableResponse launch(Map<String, Object> fields) {
        return Api.launch(body(fields));
    }

    private static Response mint(String role, int days) {
        return given().contentType("application/json")
                .body(Map.of("name", "doc-lifetime", "roles", List.of(role), "expires_in_days", days))
                .post("/api/v1/tokens");
    }

    /**
     * A schema's pattern, for java.util.regex (the document's patterns use the syntax both engines share), to be used
     * with {@code find()}: JSON Schema looks for a pattern anywhere in the value, unless the pattern is anchored.
     */
    private static Pattern pattern(JsonNode schema) {
        String regex = schema.path("pattern").asText(null);
        assertThat(regex).as("pattern of %s", schema).isNotNull();
        return Pattern.compile(regex);
    }
}
