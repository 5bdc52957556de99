package com.coworking.bridge.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.coworking.bridge.link.Link;
import com.coworking.bridge.link.Links;
import com.coworking.bridge.support.RunningBridge;
import com.coworking.bridge.support.TestDatabase;

/**
 * Drift repair compares what it read from a tag with what the bridge recorded. A grant confirmed while the tag was
 * being read may be missing from the read: it is not drift. On the bridge's own bean and a real PostgreSQL.
 */
class DriftCheckTest {

    private final TestDatabase db = TestDatabase.shared();

    @Test
    void onlyMembersConfirmedBeforeTheReadBeganAreMissedAsDrift() throws Exception {
        try (RunningBridge bridge = RunningBridge.start(Map.of("bridge.link.location-ref", "loc-1", "bridge.drift.interval-ms", "3600000",
                "bridge.poll.first-delay-ms", "3600000", "bridge.schedule.tick-ms", "3600000"))) {
            db.execute("delete from luckey_tag_member; delete from luckey_user; delete from audit_log; delete from sync_queue");
            db.execute("insert into luckey_user (link, user_ref, luckey_user_id, email, name, surname) values "
                    + "('default', 'u-old', 'l-old', 'old@example.com', 'Old', 'Member'), "
                    + "('default', 'u-new', 'l-new', 'new@example.com', 'New', 'Member')");
            db.execute("insert into luckey_tag_member (link, user_ref, tag_key, confirmed_at) values "
                    + "('default', 'u-old', 'plan:p-1', now() - interval '1 minute')");
            Link link = bridge.camel().getRegistry().lookupByNameAndType("links", Links.class).named(Links.DEFAULT);
            DriftCheck drift = bridge.camel().getRegistry().lookupByNameAndType("driftCheck", DriftCheck.class);
            Map<String, Object> tag = Map.of("tag_key", "plan:p-1", "name", "Spacebring plan: Hot desk", "luckey_tag_id", "t-1");

            drift.begin(link, tag);
            // The tag's pages are read; meanwhile a grant to u-new is confirmed, and the read (empty) never shows it
            db.execute("insert into luckey_tag_member (link, user_ref, tag_key) values ('default', 'u-new', 'plan:p-1')");
            drift.observe(Map.of("users", java.util.List.of()), link, tag);
            drift.compare(link, tag);

            assertThat(db.query("select user_ref from audit_log where result like 'drift%' order by user_ref"))
                    .containsExactly(Map.of("user_ref", "u-old"));
            assertThat(db.query("select user_ref from luckey_tag_member")).containsExactly(Map.of("user_ref", "u-new"));
        }
    }
}
