package com.coworking.bridge.operate;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.apache.camel.Body;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import com.coworking.bridge.link.Link;
import com.coworking.bridge.link.Links;

/**
 * The admin API's endpoints (routes {@code admin.camel.yaml}): the operations of {@link LinkOperations} and the
 * figures of {@link LinkMBean}, with JSON in and out. A request names its link with {@code ?link=<name>}, which may be
 * left out while the bridge has one link. Operations are audited with the caller the route names.
 */
public final class AdminApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Links links;
    private final LinkOperations operations;
    private final Map<String, LinkMBean> mbeans;
    private final JdbcTemplate jdbc;
    private final CamelContext camel;

    public AdminApi(Links links, LinkOperations operations, Map<String, LinkMBean> mbeans, DataSource dataSource, CamelContext camel) {
        this.links = links;
        this.operations = operations;
        this.mbeans = mbeans;
        this.jdbc = new JdbcTemplate(dataSource);
        this.camel = camel;
    }

    /** Every link's MBean figures, or one link's with {@code ?link=}. */
    public Map<String, Object> status(@Header("link") String linkName) {
        List<Link> shown = linkName == null || linkName.isBlank() ? links.all() : List.of(link(linkName));
        Map<String, Object> status = new LinkedHashMap<>();
        for (Link link : shown) {
            status.put(link.name(), figures(mbeans.get(link.name())));
        }
        return Map.of("links", status);
    }

    public Explanation explain(@Header("link") String linkName, @Header("user") String user) {
        return operations.explain(link(linkName), user);
    }

    public LocationPlan plan(@Header("link") String linkName) {
        return operations.planLocation(link(linkName));
    }

    /** The dead letters waiting (neither replayed nor discarded), of one link or of all. */
    public Map<String, Object> deadLetters(@Header("link") String linkName) {
        String only = linkName == null || linkName.isBlank() ? null : link(linkName).name();
        List<Map<String, Object>> letters = jdbc.queryForList("""
                select id, link, user_ref as "userRef", action, tag_key as "tagKey", error, attempts, at::text as "at",
                  coalesce(last_at, at)::text as "lastAt", action_json as "actionJson"
                from dead_letter where replayed_at is null and discarded_at is null and (?::text is null or link = ?) order by id""",
                only, only);
        return Map.of("deadLetters", letters);
    }

    public Map<String, Object> replayDeadLetters(@Header("link") String linkName, @ExchangeProperty("caller") String caller) {
        Link link = link(linkName);
        return answer(link, operations.replayDeadLetters(link, caller));
    }

    public Map<String, Object> replayDeadLetter(@Header("id") String id, @ExchangeProperty("caller") String caller) {
        long letter = deadLetterId(id);
        Link link = linkOfDeadLetter(letter);
        return answer(link, operations.replayDeadLetter(link, letter, caller));
    }

    /** Body: {@code {"reason": "..."}} - a reason is required. */
    public Map<String, Object> discardDeadLetter(@Header("id") String id, @Body String body, @ExchangeProperty("caller") String caller) {
        long letter = deadLetterId(id);
        Link link = linkOfDeadLetter(letter);
        return answer(link, operations.discardDeadLetter(link, letter, text(body, "reason"), caller));
    }

    /** Body: {@code {"user": "<e-mail or Spacebring id>"}} for one user; no user (or no body) for the whole location. */
    public Map<String, Object> resync(@Header("link") String linkName, @Body String body, @ExchangeProperty("caller") String caller) {
        Link link = link(linkName);
        String user = text(body, "user");
        return answer(link, user == null ? operations.fullResync(link, caller) : operations.resyncUser(link, user, caller));
    }

    /** Body: {@code {"reason": "..."}}, optional. */
    public Map<String, Object> pause(@Header("link") String linkName, @Body String body, @ExchangeProperty("caller") String caller) {
        Link link = link(linkName);
        return answer(link, operations.pause(link, text(body, "reason"), caller));
    }

    public Map<String, Object> resume(@Header("link") String linkName, @ExchangeProperty("caller") String caller) {
        Link link = link(linkName);
        return answer(link, operations.resume(link, caller));
    }

    /** Body: {@code {"on": true}} or {@code {"on": false}}. */
    public Map<String, Object> dryRun(@Header("link") String linkName, @Body String body, @ExchangeProperty("caller") String caller) {
        Link link = link(linkName);
        JsonNode on = json(body).get("on");
        if (on == null || !on.isBoolean()) {
            throw new AdminRefusal(400, "bad_request", "Send {\"on\": true} or {\"on\": false}");
        }
        return answer(link, operations.dryRun(link, on.booleanValue(), caller));
    }

    /** Every health check with its details and errors: readiness as {@code /observe/health} decides it (503 while DOWN). */
    public Map<String, Object> health(Exchange exchange) {
        List<Map<String, Object>> checks = new ArrayList<>();
        boolean up = true;
        for (HealthCheck.Result result : HealthCheckHelper.invoke(camel, "full")) {
            up &= result.getState() != HealthCheck.State.DOWN;
            Map<String, Object> check = new LinkedHashMap<>();
            check.put("name", result.getCheck().getId());
            check.put("status", result.getState().name());
            result.getMessage().ifPresent(message -> check.put("message", message));
            result.getError().ifPresent(error -> check.put("error", error.toString()));
            Map<String, Object> details = new TreeMap<>();
            result.getDetails().forEach((key, value) -> details.put(key, String.valueOf(value)));
            check.put("details", details);
            checks.add(check);
        }
        checks.sort(Comparator.comparing(check -> (String) check.get("name")));
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("status", up ? "UP" : "DOWN");
        health.put("checks", checks);
        if (!up) {
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 503);
        }
        return health;
    }

    /** The link named, or the only one; several links and none named is a question the caller must answer. */
    private Link link(String name) {
        if (name == null || name.isBlank()) {
            if (links.all().size() == 1) {
                return links.all().get(0);
            }
            throw new AdminRefusal(400, "link_required", "Several links: add ?link= with one of " + names());
        }
        Link link = links.named(name);
        if (link == null) {
            throw new AdminRefusal(404, "unknown_link", "No link named '" + name + "'; the links are " + names());
        }
        return link;
    }

    private String names() {
        return links.all().stream().map(Link::name).collect(Collectors.joining(", "));
    }

    private static long deadLetterId(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new AdminRefusal(400, "bad_request", "A dead letter id is a number");
        }
    }

    private Link linkOfDeadLetter(long id) {
        List<String> link = jdbc.queryForList("select link from dead_letter where id = ?", String.class, id);
        if (link.isEmpty() || link.get(0) == null) {
            throw new AdminRefusal(404, "unknown_dead_letter", "No dead letter " + id);
        }
        return link(link.get(0));
    }

    private static Map<String, Object> answer(Link link, String result) {
        return Map.of("link", link.name(), "result", result);
    }

    private static String text(String body, String field) {
        JsonNode value = json(body).get(field);
        return value == null || value.isNull() || value.asText().isBlank() ? null : value.asText();
    }

    /** The request's JSON object; an empty body is an empty object, never parsed. */
    private static JsonNode json(String body) {
        if (body == null || body.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (!node.isObject()) {
                throw new AdminRefusal(400, "bad_json", "The body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new AdminRefusal(400, "bad_json", "The body is not JSON: " + e.getOriginalMessage());
        }
    }

    /** The MBean's attributes as jconsole shows them, read through its getters. */
    private static Map<String, Object> figures(LinkMBean mbean) {
        Map<String, Object> figures = new TreeMap<>();
        Arrays.stream(LinkMBean.class.getMethods()).filter(method -> method.isAnnotationPresent(ManagedAttribute.class))
                .forEach(getter -> figures.put(attributeName(getter), read(getter, mbean)));
        return figures;
    }

    private static String attributeName(Method getter) {
        String name = getter.getName().replaceFirst("^(get|is)", "");
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    private static Object read(Method getter, LinkMBean mbean) {
        try {
            return getter.invoke(mbean);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("Could not read " + getter.getName(), e);
        }
    }
}
