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

import com.coworking.bridge.support.SandboxWorld;

/**
 * The poll as a job shared by several bridges on one database, through the real poll route and the Spacebring
 * simulator: another live bridge holding the job keeps this one from polling; when that bridge stops beating in the
 * middle of a poll, this one takes the job over within the dead-after time; and runs stay an interval apart.
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

        // Another bridge, alive, started a poll that is now due again - this bridge must keep off it
        String other = UUID.randomUUID().toString();
        world.db.execute("insert into bridge_instance (id, host, pid) values ('" + other + "', 'other-host', 1)");
        world.db.execute("update job_lease set holder = '" + other + "', started_at = now() - interval '2 hours', finished_at = null"
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

    /** Ticks of the poll route's timer, whether the lease let them poll or not. */
    private long pollTicks() {
        return world.bridge().camel().getCamelContextExtension().getContextPlugin(ManagedCamelContext.class)
                .getManagedRoute("spacebring-poll-default").getExchangesTotal();
    }

    private long polls() {
        return world.spacebring.pollsBegun();
    }
}
