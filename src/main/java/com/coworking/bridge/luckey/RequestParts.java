package com.coworking.bridge.luckey;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;

/**
 * Builds request bodies and query strings from exchange properties named {@code payload.<field>} and
 * {@code query.<name>}, so the adapter routes can spell out Luckey's field names in YAML.
 */
public final class RequestParts {

    private final ObjectMapper json = new ObjectMapper();

    /** A JSON object of the {@code payload.*} properties (removed afterwards). */
    public String json(Exchange exchange) throws JsonProcessingException {
        return json.writeValueAsString(take(exchange, "payload."));
    }

    /** A URL-encoded query string of the {@code query.*} properties (removed afterwards). */
    public String query(Exchange exchange) {
        return take(exchange, "query.").entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(String.valueOf(e.getValue())))
                .collect(Collectors.joining("&"));
    }

    private static Map<String, Object> take(Exchange exchange, String prefix) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (String name : exchange.getProperties().keySet().stream().sorted().toList()) {
            if (name.startsWith(prefix)) {
                fields.put(name.substring(prefix.length()), exchange.removeProperty(name));
            }
        }
        return fields;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
