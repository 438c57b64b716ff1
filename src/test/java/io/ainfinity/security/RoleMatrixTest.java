package io.ainfinity.security;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.ainfinity.support.Jobs;
import io.ainfinity.support.Tokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Role × endpoint: what each role may do on its own jobs, and on tokens. "Allowed" means the call gets past
 * authorization (its normal answer); "denied" means 403.
 */
@QuarkusTest
class RoleMatrixTest {

    enum Call {
        LIST,
        GET,
        LOGS,
        METRICS,
        TASK,
        LAUNCH,
        DELETE,
        STOP,
        TOKENS_LIST,
        TOKENS_MINT
    }

    static Stream<Arguments> matrix() {
        return Stream.of(
                row(
                        "viewer",
                        Map.of(
                                Call.LIST,
                                200,
                                Call.GET,
                                200,
                                Call.LOGS,
                                200,
                                Call.METRICS,
                                200,
                                Call.TASK,
                                200,
                                Call.LAUNCH,
                                403,
                                Call.STOP,
                                403,
                                Call.DELETE,
                                403,
                                Call.TOKENS_LIST,
                                403,
                                Call.TOKENS_MINT,
                                403)),
                row(
                        "user",
                        Map.of(
                                Call.LIST,
                                200,
                                Call.GET,
                                200,
                                Call.LOGS,
                                200,
                                Call.METRICS,
                                200,
                                Call.TASK,
                                200,
                                Call.LAUNCH,
                                201,
                                Call.STOP,
                                200,
                                Call.DELETE,
                                409,
                                Call.TOKENS_LIST,
                                403,
                                Call.TOKENS_MINT,
                                403)),
                row(
                        "admin",
                        Map.of(
                                Call.LIST,
                                200,
                                Call.GET,
                                200,
                                Call.LOGS,
                                200,
                                Call.METRICS,
                                200,
                                Call.TASK,
                                200,
                                Call.LAUNCH,
                                201,
                                Call.STOP,
                                200,
                                Call.DELETE,
                                409,
                                Call.TOKENS_LIST,
                                200,
                                Call.TOKENS_MINT,
                                201)));
    }

    private static Arguments row(String role, Map<Call, Integer> expected) {
        return Arguments.of(role, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void eachRoleGetsExactlyItsRights(String role, Map<Call, Integer> expected) {
        // Each role acts on a job it owns: the same subject launched it.
        String subject = Jobs.uniqueName(role);
        RequestSpecification as = Tokens.bearer(Tokens.token(subject, role));
        String job = Jobs.uniqueName("matrix");
        given().spec(Tokens.bearer(Tokens.token(subject, "user")))
                .contentType("application/json")
                .body(Map.of("job_name", job, "template", "local-smoke", "envs", Map.of("SMOKE_STEPS", "600")))
                .post("/api/v1/jobs")
                .then()
                .statusCode(201);

        try {
            for (Call call : Call.values()) {
                int status = send(as, call, job);
                assertThat(status).as("%s %s", role, call).isEqualTo(expected.get(call));
            }
        } finally {
            // The long task must not outlive the test, whoever was allowed to stop it.
            given().spec(Tokens.bearer(Tokens.admin())).delete("/api/v1/jobs/" + job);
        }
    }

    @Test
    void everyApiEndpointNeedsAToken() {
        for (Call call : Call.values()) {
            assertThat(send(given(), call, "anything"))
                    .as("%s without a token", call)
                    .isEqualTo(401);
        }
    }

    private static int send(RequestSpecification spec, Call call, String job) {
        RequestSpecification r = given().spec(spec);
        String path = "/api/v1/jobs/" + job;
        return switch (call) {
            case LIST -> r.get("/api/v1/jobs").statusCode();
            case GET -> r.get(path).statusCode();
            case LOGS -> r.get(path + "/logs").statusCode();
            case METRICS -> r.get(path + "/metrics").statusCode();
            case TASK -> r.get(path + "/task").statusCode();
            case LAUNCH ->
                r.contentType("application/json")
                        .body(Map.of("job_name", Jobs.uniqueName("launch"), "template", "local-smoke"))
                        .post("/api/v1/jobs")
                        .statusCode();
            case STOP -> r.delete(path).statusCode();
            case DELETE -> r.delete(path + "/delete").statusCode();
            case TOKENS_LIST -> r.get("/api/v1/tokens").statusCode();
            case TOKENS_MINT ->
                r.contentType("application/json")
                        .body(Map.of("name", "matrix", "roles", List.of("viewer")))
                        .post("/api/v1/tokens")
                        .statusCode();
        };
    }

    private static RequestSpecification given() {
        return RestAssured.given();
    }
}
