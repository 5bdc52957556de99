package com.coworking.bridge.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The end rules every pager follows, page by page. */
class PagingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpCall FIRST = new Requests(id -> id).get("/community/memberships/v1").withQuery("limit", "100");

    private static Object page(String token, String... ids) {
        Map<String, Object> page = new java.util.LinkedHashMap<>();
        page.put("memberships", java.util.Arrays.stream(ids).map(id -> Map.of("id", id)).toList());
        if (token != null) {
            page.put("nextPageToken", token);
        }
        return JSON.valueToTree(page);
    }

    @Test
    void aListEndsCompleteOnAPageWithoutNextToken() {
        Paging paging = new Paging(FIRST, Paging.Cursor.TOKEN, 100);
        paging.observe(page("t1", "a", "b"));
        assertThat(paging.isMore()).isTrue();
        assertThat(paging.getNextRequest().query()).containsEntry("nextPageToken", "t1").containsEntry("limit", "100");

        paging.observe(page(null, "c"));

        assertThat(paging.isMore()).isFalse();
        assertThat(paging.isComplete()).isTrue();
        assertThat(paging.getIds()).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void aRepeatedTokenEndsTheListIncomplete() {
        Paging paging = new Paging(FIRST, Paging.Cursor.TOKEN, 100);
        paging.observe(page("same", "a"));
        paging.observe(page("same", "b"));

        assertThat(paging.isMore()).isFalse();
        assertThat(paging.isComplete()).isFalse();
        assertThat(paging.getStopReason()).contains("again");
    }

    @Test
    void aPageWithNoNewIdEndsTheListIncomplete() {
        Paging paging = new Paging(FIRST, Paging.Cursor.TOKEN, 100);
        paging.observe(page("t1", "a", "b"));
        paging.observe(page("t2", "a", "b"));

        assertThat(paging.isComplete()).isFalse();
        assertThat(paging.getStopReason()).contains("no id not seen before");
    }

    @Test
    void anEmptyPageThatNamesANextPageEndsTheListIncomplete() {
        Paging paging = new Paging(FIRST, Paging.Cursor.TOKEN, 100);
        paging.observe(page("t1"));

        assertThat(paging.isMore()).isFalse();
        assertThat(paging.isComplete()).isFalse();
    }

    @Test
    void theCapEndsAnEndlessList() {
        Paging paging = new Paging(FIRST, Paging.Cursor.TOKEN, 3);
        for (int i = 0; paging.isMore(); i++) {
            paging.observe(page("t" + i, "id" + i));
        }
        assertThat(paging.getPages()).isEqualTo(3);
        assertThat(paging.isComplete()).isFalse();
        assertThat(paging.getStopReason()).contains("bridge.paging.max-pages");
    }

    @Test
    void aLuckeyNextPageMustComeAfterTheCurrentOne() {
        Paging paging = new Paging(new Requests(id -> id).get("/tags/{tagId}/users", "t"), Paging.Cursor.PAGE, 100);
        paging.observe(Map.of("users", List.of(Map.of("id", "u1")), "nextPage", 2));
        assertThat(paging.getNextRequest().query()).containsEntry("page", "2");

        paging.observe(Map.of("users", List.of(Map.of("id", "u2")), "nextPage", 2));

        assertThat(paging.isMore()).isFalse();
        assertThat(paging.isComplete()).isFalse();
    }

    @Test
    void aLuckeyPageThatStaysOnPageOneEndsAtOnce() {
        Paging paging = new Paging(new Requests(id -> id).get("/tags/{tagId}/users", "t"), Paging.Cursor.PAGE, 100);
        paging.observe(Map.of("users", List.of(Map.of("id", "u1")), "nextPage", 1));

        assertThat(paging.isMore()).isFalse();
        assertThat(paging.getStopReason()).contains("does not come after page 1");
    }
}
