package com.coworking.bridge.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds {@link HttpCall}s from a path template such as {@code /tags/{tagId}/users/{userId}}: each
 * {@code {...}} is replaced, in order, by one argument encoded as a single path segment, so a value can
 * never add a segment, a query or a fragment. Used from the routes as the beans {@code spacebring} and
 * {@code luckey}, where the templates are written.
 */
public class Requests {

    private static final Pattern VARIABLE = Pattern.compile("\\{[^}/]*}");

    private final UnaryOperator<String> checkId;

    /** @param checkId validates each path argument before it is used (throws when it is not an id) */
    public Requests(UnaryOperator<String> checkId) {
        this.checkId = checkId;
    }

    public HttpCall get(String template) {
        return call("GET", template, new String[0], null);
    }

    public HttpCall get(String template, String arg) {
        return call("GET", template, new String[] {arg}, null);
    }

    public HttpCall put(String template, String first, String second) {
        return call("PUT", template, new String[] {first, second}, null);
    }

    public HttpCall delete(String template, String first, String second) {
        return call("DELETE", template, new String[] {first, second}, null);
    }

    public HttpCall post(String template, Object body) {
        return call("POST", template, new String[0], body);
    }

    public HttpCall patch(String template, String arg, Object body) {
        return call("PATCH", template, new String[] {arg}, body);
    }

    /** GET with one query parameter: {@code find('/users', 'email', ...)}. */
    public HttpCall find(String path, String name, String value) {
        return get(path).withQuery(name, value);
    }

    /** GET of a path with one variable, with one query parameter: {@code find('/tags/{tagId}/users', id, 'pageSize', '200')}. */
    public HttpCall find(String template, String arg, String name, String value) {
        return get(template, arg).withQuery(name, value);
    }

    protected HttpCall call(String method, String template, String[] args, Object body) {
        Matcher variables = VARIABLE.matcher(template);
        StringBuilder path = new StringBuilder();
        int next = 0;
        while (variables.find()) {
            if (next >= args.length) {
                throw new IllegalArgumentException("No value for " + variables.group() + " in " + template);
            }
            variables.appendReplacement(path, Matcher.quoteReplacement(segment(checkId.apply(args[next++]))));
        }
        variables.appendTail(path);
        if (next != args.length) {
            throw new IllegalArgumentException(args.length + " values for the " + next + " variables of " + template);
        }
        return new HttpCall(method, path.toString(), new LinkedHashMap<>(), body, body == null ? null : "application/json", true);
    }

    /** Percent-encodes a value as one path segment (RFC 3986): {@code /}, {@code ?}, {@code %} and {@code .} included. */
    public static String segment(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("An id in a request path is missing");
        }
        String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A");
        // "." and ".." are legal characters but would walk up the path; encode dots too.
        return encoded.replace(".", "%2E");
    }

    /** Form-encodes name/value pairs (the OAuth token request). */
    public static String form(Map<String, String> fields) {
        StringBuilder form = new StringBuilder();
        fields.forEach((name, value) -> form.append(form.length() == 0 ? "" : "&")
                .append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return form.toString();
    }

    /** Query parameters in the order given. */
    public static Map<String, String> params(String... namesAndValues) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            params.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return params;
    }
}
