package com.coworking.bridge.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.dao.DataIntegrityViolationException;

import com.coworking.bridge.support.SignedWebhooks;
import com.coworking.bridge.support.TestDatabase;

/**
 * Group commit against a real PostgreSQL: the inbox table is locked by another transaction, so that the first write
 * waits in the database while the next webhooks queue up behind it - the moment a burst of webhooks meets a busy
 * database.
 */
class InboxWritesTest {

    private final TestDatabase db = TestDatabase.shared();
    private final List<Thread> callers = new ArrayList<>();
    private final ExecutorService pool = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task);
        synchronized (callers) {
            callers.add(thread);
        }
        return thread;
    });
    private final PGSimpleDataSource dataSource = new PGSimpleDataSource();
    private InboxWrites writes;

    @BeforeEach
    void emptyInbox() {
        dataSource.setUrl(db.jdbcUrl());
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        db.truncateAll();
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void webhooksArrivingWhileTheWritesWaitAreStoredTogetherInOneCommit() throws Exception {
        writes = new InboxWrites(dataSource, () -> { }, 100, 2);
        String twice = SignedWebhooks.newMessageId();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            rows.add(row(SignedWebhooks.newMessageId(), "{}"));
        }
        rows.add(row(twice, "{\"delivery\":1}"));
        rows.add(row(twice, "{\"delivery\":2}"));

        List<Future<Object>> answers = whileTheInboxIsLocked(rows, 2);

        List<Object> results = new ArrayList<>();
        for (Future<Object> answer : answers) {
            results.add(answer.get());
        }
        assertThat(results.subList(0, 8)).containsOnly(true);
        assertThat(results.subList(8, 10)).as("a re-delivery in the same statement is a duplicate").containsExactlyInAnyOrder(true, false);
        assertThat(db.query("select svix_id from inbox")).hasSize(9);
        assertThat(db.query("select count(distinct xmin::text) as n from inbox").get(0).get("n"))
                .as("the first two webhooks alone, each written at once; the eight that waited behind them in one transaction")
                .isEqualTo(3L);
    }

    @Test
    void aRowTheDatabaseRefusesFailsAloneAndTheRestOfItsStatementIsStored() throws Exception {
        writes = new InboxWrites(dataSource, () -> { }, 100, 1);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            rows.add(row(SignedWebhooks.newMessageId(), i == 3 ? null : "{}"));
        }

        List<Future<Object>> answers = whileTheInboxIsLocked(rows, 1);

        List<Object> results = new ArrayList<>();
        for (Future<Object> answer : answers) {
            results.add(answer.get());
        }
        assertThat(results.get(3)).isInstanceOf(DataIntegrityViolationException.class);
        assertThat(results).filteredOn(Boolean.TRUE::equals).hasSize(5);
        assertThat(db.query("select svix_id from inbox")).hasSize(5);
    }

    @Test
    void aFaultOutsideTheDatabaseAnswersEveryCallerOfItsStatementInsteadOfLeavingThemWaiting() throws Exception {
        writes = new InboxWrites(dataSource, () -> { }, 100, 1);
        Map<String, Object> faulty = new HashMap<>(row(SignedWebhooks.newMessageId(), "{}")) {
            @Override
            public Object get(Object key) {
                if ("payload".equals(key)) {
                    throw new IllegalStateException("a fault outside the database");
                }
                return super.get(key);
            }
        };
        List<Map<String, Object>> rows = List.of(row(SignedWebhooks.newMessageId(), "{}"), faulty, row(SignedWebhooks.newMessageId(), "{}"));

        List<Future<Object>> answers = whileTheInboxIsLocked(rows, 1);

        assertThat(answers.get(0).get(10, TimeUnit.SECONDS)).isEqualTo(true);
        assertThat(answers.get(1).get(10, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class);
        assertThat(answers.get(2).get(10, TimeUnit.SECONDS)).as("answered, not left waiting").isInstanceOf(IllegalStateException.class);
        assertThat(db.query("select svix_id from inbox")).hasSize(1);
    }

    /**
     * Starts the first writes one by one until each of the writers waits for the lock with its own insert, then the
     * rest, waits until they all queue behind them, and unlocks.
     */
    private List<Future<Object>> whileTheInboxIsLocked(List<Map<String, Object>> rows, int writers) throws Exception {
        List<Future<Object>> answers = new ArrayList<>();
        try (Connection lock = DriverManager.getConnection(db.jdbcUrl()); Statement statement = lock.createStatement()) {
            lock.setAutoCommit(false);
            statement.execute("lock table inbox in exclusive mode");
            for (int w = 1; w <= writers; w++) {
                answers.add(pool.submit(insert(rows.get(w - 1))));
                int waiting = w;
                Awaitility.await("insert " + w + " waits for the lock").atMost(Duration.ofSeconds(10)).until(() -> db.query(
                        "select 1 from pg_stat_activity where wait_event_type = 'Lock' and query like 'insert into inbox%'").size() == waiting);
            }
            for (Map<String, Object> row : rows.subList(writers, rows.size())) {
                answers.add(pool.submit(insert(row)));
            }
            Awaitility.await("the others queue behind them").atMost(Duration.ofSeconds(10)).until(() -> {
                synchronized (callers) {
                    return callers.size() == rows.size()
                            && callers.subList(writers, callers.size()).stream().allMatch(t -> t.getState() == Thread.State.WAITING);
                }
            });
            lock.rollback();
        }
        return answers;
    }

    private Callable<Object> insert(Map<String, Object> row) {
        return () -> {
            try {
                return writes.insert(row);
            } catch (RuntimeException refused) {
                return refused;
            }
        };
    }

    private static Map<String, Object> row(String svixId, String payload) {
        Map<String, Object> row = new HashMap<>();
        row.put("svixId", svixId);
        row.put("eventType", "event.created");
        row.put("status", "ignored");
        row.put("payload", payload);
        return row;
    }
}
