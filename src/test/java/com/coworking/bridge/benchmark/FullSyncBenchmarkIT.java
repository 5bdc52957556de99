package com.coworking.bridge.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;


import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.coworking.bridge.sandbox.SpacebringSimulator;
import com.coworking.bridge.sandbox.SpacebringSimulator.NewSubscription;
import com.coworking.bridge.support.BridgeProcess;
import com.coworking.bridge.support.FreePorts;
import com.coworking.bridge.support.Machine;
import com.coworking.bridge.support.TestDatabase;

/**
 * Full sync of a simulated location with 100,000 memberships and 100,000 subscriptions: the packaged jar,
 * limited to 256 MB of heap, reads the whole location into the mirror and queues every user. Prints wall
 * time and the bridge's peak heap, once with Spacebring's rate limit off and once on (against the floor
 * pages / rate). Not part of the test suite: {@code mvn -B verify -Pbenchmark} (add {@code -Dbenchmark.members=N} for
 * another size, {@code -Dbenchmark.withRateLimit=false} to skip the slow second run).
 */
@Tag("benchmark")
class FullSyncBenchmarkIT {

    private static final int MEMBERS = Integer.getInteger("benchmark.members", 100_000);
    private static final int RATE = 8;
    private static final Path JAR = Path.of(System.getProperty("bridge.jar", "target/spacebring-luckey-bridge.jar"));

