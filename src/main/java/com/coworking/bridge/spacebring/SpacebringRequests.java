package com.coworking.bridge.spacebring;

import com.fasterxml.jackson.databind.JsonNode;

import com.coworking.bridge.http.HttpCall;
import com.coworking.bridge.http.Requests;

/**
 * Requests to Spacebring's REST API, as the bean {@code spacebring} in the routes. Every id that goes into a
 * path must be a UUID, since ids come from webhook bodies; lists ask for 100 rows a page of one location.
 */
public final class SpacebringRequests extends Requests {

    public SpacebringRequests() {
        super(SpacebringIds::require);
    }

    /** First page of a list of the location (100 rows a page, the most Spacebring gives). */
    public HttpCall list(String path, String locationRef) {
        return get(path).withQuery("locationRef", SpacebringIds.require(locationRef)).withQuery("limit", "100");
    }

    public HttpCall list(String path, String locationRef, String name, String value) {
        return list(path, locationRef).withQuery(name, value);
    }

    /**
     * A booking has no status: it is confirmed when the list of its resource's bookings with the statuses that open a
     * door, at its start, holds it. Occurrences of repeating bookings are listed one by one.
     */
    public HttpCall bookingsAt(String resourceRef, JsonNode bookingAnswer, String statuses) {
        String start = bookingAnswer.path("booking").path("startDate").asText();
        return get("/resources/bookings/v1").withQuery("resourceRef", SpacebringIds.require(resourceRef)).withQuery("status", statuses)
                .withQuery("singleBookings", "true").withQuery("startDate[gte]", start).withQuery("startDate[lte]", start)
                .withQuery("limit", "100");
    }
}
