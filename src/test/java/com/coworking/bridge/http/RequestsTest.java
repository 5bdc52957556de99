package com.coworking.bridge.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import com.coworking.bridge.spacebring.SpacebringRequests;

/** What comes from a webhook is data: it never adds a segment, a query or a fragment to a request path. */
class RequestsTest {

    private final Requests luckey = new Requests(id -> id);
    private final SpacebringRequests spacebring = new SpacebringRequests();

    @ParameterizedTest
    @ValueSource(strings = {"../../locations/v1", "a?b=c", "x%2Fy", "..", "a/b", "a#b", "a b"})
    void aValueStaysOneEncodedPathSegment(String value) {
        String path = luckey.put("/tags/{tagId}/users/{userId}", value, "u-1").path();

        assertThat(path).startsWith("/tags/").endsWith("/users/u-1");
        String segment = path.substring("/tags/".length(), path.length() - "/users/u-1".length());
        assertThat(segment).doesNotContain("/", "?", "#", " ").doesNotContain("..");
        assertThat(java.net.URLDecoder.decode(segment, java.nio.charset.StandardCharsets.UTF_8).replace("%2E", "."))
                .isEqualTo(value.replace("+", " "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../locations/v1", "4fe78c00-0000-4000-8000-00000000000", "4fe78c00-0000-4000-8000-000000000001/x", ""})
    void spacebringTakesOnlyUuidsIntoAPath(String value) {
        assertThatThrownBy(() -> spacebring.get("/subscriptions/v1/{subscriptionId}", value))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSpacebringListAsksForOneLocationAndFullPages() {
        HttpCall call = spacebring.list("/community/memberships/v1", "4fe78c00-0000-4000-8000-000000000001", "userRef", "u");

        assertThat(call.method()).isEqualTo("GET");
        assertThat(call.query()).containsEntry("locationRef", "4fe78c00-0000-4000-8000-000000000001")
                .containsEntry("limit", "100").containsEntry("userRef", "u");
    }
}
