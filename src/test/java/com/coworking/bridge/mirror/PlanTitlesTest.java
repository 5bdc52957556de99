package com.coworking.bridge.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import com.coworking.bridge.support.RunningBridge;
import com.coworking.bridge.support.TestDatabase;

/**
 * A plan created after the poll read the plan list, and sold in the same poll: the subscriptions page names it, so its
 * tag gets the plan's title, not its id. On the bridge's own bean and a real PostgreSQL.
 */
class PlanTitlesTest {

    private static final String PLAN = "7f3c2a90-0000-4000-8000-000000000001";
    private final TestDatabase db = TestDatabase.shared();

    @Test
    void aSubscriptionsPageNamesThePlansItCarries() throws Exception {
        try (RunningBridge bridge = RunningBridge.start(Map.of("bridge.link.location-ref", "4fe78c00-0000-4000-8000-000000000009",
                "bridge.poll.first-delay-ms", "3600000", "bridge.schedule.tick-ms", "3600000"))) {
            db.execute("delete from sb_plan; insert into sb_plan (id, location_ref, title) values "
                    + "('7f3c2a90-0000-4000-8000-000000000002', '4fe78c00-0000-4000-8000-000000000009', 'Kept')");
            JsonNode page = new ObjectMapper().readTree("""
                    [{"id": "5a1b2c3d-0000-4000-8000-000000000001", "locationRef": "4fe78c00-0000-4000-8000-000000000009",
                      "status": "active", "startDate": "2026-11-01T00:00:00Z", "subscriptionType": "user",
                      "userRef": "9e8d7c6b-0000-4000-8000-000000000001", "membershipRef": "1a2b3c4d-0000-4000-8000-000000000001",
                      "items": [{"planRef": "%s", "plan": {"id": "%s", "title": "Night owl"}},
                                {"planRef": "7f3c2a90-0000-4000-8000-000000000002", "plan": {"id": "7f3c2a90-0000-4000-8000-000000000002"}}]}]
                    """.formatted(PLAN, PLAN));
            List<JsonNode> subscriptions = List.of(page.get(0));
            Mirror mirror = bridge.camel().getRegistry().lookupByNameAndType("mirror", Mirror.class);
            Map<String, String> writtenThisPoll = new HashMap<>();

            mirror.savePlanTitles(subscriptions, writtenThisPoll);

            assertThat(db.query("select id, title from sb_plan order by title")).containsExactly(
                    Map.of("id", "7f3c2a90-0000-4000-8000-000000000002", "title", "Kept"),
                    Map.of("id", PLAN, "title", "Night owl"));
            assertThat(writtenThisPoll).containsExactly(Map.entry(PLAN, "Night owl"));
        }
    }

    @Test
    void aPollWritesEachTitleOnceAndAgainOnlyWhenAPageCarriesAnother() throws Exception {
        try (RunningBridge bridge = RunningBridge.start(Map.of("bridge.link.location-ref", "4fe78c00-0000-4000-8000-000000000009",
                "bridge.poll.first-delay-ms", "3600000", "bridge.schedule.tick-ms", "3600000"))) {
            db.execute("delete from sb_plan");
            Mirror mirror = bridge.camel().getRegistry().lookupByNameAndType("mirror", Mirror.class);
            Map<String, String> writtenThisPoll = new HashMap<>();
            mirror.savePlanTitles(page("Night owl"), writtenThisPoll);
            // A marker only a new statement would overwrite
            db.execute("update sb_plan set title = 'marker'");

            mirror.savePlanTitles(page("Night owl"), writtenThisPoll);
            assertThat(db.query("select title from sb_plan")).as("the same title on a later page: no statement")
                    .containsExactly(Map.of("title", "marker"));

            mirror.savePlanTitles(page("Night owl, renamed"), writtenThisPoll);
            assertThat(db.query("select title from sb_plan")).containsExactly(Map.of("title", "Night owl, renamed"));

            db.execute("update sb_plan set title = 'marker'");
            mirror.savePlanTitles(page("Night owl, renamed"), new HashMap<>());
            assertThat(db.query("select title from sb_plan")).as("the next poll writes it again")
                    .containsExactly(Map.of("title", "Night owl, renamed"));
        }
    }

    private static List<JsonNode> page(String planTitle) throws Exception {
        return List.of(new ObjectMapper().readTree("""
                {"id": "5a1b2c3d-0000-4000-8000-000000000001", "locationRef": "4fe78c00-0000-4000-8000-000000000009",
                 "items": [{"planRef": "%s", "plan": {"id": "%s", "title": "%s"}}]}""".formatted(PLAN, PLAN, planTitle)));
    }
}
