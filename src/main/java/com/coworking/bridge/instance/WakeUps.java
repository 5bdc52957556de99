package com.coworking.bridge.instance;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.service.ServiceSupport;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.coworking.bridge.db.Database;

/**
 * Listens on one database connection for the notifications the database sends when work is committed
 * ({@code bridge_inbox}: a webhook to apply; {@code bridge_sync}: a user to reconcile - migration V6) and wakes
 * the route that does it at once, on this bridge and on every other one using the database. A wake-up goes to a
 * seda queue of one: wake-ups that arrive while one is pending add nothing. The timers stay as a safety net.
 */
public final class WakeUps extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(WakeUps.class);
    /** The queues the batch routes read; a full queue drops the wake-up, since one is pending anyway. */
    public static final String INBOX = "seda:inbox-wake-ups?size=1&discardWhenFull=true";
    public static final String SYNC = "seda:sync-wake-ups?size=1&discardWhenFull=true";
    private static final Duration WAIT = Duration.ofMillis(500);
    private static final Duration RETRY = Duration.ofSeconds(2);

    private final CamelContext camel;
    private final Database database;
    private ScheduledExecutorService listener;
    private ProducerTemplate producer;

    public WakeUps(CamelContext camel, Database database) {
        this.camel = camel;
        this.database = database;
    }

    @Override
    protected void doStart() {
        producer = camel.createProducerTemplate();
        listener = camel.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "database-wake-ups");
        listener.execute(this::listen);
    }

    @Override
    protected void doStop() {
        if (listener != null) {
            camel.getExecutorServiceManager().shutdownNow(listener);
        }
    }

    /** Wakes the inbox consumer (also called by its timer, the safety net). */
    public void inbox() {
        producer.sendBody(INBOX, "wake-up");
    }

    /** Wakes the access sync (also called by its timer, the safety net). */
    public void sync() {
        producer.sendBody(SYNC, "wake-up");
    }

    /** Listens until the connection fails, then tries again a little later (the timers cover the gap). */
    private void listen() {
        if (!isRunAllowed()) {
            return;
        }
        if (database.isReady()) {
            try (Connection connection = database.dataSource().getConnection()) {
                PGConnection postgres = connection.unwrap(PGConnection.class);
                try (Statement listen = connection.createStatement()) {
                    listen.execute("listen bridge_inbox");
                    listen.execute("listen bridge_sync");
                }
                LOG.info("Listening for committed work (webhooks, users to reconcile) on the database");
                while (isRunAllowed()) {
                    PGNotification[] notifications = postgres.getNotifications((int) WAIT.toMillis());
                    for (PGNotification notification : notifications == null ? new PGNotification[0] : notifications) {
                        if ("bridge_inbox".equals(notification.getName())) {
                            inbox();
                        } else {
                            sync();
                        }
                    }
                }
            } catch (Exception e) {
                if (isRunAllowed()) {
                    LOG.warn("Stopped listening for committed work ({}); the timers go on, listening again soon", e.getMessage());
                }
            }
        }
        if (isRunAllowed()) {
            listener.schedule(this::listen, RETRY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
