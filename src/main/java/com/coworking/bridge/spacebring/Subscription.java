package com.coworking.bridge.spacebring;

import static com.coworking.bridge.base.JsonFields.firstOf;
import static com.coworking.bridge.base.JsonFields.text;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Spacebring subscription as the bridge uses it, read from the JSON of the REST API (one subscription, or
 * an element of a list page) - the one place that knows its shape: {@code subscriptionType} or
 * {@code customer.type}; user and company from {@code userRef}/{@code companyRef} or {@code customer};
 * plans from {@code items[].planRef} or {@code items[].plan.id}.
 */
public record Subscription(String id, String locationRef, String type, String userRef, String companyRef,
                           String membershipRef, String status, Instant startDate, Instant endDate, Instant deleteDate,
                           List<Item> items) {

    /** One item: its plan (and the plan's title when the answer carries it) and its own dates, if any. */
    public record Item(String id, String planRef, String planTitle, Instant startDate, Instant endDate) {
    }

    /**
     * @param locationZone the location's zone, for dates without an offset (a subscription's own
     *                     {@code timezoneId} wins)
     */
    public static Subscription read(JsonNode s, ZoneId locationZone) throws UnreadableValue {
        String id = text(s, "id");
        if (!SpacebringIds.isId(id)) {
            throw new UnreadableValue("subscription id " + SpacebringIds.shown(id) + " is not a UUID");
        }
        ZoneId zone = SpacebringDates.zone(text(s, "timezoneId"), locationZone);
        JsonNode customer = s.path("customer");
        String type = firstOf(text(s, "subscriptionType"), text(customer, "type"));
        String userRef = firstOf(text(s, "userRef"),
                "user".equals(type) ? firstOf(text(customer.path("user"), "id"), text(customer, "id")) : null);
        String companyRef = firstOf(text(s, "companyRef"), "company".equals(type) ? text(customer, "id") : null);
        List<Item> items = new ArrayList<>();
        for (JsonNode item : s.path("items")) {
            try {
                items.add(new Item(text(item, "id"), firstOf(text(item, "planRef"), text(item.path("plan"), "id")),
                        text(item.path("plan"), "title"), SpacebringDates.parse(item.get("startDate"), zone),
                        SpacebringDates.parse(item.get("endDate"), zone)));
            } catch (UnreadableValue e) {
                throw new UnreadableValue("subscription " + id + ", item " + text(item, "id") + ": " + e.getMessage());
            }
        }
        try {
            return new Subscription(id, text(s, "locationRef"), type, userRef, companyRef, text(s, "membershipRef"),
                    text(s, "status"), SpacebringDates.parse(s.get("startDate"), zone), SpacebringDates.parse(s.get("endDate"), zone),
                    SpacebringDates.parse(s.get("deleteDate"), zone), List.copyOf(items));
        } catch (UnreadableValue e) {
            throw new UnreadableValue("subscription " + id + ": " + e.getMessage());
        }
    }

    /** The items in one comparable string, so a poll can tell a changed subscription. */
    public String itemsSignature() {
        return items.stream().map(i -> i.planRef() + "|" + i.startDate() + "|" + i.endDate()).sorted()
                .reduce((a, b) -> a + ";" + b).orElse("");
    }
}
