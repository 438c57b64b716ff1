package io.ainfinity.job.events;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jakarta.inject.Inject;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ainfinity.job.logs.LogFeeds;
import io.ainfinity.support.Jobs;
import io.ainfinity.support.SseClient;
import io.ainfinity.support.SseClient.Event;
import io.ainfinity.support.Tokens;

import static io.ainfinity.support.Api.launchSmoke;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Status, metrics and log streams read by a real SSE client against the running service. */
@QuarkusTest
class EventStreamTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TestHTTPResource("/")
    URI base;

    @Inject
    LogFeeds feeds;

    private String token;

    @BeforeEach
    void authenticate() {
        token = Tokens.token(Jobs.uniqueName("watcher"), "user");
        RestAssured.requestSpecification = Tokens.bearer(token);
    }

    @AfterEach
    void forget() {
        RestAssured.requestSpecification = null;
    }

    private SseClient open(String path, Map<String, String> headers) {
        return SseClient.open(base.resolve(path), token, headers);
    }

    private static List<Event> events(List<Event> all) {
        return all.stream().filter(e -> !e.isComment() && e != SseClient.END).toList();
    }

    private static long seq(Event e) {
        return Long.parseLong(e.id());
    }

    @Test
    void aJobStreamDeliversEveryEventInOrderThenEndsAfterTheTerminalOne() throws Exception {
        String name = launchSmoke("stream", Map.of("SMOKE_STEPS", "4", "SMOKE_SLEEP_SECONDS", "0.4"));

        try (SseClient sse = open("api/v1/jobs/" + name + "/events/stream", Map.of())) {
            List<Event> all = sse.drain(WAIT);

            assertThat(all).last().isEqualTo(SseClient.END);
            List<Event> events = events(all);
            for (int i = 0; i < events.size(); i++) {
                assertThat(seq(events.get(i))).as("event %d", i).isEqualTo(i + 1);
            }
            Event last = events.get(events.size() - 1);
            assertThat(last.name()).isEqualTo("status");
            assertThat(JsonPath.from(last.data()).getString("status")).isEqualTo("completed");
            assertThat(events).extracting(Event::name).contains("metrics");
            Event metrics = events.stream()
                    .filter(e -> "metrics".equals(e.name()))
                    .findFirst()
                    .orElseThrow();
            assertThat(JsonPath.from(metrics.data()).getMap("training_metrics")).containsKey("loss");
            assertThat(all.get(0).isComment()).isTrue();
        }
    }

    @Test
    void resumesAfterADropWithNoGapAndNoDuplicate() throws Exception {
        String name = launchSmoke("resume", Map.of("SMOKE_STEPS", "6", "SMOKE_SLEEP_SECONDS", "0.4"));
        List<Long> seen = new ArrayList<>();
        String lastId;
        try (SseClient first = open("api/v1/jobs/" + name + "/events/stream", Map.of())) {
            seen.add(seq(first.next(WAIT)));
            seen.add(seq(first.next(WAIT)));
            lastId = String.valueOf(seen.get(1));
        }

        try (SseClient second = open("api/v1/jobs/" + name + "/events/stream", Map.of("Last-Event-ID", lastId))) {
            events(second.drain(WAIT)).forEach(e -> seen.add(seq(e)));
        }

        List<Long> expected = new ArrayList<>();
        for (long i = 1; i <= seen.size(); i++) {
            expected.add(i);
        }
        assertThat(seen).containsExactlyElementsOf(expected);
        // The history agrees with what the streams delivered.
        assertThat(RestAssured.given()
                        .queryParam("limit", 500)
                        .get("/api/v1/jobs/" + name + "/events")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("events.seq", Long.class))
                .containsExactlyElementsOf(expected);
    }

    @Test
    void afterQueryParameterResumesToo() throws Exception {
        String name = launchSmoke("after", Map.of("SMOKE_STEPS", "1", "SMOKE_SLEEP_SECONDS", "0"));
        Api.awaitDone(name);

        try (SseClient sse = open("api/v1/jobs/" + name + "/events/stream?after=1", Map.of())) {
            List<Event> events = events(sse.drain(WAIT));
            assertThat(seq(events.get(0))).isEqualTo(2);
        }
    }

    @Test
    void anUnknownJobIs404BeforeAnyStreamOpens() throws Exception {
        try (SseClient sse = open("api/v1/jobs/" + Jobs.uniqueName("ghost") + "/events/stream", Map.of())) {
            assertThat(sse.status()).isEqualTo(404);
        }
        try (SseClient sse = open("api/v1/jobs/" + Jobs.uniqueName("ghost") + "/logs/stream", Map.of())) {
            assertThat(sse.status()).isEqualTo(404);
        }
        String name = launchSmoke("badid", Map.of("SMOKE_STEPS", "1", "SMOKE_SLEEP_SECONDS", "0"));
        try (SseClient sse = open("api/v1/jobs/" + name + "/events/stream", Map.of("Last-Event-ID", "abc"))) {
            assertThat(sse.status()).isEqualTo(422);
        }
    }

    @Test
    void tenLogSubscribersShareOneFollowerAndSeeTheSameLines() throws Exception {
        String name = launchSmoke("fanout", Map.of("SMOKE_STEPS", "8", "SMOKE_SLEEP_SECONDS", "0.3"));
        int before = feeds.active();
        List<SseClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                clients.add(open("api/v1/jobs/" + name + "/logs/stream?tail=10000", Map.of()));
            }
            await().atMost(WAIT).untilAsserted(() -> assertThat(feeds.active()).isEqualTo(before + 1));
            List<List<String>> received = new ArrayList<>();
            for (SseClient client : clients) {
                received.add(
                        events(client.drain(WAIT)).stream().map(Event::data).toList());
            }
            assertThat(received.get(0)).hasSizeGreaterThan(15);
            assertThat(received).allSatisfy(lines -> assertThat(lines).isEqualTo(received.get(0)));
            assertThat(received.get(0).get(received.get(0).size() - 1)).contains("smoke finished with exit code 0");
        } finally {
            for (SseClient client : clients) {
                client.close();
            }
        }
    }

    @Test
    void logStreamsResumeByLineNumber() throws Exception {
        String name = launchSmoke("logresume", Map.of("SMOKE_STEPS", "3", "SMOKE_SLEEP_SECONDS", "0"));
        Api.awaitDone(name);

        try (SseClient sse = open("api/v1/jobs/" + name + "/logs/stream", Map.of("Last-Event-ID", "5"))) {
            List<Event> events = events(sse.drain(WAIT));
            assertThat(events).extracting(Event::id).first().isEqualTo("6");
            assertThat(JsonPath.from(events.get(0).data()).getLong("n")).isEqualTo(6);
        }
        try (SseClient sse = open("api/v1/jobs/" + name + "/logs/stream?tail=2", Map.of())) {
            List<Event> events = events(sse.drain(WAIT));
            assertThat(events).hasSize(2);
            assertThat(JsonPath.from(events.get(1).data()).getString("line"))
                    .isEqualTo("smoke finished with exit code 0");
        }
    }

    @Test
    void theAllJobsStreamCarriesOnlyTheCallersJobsWithGlobalIds() throws Exception {
        String mine = launchSmoke("mine", Map.of("SMOKE_STEPS", "1", "SMOKE_SLEEP_SECONDS", "0"));
        String theirs = Jobs.uniqueName("theirs");
        // A default spec would add the watcher's Authorization header too, and the first header wins.
        RestAssured.requestSpecification = null;
        RequestSpecification other = Tokens.bearer(Tokens.token(Jobs.uniqueName("other"), "user"));
        RestAssured.given()
                .spec(other)
                .contentType("application/json")
                .body(Map.of("job_name", theirs, "template", "local-smoke", "envs", Map.of("SMOKE_STEPS", "1")))
                .post("/api/v1/jobs")
                .then()
                .statusCode(201);
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(RestAssured.given()
                                .spec(other)
                                .get("/api/v1/jobs/{name}", theirs)
                                .then()
                                .statusCode(200)
                                .extract()
                                .<String>path("job_info.status"))
                        .isEqualTo("completed"));
        RestAssured.requestSpecification = Tokens.bearer(token);
        Api.awaitDone(mine);

        try (SseClient sse = open("api/v1/events/stream?after=0", Map.of())) {
            assertThat(sse.status()).isEqualTo(200);
            // Both jobs ended before the stream opened: all they recorded comes before a job launched from here on.
            String marker = launchSmoke("marker", Map.of("SMOKE_STEPS", "1", "SMOKE_SLEEP_SECONDS", "0"));
            List<Event> events = new ArrayList<>();
            Event e;
            while ((e = sse.next(WAIT)) != null
                    && e != SseClient.END
                    && !jobName(e).equals(marker)) {
                events.add(e);
            }
            assertThat(e).as("the marker job's first event").isNotNull().isNotEqualTo(SseClient.END);
            assertThat(events).isNotEmpty();
            assertThat(events).allSatisfy(ev -> assertThat(jobName(ev)).isEqualTo(mine));
            List<Long> ids =
                    new ArrayList<>(events.stream().map(EventStreamTest::seq).toList());
            ids.add(seq(e));
            assertThat(ids).isSorted().doesNotHaveDuplicates();
            assertThat(events.stream().map(EventStreamTest::jobName)).doesNotContain(theirs);
        }
    }

    @Test
    void theAllJobsStreamWithoutACursorStartsNow() throws Exception {
        String before = launchSmoke("before", Map.of("SMOKE_STEPS", "1", "SMOKE_SLEEP_SECONDS", "0"));
        Api.awaitDone(before);

        try (SseClient sse = open("api/v1/events/stream", Map.of())) {
            // Headers come with the first heartbeat, once the stream listens: what is recorded from here on arrives.
            assertThat(sse.status()).isEqualTo(200);
            String after = launchSmoke("after", Map.of("SMOKE_STEPS", "1", "SMOKE_SLEEP_SECONDS", "0"));
            List<String> seen = new ArrayList<>();
            Event e;
            // Up to the new job's end: had the stream replayed the earlier job, its events would have come first.
            while (!seen.contains(after + ":completed") && (e = sse.next(WAIT)) != null && e != SseClient.END) {
                seen.add(jobName(e) + ":" + JsonPath.from(e.data()).getString("status"));
            }
            assertThat(seen).contains(after + ":pending", after + ":completed");
            assertThat(seen).noneMatch(s -> s.startsWith(before + ":"));
        }
    }

    private static String jobName(Event e) {
        return JsonPath.from(e.data()).getString("job_name");
    }

    /** Waiting helpers that use the default request spec. */
    private static final class Api {
        static void awaitDone(String name) {
            io.ainfinity.support.Api.awaitStatus(name, "completed");
        }
    }
}
