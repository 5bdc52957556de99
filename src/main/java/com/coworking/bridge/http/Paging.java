package com.coworking.bridge.http;

import java.util.HashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One walk through a paged list. A list ends on its last page, and also - because servers do not always
 * say so - when the cursor repeats or does not advance, when a page brings no id not seen before, or at
 * the page cap. Such an end is logged with the request, and the list counts as incomplete: nothing is
 * concluded from what it did not list.
 */
public final class Paging {

    /** How a list asks for its next page. */
    public enum Cursor {
        /** Spacebring: copy {@code nextPageToken} from the answer into the next request. */
        TOKEN("nextPageToken", "nextPageToken"),
        /** Luckey: ask for {@code page} n+1, as the answer's {@code nextPage} says. */
        PAGE("page", "nextPage");

        private final String requestParameter;
        private final String answerField;

        Cursor(String requestParameter, String answerField) {
            this.requestParameter = requestParameter;
            this.answerField = answerField;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(Paging.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpCall first;
    private final Cursor cursor;
    private final int maxPages;
    private final Set<String> ids = new HashSet<>();
    private final Set<String> cursors = new HashSet<>();
    private String next;
    private int pages;
    private boolean more = true;
    private boolean complete;
    private String stopReason;

    public Paging(HttpCall first, Cursor cursor, int maxPages) {
        this.first = first;
        this.cursor = cursor;
        this.maxPages = maxPages;
    }

    public HttpCall getNextRequest() {
        return next == null ? first : first.withQuery(cursor.requestParameter, next);
    }

    public boolean isMore() {
        return more;
    }

    /** True only when the list ended on a page that said it was the last. */
    public boolean isComplete() {
        return complete;
    }

    /** The ids every page listed so far. */
    public Set<String> getIds() {
        return ids;
    }

    public int getPages() {
        return pages;
    }

    public String getStopReason() {
        return stopReason;
    }

    /** Takes in one page (JSON, or the maps a Luckey answer is read into) and decides whether to go on. */
    public void observe(Object answer) {
        JsonNode page = answer instanceof JsonNode node ? node : JSON.valueToTree(answer);
        String asked = next;
        pages++;
        int newIds = 0;
        int listed = 0;
        for (JsonNode item : firstArray(page)) {
            listed++;
            JsonNode id = item.get("id");
            if (id != null && id.isValueNode() && ids.add(id.asText())) {
                newIds++;
            }
        }
        JsonNode cursorValue = page.get(cursor.answerField);
        next = cursorValue == null || cursorValue.isNull() || cursorValue.asText().isBlank() ? null : cursorValue.asText();
        if (next == null) {
            more = false;
            complete = true;
        } else if (!cursors.add(next)) {
            stop("the server sent " + cursor.answerField + " " + next + " again");
        } else if (cursor == Cursor.PAGE && !advances(asked, next)) {
            stop(cursor.answerField + " " + next + " does not come after page " + (asked == null ? "1" : asked));
        } else if (newIds == 0) {
            stop(listed == 0 ? "a page listed nothing but named a next page" : "a page brought no id not seen before");
        } else if (pages >= maxPages) {
            stop("the cap of " + maxPages + " pages (bridge.paging.max-pages) was reached");
        }
    }

    private void stop(String reason) {
        more = false;
        stopReason = reason;
        LOG.warn("Stopped paging {} after {} page(s): {}. The list counts as incomplete.", first, pages, reason);
    }

    private static boolean advances(String asked, String next) {
        try {
            return Long.parseLong(next) > (asked == null ? 1 : Long.parseLong(asked));
        } catch (NumberFormatException notANumber) {
            return false;
        }
    }

    private static JsonNode firstArray(JsonNode page) {
        for (JsonNode value : page) {
            if (value.isArray()) {
                return value;
            }
        }
        return JSON.createArrayNode();
    }
}
