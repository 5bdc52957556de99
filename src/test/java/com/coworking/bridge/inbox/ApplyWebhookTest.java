package com.coworking.bridge.inbox;

import static com.coworking.bridge.support.SandboxWorld.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.coworking.bridge.support.SandboxWorld;

/** apply-webhook dispatches on the event family intake stored; what names nothing to look up is audited as ignored. */
class ApplyWebhookTest {

    private SandboxWorld world;

    @AfterEach
    void stop() throws Exception {
        world.close();
    }

    @Test
    void aWebhookOfAKnownFamilyThatNamesNothingToLookUpIsIgnoredWithItsReason() throws Exception {
        world = SandboxWorld.start();
        int requestsBefore = world.spacebring.requests().size();

        world.spacebring.deliver("msg_no_user", """
                {"type": "membership.invited", "membership": {"id": "6f1f4a3e-1111-4222-8333-944455556666",
                 "locationRef": "%s"}}""".formatted(world.location));
        world.spacebring.deliver("msg_company", """
                {"type": "company.updated", "company": {"id": "7a2b3c4d-1111-4222-8333-944455556666",
                 "locationRef": "%s", "title": "Acme"}}""".formatted(world.location));

        eventually(() -> world.db.query("select 1 from inbox where status in ('pending', 'processing')").isEmpty());
        List<Map<String, Object>> rows = world.db.query("select svix_id, event_family, status, reason from inbox order by id");
        assertThat(rows).extracting(row -> row.get("event_family")).containsExactly("membership", "company");
        assertThat(rows.get(0)).containsEntry("status", "ignored").containsEntry("reason", "names nothing to look up");
        assertThat(rows.get(1)).containsEntry("status", "done");
        assertThat(world.spacebring.requests().subList(requestsBefore, world.spacebring.requests().size()))
                .as("the company is looked up, the membership without a user is not")
                .anyMatch(request -> request.contains("/companies/v1/7a2b3c4d-1111-4222-8333-944455556666"))
                .noneMatch(request -> request.contains("/community/memberships/v1"));
    }
}
