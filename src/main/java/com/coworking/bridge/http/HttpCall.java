package com.coworking.bridge.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One request to Spacebring or Luckey: method, path (its variable parts already encoded), query and body.
 * Routes build it with {@link Requests}; the call routes send it. It never holds credentials, so it can be
 * logged as it is.
 *
 * @param body        an object Jackson writes as JSON, a form-encoded String, or null for none
 * @param contentType of the body; null without one
 * @param authorized  whether the call carries the API's credentials (false only for the token request)
 */
public record HttpCall(String method, String path, Map<String, String> query, Object body, String contentType,
                       boolean authorized) {

    public HttpCall {
        query = Map.copyOf(query);
    }

    /** A read can be repeated freely; after a write whose answer was lost, the outcome is unknown. */
    public boolean isWrite() {
        return !"GET".equals(method);
    }

    /** The same call with one more query parameter (the pager's cursor). */
    public HttpCall withQuery(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(query);
        more.put(name, value);
        return new HttpCall(method, path, more, body, contentType, authorized);
    }

    /** Method, path and query, for logs and error messages. */
    @Override
    public String toString() {
        return method + " " + path + (query.isEmpty() ? "" : "?" + query.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&")));
    }
}
