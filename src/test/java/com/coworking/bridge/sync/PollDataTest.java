package com.coworking.bridge.sync;

import static com.coworking.bridge.support.SandboxWorld.PLAN_TAG_PREFIX;
import static com.coworking.bridge.support.SandboxWorld.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.coworking.bridge.sandbox.SpacebringSimulator.NewSubscription;
import com.coworking.bridge.support.SandboxWorld;

/** Data as Spacebring may really send it: every date form, a row listed twice, one value nobody can read. */
class PollDataTest {

    private static final String HOT_DESK = PLAN_TAG_PREFIX + "Hot desk";
    private SandboxWorld world;

    @AfterEach
    void stop() throws Exception {
        world.close();
    }

    @Test
    void aPollOverEveryDateFormADuplicateAndOneUnreadableValueCompletesAndMarksOneRow() throws Exception {
        world = SandboxWorld.withoutWebhooks(Map.of("bridge.poll.first-delay-ms", "3600000", "bridge.poll.interval-ms", "3600000"));
        String plan = world.spacebring.createPlan(world.location, "Hot desk");
        List<String> starts = List.of("2020-01-01+01:00", "2020-01-01T10:00:00", "2020-01-01T10:00:00+0000",
                "2020-01-01T10:00:00+01:00[Europe/Rome]", "2020-01-01", "2020-01-01T10:00:00.123Z", "01/01/2020");
        String[] subscriptions = new String[starts.size()];
        for (int i = 0; i < starts.size(); i++) {
            String member = world.spacebring.inviteMember(world.location, "m" + i + "@example.com", "M", String.valueOf(i));
            subscriptions[i] = world.spacebring.createSubscription(NewSubscription.forMember(world.location, member, plan,
                    Instant.now().minus(Duration.ofDays(1)), null));
            world.spacebring.rewriteSubscription(subscriptions[i], "startDate", starts.get(i));
        }
        world.spacebring.listTwice(subscriptions[0]);
        world.restartBridgeWith(Map.of("bridge.poll.first-delay-ms", "200"));

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                !world.db.query("select 1 from poll_run where finished_at is not null").isEmpty());

        assertThat((String) world.db.query("select outcome from poll_run").get(0).get("outcome"))
                .startsWith("complete").contains("1 unreadable");
        eventually(() -> world.luckey.tagMembers(HOT_DESK).size() == 6);
        assertThat(world.luckey.tagMembers(HOT_DESK)).doesNotContain("m6@example.com");
        assertThat(world.db.query("select kind, id from sb_unreadable"))
                .containsExactly(Map.of("kind", "subscription", "id", subscriptions[6]));
        assertThat(world.db.query("select result, detail from audit_log where action = 'read'")).singleElement()
                .satisfies(row -> assertThat((String) row.get("detail")).contains("01/01/2020"));
        assertThat(world.db.query("select action, tag_key from dead_letter"))
                .containsExactly(Map.of("action", "read", "tag_key", "subscription:" + subscriptions[6]));
        // Berlin, the location's zone, is at +01:00 in January: a local date-time and a bare date are read there
        assertThat(start(subscriptions[1])).isEqualTo(Instant.parse("2020-01-01T09:00:00Z"));
        assertThat(start(subscriptions[4])).isEqualTo(Instant.parse("2019-12-31T23:00:00Z"));
        assertThat(start(subscriptions[2])).isEqualTo(Instant.parse("2020-01-01T10:00:00Z"));
    }

    private Instant start(String subscription) {
        return ((Timestamp) world.db.query("select start_date from sb_subscription where id = '" + subscription + "'").get(0)
                .get("start_date")).toInstant();
    }
}
