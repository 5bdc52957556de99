package com.coworking.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.coworking.bridge.sandbox.LuckeySimulator;
import com.coworking.bridge.sandbox.SpacebringSimulator;
import com.coworking.bridge.sandbox.SpacebringSimulator.NewSubscription;
import com.coworking.bridge.support.BridgeProcess;
import com.coworking.bridge.support.FreePorts;
import com.coworking.bridge.support.RunningBridge;
import com.coworking.bridge.support.TestDatabase;

/**
 * The packaged jar under faults, with both simulators and a real PostgreSQL: killed with -9, stopped with SIGTERM
 * under load, its database away for 30 s (under load; in the middle of a burst, a poll and a schedule tick), one of
 * three instances on one database killed. Every webhook Spacebring got a 2xx for is applied exactly once, and
 * Luckey ends where the access rules say - nothing lost, nothing done twice, nothing stuck.
 */
class ChaosIT {

    private static final String HOT_DESK = "Spacebring plan: Hot desk";
    private static final String SB_SECRET = "sb-chaos-secret-2468";
    private static final String LUCKEY_SECRET = "luckey-chaos-secret-1357";
    private final TestDatabase db = TestDatabase.shared();
    private final int httpPort = FreePorts.next();
    private LuckeySimulator luckey;
    private SpacebringSimulator spacebring;
    private String location;
    private String plan;

    @TempDir
    Path folder;

    @BeforeEach
    void simulators() throws Exception {
        db.truncateAll();
        luckey = LuckeySimulator.start(0, "chaos-luckey", LUCKEY_SECRET);
        spacebring = SpacebringSimulator.start(0, "chaos-sb", SB_SECRET, "http://127.0.0.1:" + httpPort + "/webhooks/spacebring",
                RunningBridge.SECRET);
        spacebring.setRateLimit(0);
        location = spacebring.createLocation("Chaos", "Europe/Berlin");
        plan = spacebring.createPlan(location, "Hot desk");
    }

    @AfterEach
    void stop() {
        spacebring.close();
        luckey.close();
    }

    private Map<String, String> settings(Map<String, String> more) {
        Map<String, String> env = new HashMap<>(Map.of("DB_URL", db.jdbcUrl(), "HTTP_PORT", String.valueOf(httpPort),
                "SPACEBRING_WEBHOOK_SECRET", RunningBridge.SECRET, "SPACEBRING_LOCATION_REF", location,
                "SPACEBRING_BASE_URL", spacebring.baseUrl(), "SPACEBRING_CLIENT_ID", "chaos-sb", "SPACEBRING_CLIENT_SECRET", SB_SECRET,
                "LUCKEY_BASE_URL", luckey.baseUrl(), "LUCKEY_CLIENT_ID", "chaos-luckey", "LUCKEY_CLIENT_SECRET", LUCKEY_SECRET));
        env.putAll(Map.of("SPACEBRING_REQUESTS_PER_SECOND", "200", "LUCKEY_REQUESTS_PER_SECOND", "200", "POLL_FIRST_DELAY_MS", "3600000",
                "DRIFT_INTERVAL_MS", "3600000"));
        env.putAll(more);
        return env;
    }

    /** {@code count} members, each with a hot desk from yesterday: 2 webhooks each. */
    private void members(int count) {
        for (int i = 0; i < count; i++) {
            String member = spacebring.inviteMember(location, "m" + i + "@example.com", "Member", String.valueOf(i));
            spacebring.createSubscription(NewSubscription.forMember(location, member, plan, Instant.now().minus(Duration.ofDays(1)), null));
        }
    }

    /** What Svix does: every message that did not get a 2xx yet is sent again, once, under its own svix-id. */
    private void redeliverFailed() {
        Map<String, SpacebringSimulator.Delivery> failed = new java.util.LinkedHashMap<>();
        spacebring.deliveries().stream().filter(d -> d.status() / 100 != 2)
                .filter(d -> spacebring.deliveries().stream().noneMatch(ok -> ok.svixId().equals(d.svixId()) && ok.status() / 100 == 2))
                .forEach(d -> failed.putIfAbsent(d.svixId(), d));
        failed.values().forEach(d -> spacebring.deliver(d.svixId(), d.body()));
    }