    @Test
    void fullSyncOfALargeLocation() throws Exception {
        try (SpacebringSimulator spacebring = SpacebringSimulator.start(0, "bench", "bench-secret", null,
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")) {
            spacebring.setRateLimit(0);
            String location = spacebring.createLocation("Benchmark", "Europe/Berlin");
            String plan = spacebring.createPlan(location, "Hot desk");
            Instant start = Instant.now().minus(Duration.ofDays(1));
            for (int i = 0; i < MEMBERS; i++) {
                String member = spacebring.inviteMember(location, "member" + i + "@example.com", "Member", String.valueOf(i));
                spacebring.createSubscription(NewSubscription.forMember(location, member, plan, start, null));
            }
            System.out.printf("%nFull sync benchmark: %,d memberships, %,d subscriptions, on %s%n", MEMBERS, MEMBERS, Machine.describe());

            Result off = run(spacebring, location, 100_000, true);
            System.out.printf("5. Full sync, rate limit off: %,d pages in %.1f s on a JVM just started; again on the same bridge (the"
                    + " mirror emptied, the JVM warm): %.1f s; the whole heap's peak %,d MB of 256 (target: 30 s; %s)%n",
                    off.pages, off.seconds, off.warmSeconds, off.peakHeapMb, Machine.load());
            System.out.printf("9. Poll of the unchanged location (%,d memberships, %,d subscriptions) after it: %.1f s; rows written"
                    + " (inserted or updated in sb_membership, sb_company, sb_subscription, sb_subscription_item): %,d of %,d,"
                    + " %.2f%% (target <= 1%%)%n", MEMBERS, MEMBERS, off.unchangedSeconds, off.rowsWritten, 3L * MEMBERS,
                    100.0 * off.rowsWritten / (3.0 * MEMBERS));

            if (!Boolean.parseBoolean(System.getProperty("benchmark.withRateLimit", "true"))) {
                return;
            }
            spacebring.setRateLimit(10);
            // The limit Spacebring enforces; the bridge keeps to 8 requests/s below it
            Result on = run(spacebring, location, RATE, false);
            double floor = (double) on.pages / RATE;
            System.out.printf("5. Full sync, rate limit on (%d requests/s): %,d pages in %.1f s; floor %.1f s; %.1f%% above it"
                    + " (target: within 3%%); the whole heap's peak %,d MB (%s)%n", RATE, on.pages, on.seconds, floor,
                    100 * (on.seconds / floor - 1), on.peakHeapMb, Machine.load());
        }
    }

    /**
     * @param warmSeconds      the second full sync on the same bridge, NaN when not measured
     * @param unchangedSeconds the poll after it, of the location as it was; NaN when not measured
     * @param rowsWritten      the mirror rows that poll inserted, updated or deleted
     */
    private record Result(int pages, double seconds, double warmSeconds, long peakHeapMb, double unchangedSeconds, long rowsWritten) {
    }

    /** @param again whether to empty the mirror after the first full sync and time the next one on the same bridge */
    private Result run(SpacebringSimulator spacebring, String location, int requestsPerSecond, boolean again) throws Exception {
        TestDatabase db = TestDatabase.shared();
        db.truncateAll();
        Path workingDirectory = Files.createTempDirectory("bridge-benchmark");
        Path gcLog = workingDirectory.resolve("gc.log");
        // As the README says to run it (.env.example's JAVA_OPTS, a heap of at most 256 MB), and its collections logged
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(BridgeProcess.recommendedJvm());
        command.add("-Xlog:gc:file=" + gcLog);
        // Options for the bridge's JVM, such as a flight recording
        if (!System.getProperty("benchmark.jvm", "").isBlank()) {
            command.addAll(List.of(System.getProperty("benchmark.jvm").split(" ")));
        }
        command.addAll(List.of("-jar", JAR.toAbsolutePath().toString()));
        ProcessBuilder java = new ProcessBuilder(command)
                .directory(workingDirectory.toFile()).redirectErrorStream(true)
                .redirectOutput(workingDirectory.resolve("bridge.log").toFile());
        Map<String, String> env = java.environment();
        env.put("DB_URL", db.jdbcUrl());
        env.put("HTTP_HOST", "127.0.0.1");
        env.put("HTTP_PORT", String.valueOf(FreePorts.next()));
        env.put("MANAGEMENT_HOST", "127.0.0.1");
        env.put("MANAGEMENT_PORT", String.valueOf(FreePorts.next()));
        env.put("SPACEBRING_LOCATION_REF", location);
        env.put("SPACEBRING_BASE_URL", spacebring.baseUrl());
        env.put("SPACEBRING_CLIENT_ID", "bench");
        env.put("SPACEBRING_CLIENT_SECRET", "bench-secret");
        env.put("SPACEBRING_REQUESTS_PER_SECOND", String.valueOf(requestsPerSecond));
        // The poll alone is measured: nothing is written to Luckey.
        env.put("LINK_ENABLED", "false");
        env.put("POLL_FIRST_DELAY_MS", "3000");
        // With `again`, the poll after the warm full sync is the one of an unchanged location
        env.put("POLL_INTERVAL_MS", again ? "45000" : "86400000");
        env.put("LOG_LEVEL", System.getProperty("benchmark.logLevel", "WARN"));
        System.out.println("Bridge log: " + workingDirectory.resolve("bridge.log"));
        Process bridge = java.start();
        try {
            Map<String, Object> first = finishedPoll(db, bridge, workingDirectory, 1);
            double warmSeconds = Double.NaN;
            double unchangedSeconds = Double.NaN;
            long rowsWritten = -1;
            if (again) {
                // An empty mirror and no poll on record: the poll is due at once, and is a full sync
                db.execute("truncate sb_membership, sb_company, sb_subscription, sb_subscription_item, sync_queue, poll_run, job_lease");
                warmSeconds = seconds(finishedPoll(db, bridge, workingDirectory, 1));
                long before = nextTransaction(db);
                unchangedSeconds = seconds(finishedPoll(db, bridge, workingDirectory, 2));
                rowsWritten = rowsWrittenSince(db, before);
            }
            return new Result((Integer) first.get("pages"), seconds(first), warmSeconds, Machine.peakHeapMegabytes(gcLog),
                    unchangedSeconds, rowsWritten);
        } finally {
            bridge.destroy();
            bridge.waitFor();
        }
    }

    /** The id the next transaction gets (32 bits, as a row's xmin holds it). */
    private static long nextTransaction(TestDatabase db) {
        return ((Number) db.query("select (txid_current() + 1) % 4294967296 as next").get(0).get("next")).longValue();
    }

    /**
     * Rows of the mirror's membership, company and subscription tables written (inserted or updated: a row version with
     * a new xmin) by transactions from {@code first} on - exact, where pg_stat_user_tables' counters reach the view late.
     */
    private static long rowsWrittenSince(TestDatabase db, long first) {
        long written = 0;
        for (String table : List.of("sb_membership", "sb_company", "sb_subscription", "sb_subscription_item")) {
            written += ((Number) db.query("select count(*) as n from " + table + " where xmin::text::bigint >= " + first)
                    .get(0).get("n")).longValue();
        }
        return written;
    }

    /** The n-th poll on record, once it finished complete. */
    private static Map<String, Object> finishedPoll(TestDatabase db, Process bridge, Path workingDirectory, int nth) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(15));
        while (Instant.now().isBefore(deadline)) {
            List<Map<String, Object>> runs = pollRuns(db);
            if (runs.size() >= nth && runs.get(nth - 1).get("finished_at") != null) {
                Map<String, Object> run = runs.get(nth - 1);
                if (!String.valueOf(run.get("outcome")).startsWith("complete")) {
                    throw new AssertionError("poll did not complete: " + run.get("outcome"));
                }
                return run;
            }
            if (!bridge.isAlive()) {
                throw new AssertionError("bridge exited:\n" + Files.readString(workingDirectory.resolve("bridge.log")));
            }
            // The figure comes from the poll_run row's own timestamps: looking once a second loses no accuracy, and
            // each look opens a connection on the machine being measured
            Thread.sleep(1000);
        }
        throw new AssertionError("no complete poll within 15 minutes");
    }

    private static double seconds(Map<String, Object> run) {
        return Duration.between(((java.sql.Timestamp) run.get("started_at")).toInstant(),
                ((java.sql.Timestamp) run.get("finished_at")).toInstant()).toMillis() / 1000.0;
    }

    /** Empty until the bridge has created its tables. */
    private static List<Map<String, Object>> pollRuns(TestDatabase db) {
        try {
            return db.query("select started_at, finished_at, pages, outcome from poll_run order by id");
        } catch (IllegalStateException notMigratedYet) {
            return List.of();
        }
    }
}
