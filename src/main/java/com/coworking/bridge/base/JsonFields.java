package com.coworking.bridge.base;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading Spacebring's JSON, where any field may be missing, null, blank, or a number where text is expected. */
public final class JsonFields {

    private JsonFields() {
    }

    /** A scalar field as text (ids may come as numbers), or null when absent, null or blank. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || !value.isValueNode() || value.isNull() || value.asText().isBlank() ? null : value.asText();
    }

    public static String firstOf(String first, String second) {
        return first != null ? first : second;
    }
}