    private void awaitConverged(int members, Duration within, BridgeProcess bridge) throws Exception {
        try {
            await(within, () -> {
                redeliverFailed();
                return luckey.tagMembers(HOT_DESK).size() == members
                        && db.query("select 1 from inbox where status not in ('done', 'ignored')").isEmpty();
            });
        } catch (org.awaitility.core.ConditionTimeoutException notConverged) {
            String log = bridge.log();
            throw new AssertionError("not converged: " + luckey.tagMembers(HOT_DESK).size() + " of " + members + " in the tag; inbox "
                    + db.query("select status, count(*) from inbox group by status") + "; retries "
                    + db.query("select max(attempts) as attempts, max(retry_at) as last, now() as now from inbox where status = 'pending'") + "; queue "
                    + db.query("select count(*), min(due_at), max(last_error) from sync_queue") + "; instances "
                    + db.query("select id, heartbeat_at from bridge_instance") + "; audit "
                    + db.query("select result, count(*) from audit_log group by result") + "\nlog tail:\n"
                    + log.substring(Math.max(0, log.length() - 6000)), notConverged);
        }
    }

    /** Exactly once in effect: one Luckey user, one activation e-mail and one grant per member; every acknowledged webhook applied. */
    private void assertExactlyOnce(int members) {
        assertThat(luckey.userCount()).isEqualTo(members);
        assertThat(luckey.activationEmails()).hasSize(members).doesNotHaveDuplicates();
        for (int i = 0; i < members; i++) {
            assertThat(luckey.membershipChanges("m" + i + "@example.com", HOT_DESK)).as("grants of m%d", i).isEqualTo(1);
        }
        assertThat(luckey.calls("POST /tags").stream().filter(c -> c.status() / 100 == 2)).hasSize(1);
        long acknowledged = spacebring.deliveries().stream().filter(d -> d.status() / 100 == 2).map(SpacebringSimulator.Delivery::svixId)
                .distinct().count();
        assertThat(db.query("select count(*) as n from inbox").get(0).get("n")).isEqualTo(acknowledged);
        assertThat(db.query("select svix_id, event_type, status, reason from inbox where status not in ('done', 'ignored')")).isEmpty();
    }

    private static void await(Duration within, Callable<Boolean> condition) {
        Awaitility.await().atMost(within).pollInterval(Duration.ofMillis(500)).until(condition);
    }

    @Test
    void killedWith200MembersInFlightItCatchesUpWithin60sExactlyOnce() throws Exception {
        luckey.setLatency(Duration.ofMillis(20));
        BridgeProcess first = BridgeProcess.start(folder, settings(Map.of())).awaitReady(Duration.ofSeconds(60));
        members(200);
        await(Duration.ofSeconds(60), () -> luckey.writes() >= 60);

        first.kill();
        Instant restarted = Instant.now();
        try (BridgeProcess second = BridgeProcess.start(folder, settings(Map.of())).awaitReady(Duration.ofSeconds(60))) {
            awaitConverged(200, Duration.ofSeconds(60), second);
            assertThat(Duration.between(restarted, Instant.now())).isLessThan(Duration.ofSeconds(60));
            assertExactlyOnce(200);
        }
    }

    @Test
    void threeInstancesOnOneDatabaseOneKilledMidRunApplyEverythingOnceAndNeverPollTogether() throws Exception {
        luckey.setLatency(Duration.ofMillis(20));
        Map<String, String> shared = Map.of("POLL_FIRST_DELAY_MS", "1000", "POLL_INTERVAL_MS", "3000", "JOBS_CHECK_MS", "500");
        List<BridgeProcess> bridges = new ArrayList<>();
        try (RoundRobin balancer = new RoundRobin(httpPort)) {
            for (int i = 0; i < 3; i++) {
                Map<String, String> own = new HashMap<>(settings(shared));
                own.put("HTTP_PORT", String.valueOf(FreePorts.next()));
                bridges.add(BridgeProcess.start(Files.createDirectories(folder.resolve("bridge-" + i)), own));
            }
            for (BridgeProcess bridge : bridges) {
                bridge.awaitReady(Duration.ofSeconds(60));
                balancer.add(bridge.url("/webhooks/spacebring"));
            }
            members(150);
            await(Duration.ofSeconds(60), () -> luckey.writes() >= 50);

            bridges.get(0).kill();
            Instant killed = Instant.now();
            awaitConverged(150, Duration.ofSeconds(60), bridges.get(1));
            assertThat(Duration.between(killed, Instant.now())).isLessThan(Duration.ofSeconds(60));
            assertExactlyOnce(150);
            int polls = spacebring.pollsBegun();
            await(Duration.ofSeconds(30), () -> spacebring.pollsBegun() >= polls + 3);
            assertThat(spacebring.overlappingPolls()).as("polls begun while another was going on; polls: %s",
                    db.query("select id, started_at, finished_at, outcome from poll_run order by id")).isZero();
            assertThat(balancer.forwardedTo()).as("webhooks reached every bridge").hasSize(3);
        } finally {
            for (BridgeProcess bridge : bridges) {
                bridge.close();
            }
        }
    }

