package com.coworking.bridge.poll;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import com.coworking.bridge.link.Link;
import com.coworking.bridge.link.Links;
import com.coworking.bridge.support.RunningBridge;
import com.coworking.bridge.support.TestDatabase;

/** What a complete poll treats as gone, on the bridge's own bean and a real PostgreSQL. */
class PollSweepTest {

    private final TestDatabase db = TestDatabase.shared();

    @Test
    void onlyRowsUnlistedAndUnchangedSinceThePollStartedAreGone() throws Exception {
        // Memberships, and the confirmed bookings of the poll's range
        // The link disabled: the access sync would otherwise take the queued user before the test reads the queue
        try (RunningBridge bridge = RunningBridge.start(Map.of("bridge.link.location-ref", "loc-1", "bridge.link.enabled", "false",
                "bridge.poll.first-delay-ms", "3600000", "bridge.schedule.tick-ms", "3600000"))) {
            db.truncateAll();
            long pollId = (Long) db.query("insert into poll_run (location_ref, full_sync, started_at) "
                    + "values ('loc-1', false, now() - interval '1 minute') returning id").get(0).get("id");
            db.execute("insert into sb_membership (id, user_ref, location_ref, status, updated_at) values "
                    + "('listed', 'u-listed', 'loc-1', 'approved', now() - interval '2 hours'), "
                    + "('unlisted', 'u-unlisted', 'loc-1', 'approved', now() - interval '1 hour'), "
                    + "('from-a-webhook', 'u-webhook', 'loc-1', 'approved', now()), "
                    + "('elsewhere', 'u-elsewhere', 'loc-2', 'approved', now() - interval '1 hour')");
            db.execute("insert into sb_resource (id, location_ref, title, updated_at) values ('room', 'loc-1', 'Room', now() - interval '2 hours')");
            db.execute("insert into sb_booking (id, resource_ref, location_ref, start_date, end_date, confirmed, updated_at) values "
                    + "('b-listed', 'room', 'loc-1', now(), now() + interval '1 hour', true, now() - interval '2 hours'), "
                    + "('b-unlisted', 'room', 'loc-1', now(), now() + interval '1 hour', true, now() - interval '1 hour'), "
                    + "('b-from-a-webhook', 'room', 'loc-1', now(), now() + interval '1 hour', true, now()), "
                    + "('b-out-of-range', 'room', 'loc-1', now() + interval '30 days', now() + interval '31 days', true, now() - interval '1 hour')");
            // What the poll listed, unchanged since: noted, not rewritten
            db.execute("insert into poll_seen (poll_id, kind, id) values (" + pollId + ", 'membership', 'listed'), (" + pollId
                    + ", 'resource', 'room'), (" + pollId + ", 'booking', 'b-listed')");
            db.execute("insert into sb_booking_person (booking_id, user_ref, role) values ('b-unlisted', 'u-booker', 'owner'), "
                    + "('b-from-a-webhook', 'u-webhook-booker', 'owner')");

            Link link = bridge.camel().getRegistry().lookupByNameAndType("links", Links.class).named(Links.DEFAULT);
            bridge.camel().getRegistry().lookupByNameAndType("pollRun", PollRun.class)
                    .complete(new PollPass(pollId, link, false, new PollProgress(bridge.camel().getRegistry()
                            .lookupByNameAndType("dataSource", DataSource.class), link.name(), "loc-1"), Runnable::run, java.time.Instant.now().minusSeconds(86_400),
                            java.time.Instant.now().plusSeconds(86_400)));

            assertThat(db.query("select id from sb_membership where gone_at is not null order by id"))
                    .containsExactly(Map.of("id", "unlisted"));
            assertThat(db.query("select id from sb_booking where not confirmed order by id")).containsExactly(Map.of("id", "b-unlisted"));
            assertThat(db.query("select * from sb_resource where gone_at is not null")).isEmpty();
            assertThat(db.query("select * from poll_seen")).as("cleared once swept").isEmpty();
            assertThat(db.query("select user_ref from sync_queue order by user_ref"))
                    .containsExactly(Map.of("user_ref", "u-booker"), Map.of("user_ref", "u-unlisted"));
        }
    }
}
