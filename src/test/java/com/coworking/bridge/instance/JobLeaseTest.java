package com.coworking.bridge.instance;

import static com.coworking.bridge.support.SandboxWorld.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.camel.api.management.ManagedCamelContext;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.coworking.bridge.support.LogLines;
import com.coworking.bridge.support.SandboxWorld;

/**
 * The poll as a job shared by several bridges on one database, through the real poll route and the Spacebring
 * simulator: another live bridge holding the job keeps this one from polling; when that bridge stops beating in the
 * middle of a poll, this one takes the job over within the dead-after time; and runs stay an interval apart. A lease is
 * never lost for good: one this bridge could not give back, or one held past its interval, is taken at the next tick.
 */
class JobLeaseTest {

    private SandboxWorld world;

    @AfterEach
    void stop() throws Exception {
        world.close();
    }

    @Test
    void aJobHeldByALiveBridgeWaitsAndMovesHereWhenThatBridgeDiesMidRun() throws Exception {
        world = SandboxWorld.withoutWebhooks(Map.of("bridge.poll.first-delay-ms", "200", "bridge.poll.interval-ms", "3600000",
                "bridge.instance.dead-after-ms", "3000"));
        // The first poll ran and gave the job back
        eventually(() -> world.db.query("select holder from job_lease where job = 'poll:default'")
                .equals(List.of(Collections.singletonMap("holder", null))));
        assertThat(polls()).isEqualTo(1);

        // Another bridge, alive, started a poll that is now due again (but not held past its interval) - this bridge must keep off it
        String other = UUID.randomUUID().toString();
        world.db.execute("insert into bridge_instance (id, host, pid) values ('" + other + "', 'other-host', 1)");
        world.db.execute("update job_lease set holder = '" + other + "', started_at = now() - interval '55 minutes', finished_at = null"
                + " where job = 'poll:default'");
        final long held = pollTicks();
        while (pollTicks() < held + 20) {
            world.db.execute("update bridge_instance set heartbeat_at = now() where id = '" + other + "'");
            Thread.sleep(100);
        }
        assertThat(polls()).as("no poll in 20 ticks while a live bridge holds the job").isEqualTo(1);

        // That bridge stops beating: the job moves here within the dead-after time (3 s) and a tick or two
        long died = System.nanoTime();
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> polls() == 2);
        assertThat(Duration.ofNanos(System.nanoTime() - died)).isLessThan(Duration.ofSeconds(6));

        // Done here; the next run waits out the interval
        eventually(() -> !world.db.query("select 1 from job_lease where job = 'poll:default' and holder is null").isEmpty());
        long done = pollTicks();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> pollTicks() >= done + 10);
        assertThat(polls()).as("runs stay an interval apart").isEqualTo(2);
    }

    @Test
    void aLeaseThisBridgeCouldNotGiveBackOrOneHeldPastItsIntervalIsTakenAtTheNextTick() throws Exception {
        world = SandboxWorld.withoutWebhooks(Map.of("bridge.poll.first-delay-ms", "200", "bridge.poll.interval-ms", "600000",
                "bridge.instance.dead-after-ms", "3000"));
        eventually(() -> world.db.query("select holder from job_lease where job = 'poll:default'")
                .equals(List.of(Collections.singletonMap("holder", null))));
        String self = world.bridge().camel().getRegistry().lookupByNameAndType("bridgeInstance", BridgeInstance.class).getId();

        // As a release that met a database outage leaves it: this bridge named as holder, though it runs nothing
        LogLines log = LogLines.of(JobLease.class.getName());
        world.db.execute("update job_lease set holder = '" + self + "', started_at = now() - interval '10 minutes', finished_at = null"
                + " where job = 'poll:default'");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> polls() == 2);
        eventually(() -> !world.db.query("select 1 from job_lease where job = 'poll:default' and holder is null").isEmpty());
        assertThat(log.warnings(JobLease.class.getName())).anySatisfy(line -> assertThat(line)
                .startsWith("Job poll:default: its last run here could not give the lease back"));
        log.close();

        // A live bridge that has held it past its interval and the dead-after time (its run hangs)
        String other = UUID.randomUUID().toString();
        world.db.execute("insert into bridge_instance (id, host, pid) values ('" + other + "', 'other-host', 1)");
        world.db.execute("update job_lease set holder = '" + other + "', started_at = now() - interval '11 minutes', finished_at = null"
                + " where job = 'poll:default'");
        long held = System.nanoTime();
        while (polls() < 3 && System.nanoTime() - held < Duration.ofSeconds(10).toNanos()) {
            world.db.execute("update bridge_instance set heartbeat_at = now() where id = '" + other + "'");
            Thread.sleep(100);
        }
        assertThat(polls()).as("taken from a live holder past its interval").isEqualTo(3);
    }

    @Test
    void aDatabaseOutageInTheMiddleOfAPollLeavesNoLeaseBehind() throws Exception {
        // Spacebring's first answers fail, so the poll waits out retries (1 s, then 2 s) while the database goes away
        world = SandboxWorld.withoutWebhooks(Map.of("bridge.poll.first-delay-ms", "200", "bridge.poll.interval-ms", "2000",
                "bridge.jobs.check-ms", "200", "spacebring.retry.initial-delay-ms", "1000"));
        world.spacebring.failNext(2);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> polls() >= 1);
        world.db.stop();
        try {
            Thread.sleep(5000);
        } finally {
            world.db.start();
        }
        long before = polls();
        Awaitility.await("polls run again within an interval or two of the database's return").atMost(Duration.ofSeconds(20))
                .until(() -> polls() >= before + 2);
        eventually(() -> !world.db.query("select 1 from job_lease where job = 'poll:default' and holder is null").isEmpty());
    }

    /** Ticks of the poll route's timer, whether the lease let them poll or not. */
    private long pollTicks() {
        return world.bridge().camel().getCamelContextExtension().getContextPlugin(ManagedCamelContext.class)
                .getManagedRoute("spacebring-poll-default").getExchangesTotal();
    }

    private long polls() {
        return world.spacebring.pollsBegun();
    }
}