    /** A load balancer for the test: each webhook to the next bridge in turn; a bridge that is gone gets a 502, as Svix would see. */
    private static final class RoundRobin implements AutoCloseable {
        private final HttpServer server;
        private final List<String> targets = new CopyOnWriteArrayList<>();
        private final Set<String> forwardedTo = ConcurrentHashMap.newKeySet();
        private final AtomicInteger next = new AtomicInteger();
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();

        RoundRobin(int port) throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            server.setExecutor(Executors.newFixedThreadPool(8));
            server.createContext("/", exchange -> {
                try (exchange) {
                    byte[] body = exchange.getRequestBody().readAllBytes();
                    String target = targets.get(Math.floorMod(next.getAndIncrement(), targets.size()));
                    HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofSeconds(10))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
                    exchange.getRequestHeaders().forEach((name, values) -> {
                        if (name.toLowerCase().startsWith("svix-") || name.equalsIgnoreCase("Content-Type")) {
                            values.forEach(value -> forward.header(name, value));
                        }
                    });
                    int status;
                    byte[] answer;
                    try {
                        HttpResponse<byte[]> response = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
                        status = response.statusCode();
                        answer = response.body();
                        forwardedTo.add(target);
                    } catch (IOException | InterruptedException gone) {
                        status = 502;
                        answer = new byte[0];
                    }
                    exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
                    exchange.getResponseBody().write(answer);
                }
            });
            server.start();
        }

        void add(String target) {
            targets.add(target);
        }

        Set<String> forwardedTo() {
            return forwardedTo;
        }

        @Override
        public void close() {
            server.stop(0);
            ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
        }
    }

    @Test
    void sigtermUnderLoadExitsInTimeLeavesNothingInHandAndLosesNothing() throws Exception {
        luckey.setLatency(Duration.ofMillis(20));
        BridgeProcess first = BridgeProcess.start(folder, settings(Map.of())).awaitReady(Duration.ofSeconds(60));
        members(150);
        await(Duration.ofSeconds(60), () -> luckey.writes() >= 40);

        Duration stop = first.terminate(Duration.ofSeconds(45));

        assertThat(stop).as("within the 10 s shutdown timeout").isLessThan(Duration.ofSeconds(15));
        assertThat(db.query("select 1 from inbox where status = 'processing'")).isEmpty();
        assertThat(db.query("select 1 from sync_queue where claimed_by is not null")).isEmpty();
        String stopping = first.log().substring(first.log().lastIndexOf("Stopping: new webhooks are answered 503"));
        assertThat(stopping).doesNotContain("\tat ");
        try (BridgeProcess second = BridgeProcess.start(folder, settings(Map.of())).awaitReady(Duration.ofSeconds(60))) {
            awaitConverged(150, Duration.ofSeconds(60), second);
            assertExactlyOnce(150);
        }
    }

    @Test
    void sigtermDuringASpacebringRetryStormEndsInTimeAndTheRestartAppliesEverything() throws Exception {
        BridgeProcess first = BridgeProcess.start(folder, settings(Map.of("SPACEBRING_RETRY_INITIAL_DELAY_MS", "2000")))
                .awaitReady(Duration.ofSeconds(60));
        spacebring.failNext(100_000);
        members(20);
        await(Duration.ofSeconds(30), () -> first.log().contains("tried again (retry 2 of"));

        Duration stop = first.terminate(Duration.ofSeconds(45));

        assertThat(stop).as("retries cut short: within the 10 s shutdown timeout").isLessThan(Duration.ofSeconds(15));
        assertThat(db.query("select 1 from inbox where status not in ('pending', 'done', 'ignored')")).as("nothing failed, nothing claimed")
                .isEmpty();
        spacebring.failNext(0);
        try (BridgeProcess second = BridgeProcess.start(folder, settings(Map.of())).awaitReady(Duration.ofSeconds(60))) {
            awaitConverged(20, Duration.ofSeconds(60), second);
            assertExactlyOnce(20);
        }
    }

    @Test
    void postgresAwayFor30sUnderLoadAnswers503ThenAppliesEverythingWithoutARestart() throws Exception {
        try (BridgeProcess bridge = BridgeProcess.start(folder, settings(Map.of())).awaitReady(Duration.ofSeconds(60))) {
            members(20);
            await(Duration.ofSeconds(30), () -> luckey.tagMembers(HOT_DESK).size() == 20);
            int logLines = bridge.log().split("\n").length;

            db.stop();
            Instant stopped = Instant.now();
            try {
                for (int i = 20; Duration.between(stopped, Instant.now()).compareTo(Duration.ofSeconds(30)) < 0; i++) {
                    String member = spacebring.inviteMember(location, "m" + i + "@example.com", "Member", String.valueOf(i));
                    spacebring.createSubscription(NewSubscription.forMember(location, member, plan, Instant.now().minus(Duration.ofDays(1)), null));
                    Thread.sleep(1_000);
                }
                assertThat(spacebring.deliveries()).anySatisfy(d -> assertThat(d.status()).isEqualTo(503));
                assertThat(bridge.health("/observe/health/ready").statusCode()).isEqualTo(503);
            } finally {
                db.start();
            }
            int members = (int) spacebring.deliveries().stream().filter(d -> d.body().contains("membership.invited")).map(d -> d.body())
                    .distinct().count();

            awaitConverged(members, Duration.ofSeconds(60), bridge);
            assertExactlyOnce(members);
            List<String> outage = List.of(bridge.log().split("\n")).subList(logLines, bridge.log().split("\n").length);
            Map<String, Long> byKind = outage.stream().map(line -> line.replaceFirst("^\\S+ +\\S+ +\\[[^]]*\\] +", "")
                    .replaceAll("[0-9a-f-]{8,}|\\d+", "N")).map(line -> line.substring(0, Math.min(70, line.length())))
                    .collect(java.util.stream.Collectors.groupingBy(line -> line, java.util.stream.Collectors.counting()));
            assertThat(outage.size()).as("one line per problem and timer, not a stack trace per tick: %s", byKind.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8).toList()).isLessThan(400);
            assertThat(bridge.log()).contains("works again after");
        }
    }

    @Test
    void postgresAwayFor30sInTheMiddleOfABurstAPollAndAScheduleTickEveryJobRunsAgainAndEverythingIsAppliedOnce() throws Exception {
        // A slow Spacebring (5 requests a second) keeps the burst's lookups and each poll going while the database goes away
        Map<String, String> jobs = Map.of("POLL_FIRST_DELAY_MS", "1000", "POLL_INTERVAL_MS", "3000", "JOBS_CHECK_MS", "500",
                "SCHEDULE_TICK_MS", "2000", "SPACEBRING_REQUESTS_PER_SECOND", "5");
        try (BridgeProcess bridge = BridgeProcess.start(folder, settings(jobs)).awaitReady(Duration.ofSeconds(60))) {
            await(Duration.ofSeconds(30), () -> spacebring.pollsBegun() >= 1);
            members(40);
            await(Duration.ofSeconds(30), () -> luckey.writes() >= 5);

            db.stop();
            Instant stopped = Instant.now();
            try {
                await(Duration.ofSeconds(40), () -> Duration.between(stopped, Instant.now()).compareTo(Duration.ofSeconds(30)) >= 0);
            } finally {
                db.start();
            }
            int pollsBefore = spacebring.pollsBegun();

            await(Duration.ofSeconds(30), () -> spacebring.pollsBegun() >= pollsBefore + 2);
            await(Duration.ofSeconds(30), () -> db.query("""
                    select job from job_lease where job in ('poll:default', 'schedule:default')
                    and started_at < now() - interval '15 seconds'""").isEmpty());
            awaitConverged(40, Duration.ofSeconds(90), bridge);
            assertExactlyOnce(40);
            assertThat(db.query("select 1 from inbox where status = 'failed'")).as("acknowledged means applied").isEmpty();
        }
    }

    @Test
    void noSecretReachesTheLogEvenAtTrace() throws Exception {
        try (BridgeProcess bridge = BridgeProcess.start(folder, settings(Map.of("LOG_LEVEL", "TRACE", "DB_PASSWORD", "db-chaos-pass-9753")))
                .awaitReady(Duration.ofSeconds(90))) {
            members(2);
            await(Duration.ofSeconds(60), () -> luckey.tagMembers(HOT_DESK).size() == 2);
            bridge.terminate(Duration.ofSeconds(45));

            String log = bridge.log();
            assertThat(log.length()).as("TRACE really logs").isGreaterThan(100_000);
            assertThat(log).doesNotContain(SB_SECRET).doesNotContain(LUCKEY_SECRET).doesNotContain("db-chaos-pass-9753")
                    .doesNotContain(RunningBridge.SECRET.substring("whsec_".length()))
                    .doesNotContain(Base64.getEncoder().encodeToString(("chaos-sb:" + SB_SECRET).getBytes()));
            assertThat(luckey.issuedTokens()).isNotEmpty().allSatisfy(token -> assertThat(log).doesNotContain(token));
        }
    }
}
