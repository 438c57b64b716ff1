package io.ainfinity.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A real server-sent-events client over HTTP, for tests: it parses the wire format line by line. */
public final class SseClient implements AutoCloseable {

    /** One event as received; {@code comment} is set for comment lines (heartbeats). */
    public record Event(String id, String name, String data, String comment) {
        public boolean isComment() {
            return comment != null;
        }
    }

    /** Marks the end of the stream in {@link #events}. */
    public static final Event END = new Event(null, null, null, null);

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;

    private SseClient(CompletableFuture<HttpResponse<Stream<String>>> response) {
        this.response = response;
    }

    /** Opens {@code uri} with {@code token} as bearer; a null token sends no {@code Authorization} header. */
    public static SseClient open(URI uri, String token, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        SseClient sse = new SseClient(client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines()));
        // Parsing blocks until the stream ends, so it gets a thread of its own: a plain thenAccept may run it on the
        // thread that calls status(), which would then never return from an endless stream.
        sse.response.thenAcceptAsync(r -> sse.parse(r.body()), task -> {
            Thread reader = new Thread(task, "sse-client-reader");
            reader.setDaemon(true);
            reader.start();
        });
        return sse;
    }

    public int status() throws Exception {
        return response.get(10, TimeUnit.SECONDS).statusCode();
    }

    /** The next event (not comments), or null if none came within the timeout. */
    public Event next(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Event e = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (e == null || !e.isComment()) {
                return e;
            }
        }
    }

    /** Every event until the stream ends (or the timeout passes), comments included. */
    public List<Event> drain(Duration timeout) throws InterruptedException {
        List<Event> all = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        Event e;
        while ((e = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) != null) {
            if (e == END) {
                all.add(e);
                return all;
            }
            all.add(e);
        }
        return all;
    }

    private void parse(Stream<String> body) {
        try {
            String id = null;
            String name = null;
            StringBuilder data = null;
            for (String line : (Iterable<String>) body::iterator) {
                if (line.isEmpty()) {
                    if (data != null || name != null) {
                        events.add(new Event(id, name, data == null ? null : data.toString(), null));
                    }
                    id = null;
                    name = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    events.add(new Event(null, null, null, line.substring(1)));
                } else {
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
                    switch (field) {
                        case "id" -> id = value;
                        case "event" -> name = value;
                        case "data" ->
                            data = data == null
                                    ? new StringBuilder(value)
                                    : data.append('\n').append(value);
                        default -> {}
                    }
                }
            }
        } catch (RuntimeException closed) {
            // The connection was closed by the test.
        } finally {
            events.add(END);
        }
    }

    /**
     * Closes the connection. The body is taken from the response itself, not from the reader thread, which may not
     * have started yet: a stream left open keeps the server from shutting down until its grace time runs out.
     */
    @Override
    public void close() throws IOException {
        if (!response.cancel(true) && !response.isCompletedExceptionally()) {
            response.join().body().close();
        }
    }
}
