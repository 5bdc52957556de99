package com.coworking.bridge.sandbox;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Luckey as described by contracts/luckey/luckey-api.yaml: client-credentials tokens, users (each creation
 * sends an activation e-mail), special user tags and tag membership, with 409/404/423/429 as specified.
 * Faults can be injected, and every call is recorded so a test can prove no side effect happened twice.
 */
public final class LuckeySimulator extends SimulatorServer {

    public static final String BASE_PATH = "/api/v1";

    /**
     * One recorded call: the operation (method and templated path), when, the status answered, and the e-mail of
     * the user it was about (tag membership and user calls; null for others).
     */
    public record Call(String operation, Instant at, int status, String email) {
    }

    /**
     * How successful answers look. Real servers differ in what the contract leaves open; the bridge must take
     * every one of these as the success it is.
     */
    public enum AnswerStyle {
        /** As the profile shows: 201 with JSON for a creation, 204 without body or Content-Type for tag membership. */
        PROFILE,
        /** 204 with {@code Content-Type: application/json} and an empty body. */
        EMPTY_JSON_204,
        /** 200 with a JSON body ({@code {"result":"ok"}}) where the profile says 204, 200 instead of 201. */
        OK_200_WITH_BODY,
        /** {@code Content-Type: application/json; charset=utf-8}. */
        CHARSET,
        /** JSON bodies gzip-compressed ({@code Content-Encoding: gzip}). */
        GZIP
    }

