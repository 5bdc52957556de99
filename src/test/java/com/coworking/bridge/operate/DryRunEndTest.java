package com.coworking.bridge.operate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.coworking.bridge.instance.BridgeInstance;
import com.coworking.bridge.link.Link;
import com.coworking.bridge.link.Links;
import com.coworking.bridge.support.RunningBridge;
import com.coworking.bridge.support.TestDatabase;
import com.coworking.bridge.sync.SyncQueue;

/**
 * Dry run ending while a user is being planned: whichever comes first, the hold or the end of dry run, the user is
 * reconciled for real afterwards and never held for good. The user's row is claimed by this bridge, as during a run.
 */
class DryRunEndTest {

    private final TestDatabase db = TestDatabase.shared();
    private RunningBridge bridge;
    private Link link;
    private SyncQueue queue;
    private LinkOperations operations;

    @BeforeEach
    void aUserClaimedWhileInDryRun() throws Exception {
        bridge = RunningBridge.start(Map.of("bridge.link.location-ref", "loc-1", "bridge.poll.first-delay-ms", "3600000",
                "bridge.schedule.tick-ms", "3600000"));
        // Not truncateAll: this bridge's row in bridge_instance is what keeps its claim from being taken over
        db.execute("delete from sync_queue; delete from link_control");
        link = bridge.camel().getRegistry().lookupByNameAndType("links", Links.class).named(Links.DEFAULT);
        queue = bridge.camel().getRegistry().lookupByNameAndType("syncQueue", SyncQueue.class);
        operations = bridge.camel().getRegistry().lookupByNameAndType("linkOperations", LinkOperations.class);
        String instance = bridge.camel().getRegistry().lookupByNameAndType("bridgeInstance", BridgeInstance.class).getId();
        operations.dryRun(link, true, "test");
        db.execute("insert into sync_queue (link, user_ref, reason, claimed_at, claimed_by) values ('default', 'u-1', 'test', now(), '"
                + instance + "')");
    }

    @AfterEach
    void stop() throws Exception {
        bridge.close();
    }

    @Test
    void aHoldAfterDryRunEndedLeavesTheUserDueNow() {
        operations.dryRun(link, false, "test");

        queue.holdForDryRun(link, "u-1", 1);

        assertThat(queued()).containsExactly(Map.of("due", true,
                "last_error", "dry run ended while the user was planned: reconciled again"));
    }

    @Test
    void aHoldBeforeDryRunEndsIsReleasedByTheEnd() {
        queue.holdForDryRun(link, "u-1", 1);
        assertThat(queued()).containsExactly(Map.of("due", false, "last_error", "dry run: waiting to be written when dry run ends"));

        assertThat(operations.dryRun(link, false, "test")).contains("1 user(s) held by the dry run are reconciled now");

        assertThat(db.query("select due_at <= now() as due, last_error is null as cleared from sync_queue where user_ref = 'u-1'"))
                .containsExactly(Map.of("due", true, "cleared", true));
    }

    @Test
    void aUserMarkedAgainDuringTheRunIsNotHeldSoTheNewerChangeIsPlanned() {
        db.execute("update sync_queue set version = 2 where user_ref = 'u-1'");

        queue.holdForDryRun(link, "u-1", 1);

        assertThat(db.query("select due_at <= now() as due, last_error is null as cleared from sync_queue where user_ref = 'u-1'"))
                .containsExactly(Map.of("due", true, "cleared", true));
    }

    private List<Map<String, Object>> queued() {
        return db.query("select due_at <= now() as due, last_error from sync_queue where user_ref = 'u-1'");
    }
}
