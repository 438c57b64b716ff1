package io.ainfinity.job.logs;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.smallrye.mutiny.Multi;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;

import io.ainfinity.job.events.StreamItem;

/**
 * Hands a log stream's connection from the JAX-RS writer to a {@link LogViewer}. The stream carries one heartbeat,
 * which makes the writer send the response's head; from then on the viewer writes frames straight to the connection on
 * its event loop, and the stream only ends (or fails) when the viewer does, or ends the viewer when its client leaves.
 */
final class ViewerStream {

    private ViewerStream() {}

    static Multi<StreamItem> open(LogFeed feed, long from, LogReplays replays, HttpServerRequest request) {
        LogViewer viewer = new LogViewer(feed, from, replays, eventLoop(request));
        AtomicReference<LogViewer.Sink> sink = new AtomicReference<>();
        AtomicInteger requests = new AtomicInteger();
        return Multi.createFrom()
                .<StreamItem>emitter(emitter -> {
                    feed.subscribed();
                    emitter.onTermination(viewer::close);
                    sink.set(new ResponseSink(request, emitter));
                    emitter.emit(StreamItem.HEARTBEAT);
                })
                // The JAX-RS writer asks for the next item once the heartbeat is written: the head is out.
                .onRequest()
                .invoke(n -> {
                    if (requests.incrementAndGet() == 2) {
                        viewer.start(sink.get());
                    }
                });
    }

    /** The event loop the request's connection runs on: its viewer is grouped with the others of that loop. */
    private static Executor eventLoop(HttpServerRequest request) {
        if (request.connection() instanceof ConnectionBase connection) {
            return connection.channel().eventLoop();
        }
        throw new IllegalStateException("a log stream needs a Vert.x connection, not " + request.connection());
    }
}
