package io.ainfinity.job.logs;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.ConnectionBase;

import io.ainfinity.job.events.StreamItem;

/**
 * A viewer's connection: frames go straight to the HTTP response, whose head the JAX-RS stream already wrote; the
 * stream itself (which ends the response, and notices a client that left) only carries the end or a failure.
 *
 * <p>Live batches, which thousands of connections take at once, are written as ready-made HTTP/1.1 chunks from the
 * position of the connection's HTTP encoder, so that each connection costs one write and flush of a shared buffer and
 * none of the per-write work of the HTTP layer (a content object, a chunk header, a promise). That is only done on a
 * plain HTTP/1.1 chunked response with nothing that rewrites the body (no compression); the encoder, which frames
 * chunks itself and is skipped, then sees the response's last chunk as the stream ends, as it would have. Everything
 * else (catch-up pages, heartbeats) takes the response's own path, which also keeps the idle timeout informed.
 */
final class ResponseSink implements LogViewer.Sink {

    /** Written without a completion callback: a failed write shows as a closed connection, which ends the stream. */
    private static final Handler<AsyncResult<Void>> UNOBSERVED = null;

    private final HttpServerResponse response;
    private final MultiEmitter<? super StreamItem> stream;
    /** Where ready-made chunks are written, or null where the response's own path must be taken. */
    private final ChannelHandlerContext encoder;
    /** Set on the first write, on the viewer's loop. */
    private Boolean chunked;

    ResponseSink(HttpServerRequest request, MultiEmitter<? super StreamItem> stream) {
        this.response = request.response();
        this.stream = stream;
        this.encoder = encoder(request);
    }

    private static ChannelHandlerContext encoder(HttpServerRequest request) {
        if (request.version() != HttpVersion.HTTP_1_1 || !(request.connection() instanceof ConnectionBase conn)) {
            return null;
        }
        ChannelPipeline pipeline = conn.channel().pipeline();
        if (pipeline.get("deflater") != null) {
            return null;
        }
        return pipeline.context("httpEncoder");
    }

    @Override
    public boolean write(LogBatch batch) {
        if (response.closed() || response.ended()) {
            return false;
        }
        response.write(batch.frames(), UNOBSERVED);
        return true;
    }

    @Override
    public boolean push(LogBatch batch) {
        if (!raw()) {
            return write(batch);
        }
        if (!encoder.channel().isActive()) {
            return false;
        }
        // A view of the shared chunk with indexes of its own; the chunk's memory is never released, so no count.
        ByteBuf chunk = batch.chunk().getByteBuf();
        encoder.writeAndFlush(chunk, encoder.voidPromise());
        return true;
    }

    /** Whether chunks may be written past the HTTP layer: asked once, when the head (which says chunked) is out. */
    private boolean raw() {
        if (chunked == null) {
            chunked = encoder != null && response.isChunked();
        }
        return chunked;
    }

    @Override
    public boolean full() {
        if (raw()) {
            // The channel's own flag, which the response reads under a lock for each call.
            return !encoder.channel().isWritable();
        }
        return !response.closed() && !response.ended() && response.writeQueueFull();
    }

    @Override
    public void onDrain(Runnable drained) {
        response.drainHandler(ignored -> {
            response.drainHandler(null);
            drained.run();
        });
    }

    @Override
    public void end() {
        stream.complete();
    }

    @Override
    public void fail(Throwable failure) {
        stream.fail(failure);
    }
}
