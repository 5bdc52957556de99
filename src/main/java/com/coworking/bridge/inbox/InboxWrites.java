package com.coworking.bridge.inbox;

import java.sql.PreparedStatement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import com.coworking.bridge.db.Database;

/**
 * The intake's INSERTs into the inbox, several in one statement and one commit when webhooks arrive together (group
 * commit): while the writes in progress run (a few at once, each on its own connection), the webhooks that come in
 * meanwhile queue up, and the next caller to find a free turn writes them all at once. Each caller returns only once
 * its own row is committed, so a 2xx still means stored; a webhook that arrives alone is written at once, alone. One
 * bad row does not fail the others: a batch that fails for its data is written again row by row.
 */
final class InboxWrites {

    // Logged as the inbox, which operators know by that name
    private static final Logger LOG = LoggerFactory.getLogger(Inbox.class);
    private static final String[] COLUMNS = {"svixId", "eventType", "status", "reason", "userRef", "membershipRef", "companyRef",
            "subscriptionRef", "locationRef", "bookingRef", "resourceRef", "visitRef", "payload"};
    private static final String INSERT = """
            insert into inbox (svix_id, event_type, status, reason, user_ref, membership_ref, company_ref, subscription_ref,
              location_ref, booking_ref, resource_ref, visit_ref, payload)
            select * from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
              ?::text[], ?::text[], ?::text[], ?::text[])
            on conflict (svix_id) do nothing returning svix_id""";

    private final JdbcTemplate jdbc;
    private final Runnable dropIdleConnections;
    private final int maxRows;
    private final int maxWriters;
    private final Deque<Pending> waiting = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition written = lock.newCondition();
    private int writing;

    /**
     * @param dropIdleConnections closes the pool's idle connections ({@link Database#dropIdleConnections}), before the one
     *                            retry of a write that met a dead one
     * @param maxRows             the most webhooks one statement writes
     * @param maxWriters          the most statements at once (each holds a connection of the pool while it runs)
     */
    InboxWrites(DataSource dataSource, Runnable dropIdleConnections, int maxRows, int maxWriters) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.dropIdleConnections = dropIdleConnections;
        this.maxRows = maxRows;
        this.maxWriters = maxWriters;
    }

    /** Inserts the row unless its svix-id is stored already; true when it was new. Returns once it is committed. */
    boolean insert(Map<String, Object> row) {
        Pending mine = new Pending(row);
        lock.lock();
        try {
            waiting.add(mine);
            while (!mine.done) {
                if (writing < maxWriters && !waiting.isEmpty()) {
                    List<Pending> batch = next();
                    writing++;
                    lock.unlock();
                    try {
                        write(batch);
                    } finally {
                        lock.lock();
                        writing--;
                        written.signalAll();
                    }
                } else {
                    written.awaitUninterruptibly();
                }
            }
        } finally {
            lock.unlock();
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
        return mine.inserted;
    }

    private List<Pending> next() {
        List<Pending> batch = new ArrayList<>();
        while (!waiting.isEmpty() && batch.size() < maxRows) {
            batch.add(waiting.poll());
        }
        return batch;
    }

    private void write(List<Pending> batch) {
        try {
            try {
                insertAll(batch);
            } catch (DataAccessResourceFailureException | TransientDataAccessException | RecoverableDataAccessException brokenConnection) {
                // The driver's own words, in one line; Spring's message repeats the whole statement
                Throwable driver = brokenConnection.getCause() != null ? brokenConnection.getCause() : brokenConnection;
                LOG.warn("Webhook(s) {} not stored on a pooled database connection ({}); trying once more on a fresh one", ids(batch),
                        driver.getMessage());
                // The dead connections closed first; if this fails too, the intake answers 503
                dropIdleConnections.run();
                insertAll(batch);
            }
        } catch (DataAccessResourceFailureException | TransientDataAccessException | RecoverableDataAccessException unreachable) {
            batch.forEach(p -> p.fail(unreachable));
        } catch (DataAccessException refused) {
            if (batch.size() == 1) {
                batch.get(0).fail(refused);
            } else {
                batch.forEach(p -> write(List.of(p)));
            }
        } catch (RuntimeException unexpected) {
            // Whatever it was, every caller of the batch not answered yet gets an answer (500) instead of waiting for ever
            batch.stream().filter(p -> !p.done).forEach(p -> p.fail(unexpected));
        }
    }

    private void insertAll(List<Pending> batch) {
        Set<String> inserted = new HashSet<>(jdbc.query(con -> {
            PreparedStatement statement = con.prepareStatement(INSERT);
            for (int c = 0; c < COLUMNS.length; c++) {
                Object[] column = new Object[batch.size()];
                for (int r = 0; r < column.length; r++) {
                    column[r] = batch.get(r).row.get(COLUMNS[c]);
                }
                statement.setArray(c + 1, con.createArrayOf("text", column));
            }
            return statement;
        }, (rs, n) -> rs.getString(1)));
        // The first of a svix-id in the batch is the one stored; a re-delivery in the same batch is a duplicate
        batch.forEach(p -> p.succeed(inserted.remove((String) p.row.get("svixId"))));
    }

    private static List<Object> ids(List<Pending> batch) {
        return batch.stream().map(p -> p.row.get("svixId")).toList();
    }

    /** One caller's row. Its outcome is set by whichever caller wrote it, outside the lock: {@code done} last, volatile. */
    private static final class Pending {
        private final Map<String, Object> row;
        private volatile boolean done;
        private boolean inserted;
        private RuntimeException failure;

        Pending(Map<String, Object> row) {
            this.row = row;
        }

        void succeed(boolean wasInserted) {
            inserted = wasInserted;
            done = true;
        }

        void fail(RuntimeException e) {
            failure = e;
            done = true;
        }
    }
}
