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
 * {@code query.<name>}, so the routes can spell out the remote API's field names in YAML. Called as a bean
 * step (not an expression, which would work on a copy), it removes the properties it used.
 */
public final class RequestParts {

    private final ObjectMapper json = new ObjectMapper();

    /** Sets the body to a JSON object of the {@code payload.*} properties. */
    public void json(Exchange exchange) throws JsonProcessingException {
        exchange.getMessage().setBody(json.writeValueAsString(take(exchange, "payload.")));
    }

    /** Sets the header {@code CamelHttpQuery} to the URL-encoded {@code query.*} properties. */
    public void query(Exchange exchange) {
        exchange.getMessage().setHeader(Exchange.HTTP_QUERY, take(exchange, "query.").entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(String.valueOf(e.getValue())))
                .collect(Collectors.joining("&")));
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
