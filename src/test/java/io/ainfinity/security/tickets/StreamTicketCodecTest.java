package io.ainfinity.security.tickets;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StreamTicketCodecTest {

    private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final StreamTicket TICKET = new StreamTicket(
            "alice", Set.of("user", "viewer"), "/api/v1/jobs/a/logs/stream", NOW.plusSeconds(300), "jti-1");

    private final StreamTicketCodec codec = new StreamTicketCodec(KEY);

    @Test
    void aTicketReadsBackAsItWasMintedUntilItExpires() {
        String text = codec.encode(TICKET);

        assertThat(codec.decode(text, NOW)).contains(TICKET);
        assertThat(codec.decode(text, NOW.plusSeconds(299))).contains(TICKET);
        assertThat(codec.decode(text, NOW.plusSeconds(300))).isEmpty();
    }

    @Test
    void aTicketWithoutATokenIdKeepsNone() {
        StreamTicket bare =
                new StreamTicket("svc", Set.of("viewer"), "/api/v1/events/stream", NOW.plusSeconds(9), null);

        assertThat(codec.decode(codec.encode(bare), NOW)).contains(bare);
    }

    @Test
    void changedClaimsOrAnotherKeysMacAreRefused() {
        String text = codec.encode(TICKET);
        String claims = text.substring(0, text.indexOf('.'));
        String mac = text.substring(text.indexOf('.') + 1);
        String json = new String(Base64.getUrlDecoder().decode(claims), StandardCharsets.UTF_8);
        String admin = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(json.replace("\"user\"", "\"admin\"").getBytes(StandardCharsets.UTF_8));
        StreamTicketCodec other =
                new StreamTicketCodec("another key, also thirty-two bytes".getBytes(StandardCharsets.UTF_8));

        assertThat(codec.decode(admin + "." + mac, NOW)).isEmpty();
        assertThat(other.decode(text, NOW)).isEmpty();
        assertThat(codec.decode(claims + "." + mac.substring(1), NOW)).isEmpty();
    }

    @Test
    void textThatIsNoTicketIsRefusedWithoutThrowing() {
        String huge = "a".repeat(StreamTicketCodec.MAX_LENGTH) + ".b";

        for (String text : new String[] {null, "", ".", "abc", "a.b.c", "!!.??", huge, codec.encode(TICKET) + "."}) {
            assertThat(codec.decode(text, NOW)).as(String.valueOf(text)).isEmpty();
        }
    }

    @Test
    void aKeyShorterThanTheMacIsRefused() {
        assertThatThrownBy(() -> new StreamTicketCodec(new byte[16])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyTheStreamsAreTicketPaths() {
        assertThat(StreamPaths.isStream("/api/v1/events/stream")).isTrue();
        assertThat(StreamPaths.isStream("/api/v1/jobs/my-job.2/events/stream")).isTrue();
        assertThat(StreamPaths.isStream("/api/v1/jobs/my_job/logs/stream")).isTrue();
        for (String path : new String[] {
            "/api/v1/jobs",
            "/api/v1/jobs/a/logs",
            "/api/v1/tokens",
            "/api/v1/jobs/a/../b/logs/stream",
            "/api/v1/jobs/a/b/logs/stream",
            "/api/v1/events/stream/",
            "/api/v1/jobs//logs/stream",
            null
        }) {
            assertThat(StreamPaths.isStream(path)).as(String.valueOf(path)).isFalse();
        }
    }
}
