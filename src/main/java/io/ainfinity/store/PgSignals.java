package io.ainfinity.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import javax.sql.DataSource;

import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import io.ainfinity.process.WorkerPool;

/**
 * Wake-ups between replicas through PostgreSQL's LISTEN/NOTIFY: a replica that changed something other replicas keep
 * a view of (events, revoked tokens) signals its channel, and every replica listening on it (itself too) runs its
 * callbacks at once instead of at its next poll. Signals carry no data, only "read again", so a lost one costs a
 * poll's delay and nothing else: the polls stay as the safety net. One connection of the pool is held for listening,
 * on a thread of its own; it is opened again after a failure.
 */
public final class PgSignals implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PgSignals.class);
    /** Channel names go into a LISTEN statement, which takes no parameter: only these. */
    private static final Pattern CHANNEL = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private static final int WAIT_MILLIS = 250;
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final DataSource dataSource;
    private final WorkerPool pool;
    private final Map<String, List<Runnable>> listeners = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private Thread listener;

    public PgSignals(DataSource dataSource, WorkerPool pool) {
        this.dataSource = dataSource;
        this.pool = pool;
    }

    /** Tells every replica listening on {@code channel}; on the store's pool, never failing the caller. */
    public Uni<Void> signal(String channel) {
        checked(channel);
        return pool.submit(() -> {
                    try (Connection c = dataSource.getConnection();
                            PreparedStatement s = c.prepareStatement("SELECT pg_notify(?, '')")) {
                        s.setString(1, channel);
                        s.execute();
                    }
                    return (Void) null;
                })
                .onFailure()
                .recoverWithItem(failure -> {
                    LOG.debugf("signal %s not sent (the poll will see the change): %s", channel, failure.getMessage());
                    return null;
                });
    }

    /** Runs {@code wake} (on the listening thread: keep it short) whenever {@code channel} is signalled. */
    public synchronized void listen(String channel, Runnable wake) {
        checked(channel);
        listeners.computeIfAbsent(channel, name -> new CopyOnWriteArrayList<>()).add(wake);
        if (listener == null) {
            listener = new Thread(this::run, "ainfinity-store-signals");
            listener.setDaemon(true);
            listener.start();
        }
    }

    private static void checked(String channel) {
        if (!CHANNEL.matcher(channel).matches()) {
            throw new IllegalArgumentException("not a channel name: " + channel);
        }
    }

    private void run() {
        while (!closed) {
            try (Connection c = dataSource.getConnection()) {
                // LISTEN inside a transaction would only take effect at its commit.
                c.setAutoCommit(true);
                listenOn(c);
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.warnf("store signals interrupted, polls only until they resume: %s", e.getMessage());
                try {
                    Thread.sleep(RETRY.toMillis());
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    private void listenOn(Connection c) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        Set<String> listening = ConcurrentHashMap.newKeySet();
        while (!closed) {
            // Channels added since the last round are listened to now.
            for (String channel : listeners.keySet()) {
                if (listening.add(channel)) {
                    try (Statement s = c.createStatement()) {
                        s.execute("LISTEN " + channel);
                    }
                }
            }
            PGNotification[] received = pg.getNotifications(WAIT_MILLIS);
            if (received == null) {
                continue;
            }
            for (PGNotification notification : received) {
                for (Runnable wake : listeners.getOrDefault(notification.getName(), List.of())) {
                    try {
                        wake.run();
                    } catch (RuntimeException e) {
                        LOG.warnf("signal %s: %s", notification.getName(), e.getMessage());
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        Thread running;
        synchronized (this) {
            running = listener;
        }
        if (running != null) {
            running.interrupt();
        }
    }
}