    private record User(String id, String email, String externalRef, Instant createdAt, String[] names, Set<String> tags) {
        Map<String, Object> json(Map<String, Tag> allTags) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", id);
            json.put("email", email);
            json.put("name", names[0]);
            json.put("surname", names[1]);
            json.put("externalRef", externalRef);
            json.put("status", "invited");
            json.put("createdAt", createdAt.toString());
            json.put("tags", tags.stream().map(allTags::get).map(t -> Map.of("id", t.id(), "name", t.name())).toList());
            return json;
        }
    }

    private record Tag(String id, String name, String description, Set<String> members) {
        Map<String, Object> json() {
            return Map.of("id", id, "name", name, "description", description, "userCount", members.size());
        }
    }

    private final String clientId;
    private final String clientSecret;
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    private final Set<String> issued = ConcurrentHashMap.newKeySet();
    private final Map<String, User> users = new LinkedHashMap<>();
    private final Map<String, Tag> tags = new LinkedHashMap<>();
    private final List<String> activationEmails = new CopyOnWriteArrayList<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> membershipChanges = new ConcurrentHashMap<>();

    private volatile Duration latency = Duration.ZERO;
    private volatile AnswerStyle style = AnswerStyle.PROFILE;
    private volatile boolean stuckPaging;
    private volatile int requestsPerSecond;
    private final java.util.Deque<Long> recent = new java.util.ArrayDeque<>();
    private final Map<String, Integer> stallsLeft = new ConcurrentHashMap<>();
    private volatile Duration stall = Duration.ZERO;
    private final Duration tokenLifetime = Duration.ofHours(1);
    private volatile boolean frozen;
    private int failuresLeft;
    private int failureStatus;
    private int rateLimitsLeft;
    private int retryAfterSeconds;

    private LuckeySimulator(int port, String clientId, String clientSecret) throws IOException {
        super(port);
        this.clientId = clientId;
        this.clientSecret = clientSecret;
    }

    public static LuckeySimulator start(int port, String clientId, String clientSecret) throws IOException {
        return new LuckeySimulator(port, clientId, clientSecret);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port() + BASE_PATH;
    }

    String clientSecret() {
        return clientSecret;
    }

    // ------------------------------------------------------------------ faults

    public void setLatency(Duration latency) {
        this.latency = latency;
    }

    public void setAnswerStyle(AnswerStyle style) {
        this.style = style;
    }

    /** Luckey forgets every token it issued (revoked or expired early): calls with them get 401. */
    public void revokeTokens() {
        tokens.clear();
    }

    /**
     * The next {@code times} calls of an operation (such as {@code "PUT /tags/{tagId}/users/{userId}"}) are
     * applied, and then the answer is held back for {@code stall}: to the caller it looks like a timeout.
     */
    public void applyThenStall(String operation, int times, Duration stall) {
        this.stall = stall;
        stallsLeft.put(operation, times);
    }

    /** Tag member lists always name the same next page, as a broken server might. */
    public void setStuckPaging(boolean stuck) {
        stuckPaging = stuck;
    }

    /** The next {@code times} API calls (token requests excluded) fail with {@code status} (a 5xx). */
    public synchronized void failNext(int times, int status) {
        failuresLeft = times;
        failureStatus = status;
    }

    /** API calls above this many per second (token requests excluded) are answered 429 with Retry-After: 1; 0 turns it off. */
    public void setRateLimit(int requestsPerSecond) {
        this.requestsPerSecond = requestsPerSecond;
    }

    /** The next {@code times} API calls are answered 429 with Retry-After. */
    public synchronized void rateLimitNext(int times, int retryAfterSeconds) {
        rateLimitsLeft = times;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Forgets every user, tag and call (tokens stay good): the sandbox's day can be played again. */
    public synchronized void forgetAll() {
        users.clear();
        tags.clear();
        activationEmails.clear();
        calls.clear();
        membershipChanges.clear();
        failuresLeft = 0;
        rateLimitsLeft = 0;
    }

    /** The account runs out of credits: writes answer 423 account_frozen, reads still work. */
    public void freeze() {
        frozen = true;
    }

    public void unfreeze() {
        frozen = false;
    }

    // ------------------------------------------------------------------ what happened

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Calls of one operation, such as {@code "POST /users"} or {@code "PUT /tags/{tagId}/users/{userId}"}. */
    public List<Call> calls(String operation) {
        return calls.stream().filter(c -> c.operation().equals(operation)).toList();
    }

    /** Calls that changed something (2xx on a write). */
    public long writes() {
        return calls.stream().filter(c -> !c.operation().startsWith("GET") && !c.operation().equals("POST /oauth/token")
                && c.status() / 100 == 2).count();
    }

    /** Every access token issued so far (a test checks none of them reaches a log). */
    public Set<String> issuedTokens() {
        return Set.copyOf(issued);
    }

    public List<String> activationEmails() {
        return List.copyOf(activationEmails);
    }

    /** How many times a user was really added to or removed from a tag (idempotent repeats not counted). */
    public int membershipChanges(String email, String tagName) {
        return membershipChanges.getOrDefault(email.toLowerCase(Locale.ROOT) + "|" + tagName, 0);
    }

    public synchronized int userCount() {
        return users.size();
    }

    public synchronized Optional<Map<String, Object>> user(String email) {
        return findUserByEmail(email).map(u -> u.json(tags));
    }

    /** E-mails of the members of the tag with this name (empty when there is no such tag). */
    public synchronized Set<String> tagMembers(String tagName) {
        return findTagByName(tagName).map(t -> t.members().stream().map(id -> users.get(id).email())
                .collect(Collectors.toCollection(java.util.TreeSet::new))).orElse(new java.util.TreeSet<>());
    }

    public synchronized Set<String> tagNames() {
        return tags.values().stream().map(Tag::name).collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    /** An administrator's own changes in the Luckey dashboard (not through the API). */
    public synchronized String createTagByHand(String name) {
        return createTag(name, "").id();
    }

    public synchronized String createUserByHand(String email, String name, String surname) {
        return createUser(email, name, surname, null).id();
    }

    public synchronized void addToTagByHand(String tagName, String email) {
        findTagByName(tagName).orElseThrow().members().add(findUserByEmail(email).orElseThrow().id());
        findUserByEmail(email).orElseThrow().tags().add(findTagByName(tagName).orElseThrow().id());
    }

    public synchronized void removeFromTagByHand(String tagName, String email) {
        String userId = findUserByEmail(email).orElseThrow().id();
        findTagByName(tagName).orElseThrow().members().remove(userId);
        users.get(userId).tags().remove(findTagByName(tagName).orElseThrow().id());
    }

    // ------------------------------------------------------------------ HTTP

    @Override
    protected Answer handle(Request request) throws IOException {
        String operation = operation(request);
        Answer answer = styled(answer(request, operation));
        calls.add(new Call(operation, Instant.now(), answer.status(), subject(request)));
        if (takeStall(operation)) {
            pause(stall);
        }
        return answer;
    }

    /** The e-mail of the user a call is about, when there is one. */
    private synchronized String subject(Request request) {
        String[] s = request.segments();
        String userId = s.length >= 6 && s[2].equals("tags") ? s[5] : s.length >= 4 && s[2].equals("users") ? s[3] : null;
        User user = userId == null ? null : users.get(userId);
        return user == null ? null : user.email();
    }

    private boolean takeStall(String operation) {
        boolean[] taken = {false};
        stallsLeft.computeIfPresent(operation, (op, left) -> {
            taken[0] = true;
            return left > 1 ? left - 1 : null;
        });
        return taken[0];
    }

    private Answer styled(Answer answer) {
        if (answer.status() / 100 != 2) {
            return answer;
        }
        return switch (style) {
            case PROFILE -> answer;
            case EMPTY_JSON_204 -> answer.body() == null ? answer.withHeader("Content-Type", "application/json") : answer;
            case OK_200_WITH_BODY -> answer.body() == null ? Answer.json(200, Map.of("result", "ok"))
                    : new Answer(200, answer.body(), answer.headers());
            case CHARSET -> answer.body() == null ? answer : answer.withHeader("Content-Type", "application/json; charset=utf-8");
            case GZIP -> answer.body() == null ? answer : answer.withHeader("Content-Encoding", "gzip");
        };
    }

    private Answer answer(Request request, String operation) throws IOException {
        pause(latency);
        if (operation.equals("POST /oauth/token")) {
            return token(request.form());
        }
        String authorization = request.header("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ")
                || tokens.getOrDefault(authorization.substring(7), Instant.MIN).isBefore(Instant.now())) {
            return Answer.json(401, error("invalid_token", "Missing, unknown or expired bearer token"));
        }
        Answer fault = injectedFault();
        if (fault != null) {
            return fault;
        }
        if (frozen && !request.method().equals("GET")) {
            return Answer.json(423, error("account_frozen", "The account has no Luckey credits left; top up to continue"));
        }
        synchronized (this) {
            return route(request, operation);
        }
    }

    private synchronized Answer injectedFault() {
        if (requestsPerSecond > 0) {
            long now = System.nanoTime();
            while (!recent.isEmpty() && now - recent.peekFirst() >= 1_000_000_000L) {
                recent.pollFirst();
            }
            if (recent.size() >= requestsPerSecond) {
                return Answer.json(429, error("rate_limited", "Too many requests")).withHeader("Retry-After", "1");
            }
            recent.addLast(now);
        }
        if (rateLimitsLeft > 0) {
            rateLimitsLeft--;
            return Answer.json(429, error("rate_limited", "Too many requests")).withHeader("Retry-After", String.valueOf(retryAfterSeconds));
        }
        if (failuresLeft > 0) {
            failuresLeft--;
            return Answer.json(failureStatus, error("internal", "Injected failure"));
        }
        return null;
    }

    private Answer token(Map<String, String> form) {
        if (!"client_credentials".equals(form.get("grant_type")) || !clientId.equals(form.get("client_id"))
                || !clientSecret.equals(form.get("client_secret"))) {
            return Answer.json(401, error("invalid_token", "Unknown client or wrong secret"));
        }
        String token = UUID.randomUUID().toString();
        tokens.put(token, Instant.now().plus(tokenLifetime));
        issued.add(token);
        return Answer.json(200, Map.of("access_token", token, "token_type", "Bearer", "expires_in", tokenLifetime.toSeconds()));
    }

    private Answer route(Request request, String operation) throws IOException {
        String[] s = request.segments();
        return switch (operation) {
            case "GET /users" -> page(request, users.values().stream()
                    .filter(u -> request.query("email") == null || u.email().equalsIgnoreCase(request.query("email")))
                    .filter(u -> request.query("externalRef") == null || request.query("externalRef").equals(u.externalRef()))
                    .map(u -> (Object) u.json(tags)).toList(), "users");
            case "POST /users" -> postUser(request.bodyJson());
            case "GET /users/{userId}" -> Optional.ofNullable(users.get(s[3]))
                    .map(u -> Answer.json(200, Map.of("user", u.json(tags))))
                    .orElse(notFound("user"));
            case "PATCH /users/{userId}" -> patchUser(s[3], request.bodyJson());
            case "GET /tags" -> page(request, tags.values().stream()
                    .filter(t -> request.query("name") == null || t.name().equals(request.query("name")))
                    .map(t -> (Object) t.json()).toList(), "tags");
            case "POST /tags" -> postTag(request.bodyJson());
            case "GET /tags/{tagId}/users" -> Optional.ofNullable(tags.get(s[3]))
                    .map(t -> page(request, t.members().stream().map(users::get)
                            .map(u -> (Object) Map.of("id", u.id(), "email", u.email())).toList(), "users"))
                    .orElse(notFound("tag"));
            case "PUT /tags/{tagId}/users/{userId}" -> addMember(s[3], s[5]);
            case "DELETE /tags/{tagId}/users/{userId}" -> removeMember(s[3], s[5]);
            default -> Answer.json(404, error("not_found", "No such endpoint: " + operation));
        };
    }

    private Answer postUser(JsonNode body) {
        String email = body.path("email").asText("");
        String name = body.path("name").asText("");
        if (!email.contains("@") || name.isBlank() || !body.has("surname")) {
            return Answer.json(422, error("validation_failed", "email, name and surname are required"));
        }
        Optional<User> existing = findUserByEmail(email);
        if (existing.isPresent()) {
            return Answer.json(409, Map.of("error", Map.of("code", "user_exists", "message", "A user with this e-mail exists",
                    "details", Map.of("userId", existing.get().id()))));
        }
        User user = createUser(email, name, body.path("surname").asText(""), body.path("externalRef").asText(null));
        if (body.path("sendActivationEmail").asBoolean(true)) {
            activationEmails.add(email);
        }
        return Answer.json(201, Map.of("user", user.json(tags)));
    }

    private Answer patchUser(String userId, JsonNode body) {
        User user = users.get(userId);
        if (user == null) {
            return notFound("user");
        }
        if (body.has("name")) {
            user.names()[0] = body.path("name").asText();
        }
        if (body.has("surname")) {
            user.names()[1] = body.path("surname").asText();
        }
        return Answer.json(200, Map.of("user", user.json(tags)));
    }

    private Answer postTag(JsonNode body) {
        String name = body.path("name").asText("");
        if (name.isBlank() || name.length() > 100) {
            return Answer.json(422, error("validation_failed", "name is required (1 to 100 characters)"));
        }
        Optional<Tag> existing = findTagByName(name);
        if (existing.isPresent()) {
            return Answer.json(409, Map.of("error", Map.of("code", "tag_exists", "message", "A tag with this name exists",
                    "details", Map.of("tagId", existing.get().id()))));
        }
        return Answer.json(201, Map.of("tag", createTag(name, body.path("description").asText("")).json()));
    }

    private Answer addMember(String tagId, String userId) {
        Tag tag = tags.get(tagId);
        User user = users.get(userId);
        if (tag == null || user == null) {
            return notFound(tag == null ? "tag" : "user");
        }
        if (tag.members().add(userId)) {
            user.tags().add(tagId);
            membershipChanges.merge(user.email().toLowerCase(Locale.ROOT) + "|" + tag.name(), 1, Integer::sum);
        }
        return Answer.empty(204);
    }

    private Answer removeMember(String tagId, String userId) {
        Tag tag = tags.get(tagId);
        User user = users.get(userId);
        if (tag == null || user == null) {
            return notFound(tag == null ? "tag" : "user");
        }
        if (!tag.members().remove(userId)) {
            return Answer.json(404, error("not_member", "The user is not a member of this tag"));
        }
        user.tags().remove(tagId);
        membershipChanges.merge(user.email().toLowerCase(Locale.ROOT) + "|" + tag.name(), 1, Integer::sum);
        return Answer.empty(204);
    }

    private Answer page(Request request, List<Object> all, String field) {
        int page = Math.max(1, intQuery(request, "page", 1));
        int size = Math.min(200, Math.max(1, intQuery(request, "pageSize", 50)));
        int from = Math.min(all.size(), (page - 1) * size);
        int to = Math.min(all.size(), from + size);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(field, all.subList(from, to));
        body.put("nextPage", stuckPaging ? Integer.valueOf(page) : to < all.size() ? Integer.valueOf(page + 1) : null);
        return Answer.json(200, body);
    }

    private User createUser(String email, String name, String surname, String externalRef) {
        User user = new User(UUID.randomUUID().toString(), email, externalRef, Instant.now(), new String[] {name, surname},
                new LinkedHashSet<>());
        users.put(user.id(), user);
        return user;
    }

    private Tag createTag(String name, String description) {
        Tag tag = new Tag(UUID.randomUUID().toString(), name, description, new LinkedHashSet<>());
        tags.put(tag.id(), tag);
        return tag;
    }

    private Optional<User> findUserByEmail(String email) {
        return users.values().stream().filter(u -> u.email().equalsIgnoreCase(email)).min(Comparator.comparing(User::createdAt));
    }

    private Optional<Tag> findTagByName(String name) {
        return tags.values().stream().filter(t -> t.name().equals(name)).findFirst();
    }

    private static Answer notFound(String what) {
        return Answer.json(404, error("not_found", "No such " + what));
    }

    private static int intQuery(Request request, String name, int fallback) {
        try {
            return request.query(name) == null ? fallback : Integer.parseInt(request.query(name));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** Method plus the path with ids replaced by their names, e.g. {@code DELETE /tags/{tagId}/users/{userId}}. */
    private static String operation(Request request) {
        String path = request.path().startsWith(BASE_PATH) ? request.path().substring(BASE_PATH.length()) : request.path();
        String[] parts = path.replaceAll("^/+|/+$", "").split("/");
        List<String> template = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            boolean isId = i % 2 == 1 && !parts[i].equals("users") && !parts[i].equals("token");
            template.add(isId ? "{" + (parts[i - 1].equals("tags") ? "tagId" : "userId") + "}" : parts[i]);
        }
        return request.method() + " /" + String.join("/", template);
    }

    private static void pause(Duration duration) {
        if (duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
