package io.ainfinity.security.tickets;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.ainfinity.support.Api;
import io.ainfinity.support.Jobs;
import io.ainfinity.support.LogCapture;
import io.ainfinity.support.SseClient;
import io.ainfinity.support.Tokens;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

/** Stream tickets open exactly one stream, for a caller's rights and no more, without an Authorization header. */
@QuarkusTest
class StreamTicketTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TestHTTPResource("/")
    URI base;

    @AfterEach
    void forget() {
        RestAssured.requestSpecification = null;
    }

    private static String mint(String token, String path) {
        return given().spec(Tokens.bearer(token))
                .contentType("application/json")
                .body(Map.of("path", path))
                .post("/api/v1/stream-tickets")
                .then()
                .statusCode(201)
                .header("Cache-Control", "no-store")
                .body("path", is(path))
                .extract()
                .path("ticket");
    }

    private static String query(String ticket) {
        return "?ticket=" + URLEncoder.encode(ticket, StandardCharsets.UTF_8);
    }

    private String finishedJob(String token) {
        RestAssured.requestSpecification = Tokens.bearer(token);
        String name = Api.launchSmoke("ticketed", Map.of("SMOKE_STEPS", "2"));
        Api.awaitStatus(name, "completed");
        RestAssured.requestSpecification = null;
        return name;
    }

    @Test
    void aTicketOpensItsStreamWithNoHeaderAndKeepsNoTokenInTheLog() throws Exception {
        String token = Tokens.token(Jobs.uniqueName("browser"), "user");
        String name = finishedJob(token);
        String path = "/api/v1/jobs/" + name + "/events/stream";
        String ticket = mint(token, path);

        try (LogCapture log = LogCapture.start();
                SseClient sse = SseClient.open(base.resolve(path.substring(1) + query(ticket)), null, Map.of())) {
            assertThat(sse.status()).isEqualTo(200);
            List<SseClient.Event> events = sse.drain(WAIT);
            assertThat(events).last().isEqualTo(SseClient.END);
            assertThat(events).anySatisfy(e -> assertThat(e.data()).contains("\"status\":\"completed\""));
            assertThat(log.text()).doesNotContain(ticket).doesNotContain(token);
        }
        // Reconnects (EventSource sends Last-Event-ID and the same URL) are let in while the ticket lasts.
        given().header("Last-Event-ID", "1").get(path + query(ticket)).then().statusCode(200);
    }

    @Test
    void aLogStreamReopenedWithANewTicketResumesAfterTheLastLineSeen() throws Exception {
        String token = Tokens.token(Jobs.uniqueName("browser"), "user");
        String name = finishedJob(token);
        String path = "/api/v1/jobs/" + name + "/logs/stream";

        List<SseClient.Event> first;
        try (SseClient sse =
                SseClient.open(base.resolve(path.substring(1) + query(mint(token, path))), null, Map.of())) {
            first = sse.drain(WAIT).stream().filter(e -> "log".equals(e.name())).toList();
        }
        assertThat(first).hasSizeGreaterThan(2);
        String resumeAt = first.get(1).id();
        List<SseClient.Event> rest;
        try (SseClient sse = SseClient.open(
                base.resolve(path.substring(1) + query(mint(token, path)) + "&after=" + resumeAt), null, Map.of())) {
            rest = sse.drain(WAIT).stream().filter(e -> "log".equals(e.name())).toList();
        }

        assertThat(rest)
                .extracting(SseClient.Event::id)
                .containsExactlyElementsOf(first.subList(2, first.size()).stream()
                        .map(SseClient.Event::id)
                        .toList());
    }

    @Test
    void aTicketOpensNothingButItsOwnStream() {
        String token = Tokens.token(Jobs.uniqueName("browser"), "user");
        String name = finishedJob(token);
        String other = finishedJob(token);
        String ticket = mint(token, "/api/v1/jobs/" + name + "/logs/stream");

        given().get("/api/v1/jobs/" + other + "/logs/stream" + query(ticket))
                .then()
                .statusCode(401);
        given().get("/api/v1/jobs/" + name + "/events/stream" + query(ticket))
                .then()
                .statusCode(401);
        given().get("/api/v1/jobs/" + name + "/logs" + query(ticket)).then().statusCode(401);
        given().get("/api/v1/jobs" + query(ticket)).then().statusCode(401);
        given().delete("/api/v1/jobs/" + name + query(ticket)).then().statusCode(401);
        given().contentType("application/json")
                .body(Map.of("path", "/api/v1/events/stream"))
                .post("/api/v1/stream-tickets" + query(ticket))
                .then()
                .statusCode(401);
        given().get("/api/v1/jobs/" + name + "/logs/stream" + query(ticket) + "&ticket=x")
                .then()
                .statusCode(401);
        given().get("/api/v1/jobs/" + name + "/logs/stream" + query(ticket.replace('.', 'x')))
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", "Bearer");
    }

    @Test
    void aTicketBesideABearerTokenIsTwoCredentialsAndNeither() throws Exception {
        String token = Tokens.token(Jobs.uniqueName("browser"), "user");
        String ticket = mint(token, "/api/v1/events/stream");

        // The all-jobs stream never ends: read its status only.
        String path = "api/v1/events/stream" + query(ticket);
        try (SseClient sse = SseClient.open(base.resolve(path), token, Map.of())) {
            assertThat(sse.status()).isEqualTo(401);
        }
    }

    @Test
    void aTicketCarriesItsCallersRightsAndNoMore() {
        String owner = Tokens.token(Jobs.uniqueName("owner"), "user");
        String name = finishedJob(owner);
        String stranger = Tokens.token(Jobs.uniqueName("stranger"), "viewer");
        String path = "/api/v1/jobs/" + name + "/logs/stream";

        // Minting says nothing about the job; opening the stream answers as the bearer token would have.
        given().get(path + query(mint(stranger, path))).then().statusCode(404);
        given().get(path + query(mint(Tokens.admin(), path))).then().statusCode(200);
    }

    @Test
    void revokingTheTokenEndsItsTickets() throws Exception {
        var minted = given().spec(Tokens.bearer(Tokens.admin()))
                .contentType("application/json")
                .body(Map.of("name", Jobs.uniqueName("dash").toLowerCase(), "roles", List.of("viewer")))
                .post("/api/v1/tokens")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        String path = "/api/v1/events/stream";
        String ticket = mint(minted.getString("token"), path);
        try (SseClient sse = SseClient.open(base.resolve(path.substring(1) + query(ticket)), null, Map.of())) {
            assertThat(sse.status()).isEqualTo(200);
        }

        given().spec(Tokens.bearer(Tokens.admin()))
                .delete("/api/v1/tokens/{id}", minted.getString("token_info.id"))
                .then()
                .statusCode(200);

        try (SseClient sse = SseClient.open(base.resolve(path.substring(1) + query(ticket)), null, Map.of())) {
            assertThat(sse.status()).isEqualTo(401);
        }
    }

    @Test
    void theOpenApiDocumentOffersTicketsOnTheStreamsAlone() {
        var paths =
                given().get("/openapi.json").then().statusCode(200).extract().jsonPath();
        Map<String, Map<String, Object>> all = paths.getMap("paths");
        List<String> ticketed = all.entrySet().stream()
                .filter(e -> String.valueOf(e.getValue()).contains("streamTicket"))
                .map(Map.Entry::getKey)
                .sorted()
                .toList();

        assertThat(ticketed)
                .containsExactly(
                        "/api/v1/events/stream",
                        "/api/v1/jobs/{job_name}/events/stream",
                        "/api/v1/jobs/{job_name}/logs/stream");
        assertThat(paths.getString("components.securitySchemes.streamTicket.name"))
                .isEqualTo(StreamTicketMechanism.PARAMETER);
        assertThat(paths.getString("components.securitySchemes.streamTicket.in"))
                .isEqualTo("query");
    }

    @Test
    void onlyStreamPathsGetTickets() {
        String token = Tokens.token(Jobs.uniqueName("browser"), "viewer");
        for (String path : List.of("/api/v1/jobs", "/api/v1/tokens", "/api/v1/jobs/a/logs", "../events/stream")) {
            given().spec(Tokens.bearer(token))
                    .contentType("application/json")
                    .body(Map.of("path", path))
                    .post("/api/v1/stream-tickets")
                    .then()
                    .statusCode(422)
                    .contentType("application/problem+json")
                    .body("errors.field", hasItem("path"));
        }
        given().contentType("application/json")
                .body(Map.of("path", "/api/v1/events/stream"))
                .post("/api/v1/stream-tickets")
                .then()
                .statusCode(401);
    }
}
