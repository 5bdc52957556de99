package com.coworking.bridge.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Stream;

import com.svix.Webhook;

/**
 * Spacebring as far as the bridge sees it: the REST endpoints listed in contracts/spacebring/notes.md
 * (Basic auth, required locationRef, cursor pages of at most 100, the default subscription status filter,
 * 429 above a request rate) and, for the changes that have one, a Svix-signed webhook in the catalogue's
 * shape. Changes are made through the Java methods, as an operator would make them in Spacebring.
 */
public final class SpacebringSimulator extends SimulatorServer {

    /** A webhook as sent: its svix-id, body and the status the receiver answered. */
    public record Delivery(String svixId, String body, int status) {
    }

    /** A subscription to create: for a user's membership or for a company, with its plans and dates. */
    public record NewSubscription(String locationRef, String membershipId, String companyId, List<String> planRefs,
                                  Instant startDate, Instant endDate, String status) {

        public static NewSubscription forMember(String locationRef, String membershipId, String planRef, Instant start, Instant end) {
            return new NewSubscription(locationRef, membershipId, null, List.of(planRef), start, end, null);
        }

        public static NewSubscription forCompany(String locationRef, String companyId, String planRef, Instant start, Instant end) {
            return new NewSubscription(locationRef, null, companyId, List.of(planRef), start, end, null);
        }

        public NewSubscription withStatus(String newStatus) {
            return new NewSubscription(locationRef, membershipId, companyId, planRefs, startDate, endDate, newStatus);
        }
    }

    private static final Set<String> DEFAULT_SUBSCRIPTION_STATUSES = Set.of("active", "scheduled", "incomplete");
    private static final Duration POLL_GONE_AFTER = Duration.ofSeconds(5);
    private static final String POLL_LIST = "/community/memberships/v1/deleted";

    private final String authorization;
    private final String clientSecret;
    private final String networkRef = UUID.randomUUID().toString();
    private final Map<String, Map<String, Object>> locations = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> plans = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> companies = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> memberships = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> deletedMemberships = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> subscriptions = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> resources = new LinkedHashMap<>();
    /** Bookings by id; an occurrence of a repeating booking is one entry, its id {bookingId}_{isoDate}. */
    private final Map<String, Map<String, Object>> bookings = new LinkedHashMap<>();
    /** A booking's status (tentative, confirmed, canceled): Spacebring filters by it but never shows it on a booking. */
    private final Map<String, String> bookingStatus = new HashMap<>();
    private final Map<String, Map<String, Object>> visits = new LinkedHashMap<>();
    /** One Spacebring user per e-mail across the network: a member of two locations has one userRef. */
    private final Map<String, String> userRefByEmail = new HashMap<>();
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final Deque<Instant> recentRequests = new ArrayDeque<>();
    private final List<String> pendingWebhooks = new ArrayList<>();
    /** The walks of a poll's lists going on now, by path: when each last asked for a page. */
    private final Map<String, Instant> walksGoing = new HashMap<>();
    private int pollsBegun;
    private int overlappingPolls;
    /** HTTP/1.1, as Svix delivers (the JDK client would otherwise upgrade to HTTP/2 with the bridge's server). */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final Webhook signer;
    private final String webhookUrl;

    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final Set<String> listedTwice = new java.util.HashSet<>();
    private final Set<String> unlisted = new java.util.HashSet<>();
    private volatile boolean repeatPageToken;
    private volatile int maxPageSize;
    private volatile boolean foreignAnswers;
    private volatile Clock clock = Clock.systemUTC();
    private volatile int requestsPerSecond = 10;
    private volatile boolean autoDeliver = true;
    private volatile int failuresLeft;
    private java.util.regex.Pattern failingPart;
    private int failuresOfPartLeft;
    /** Changes with every change of state; list results are cached per filter until it changes. */
    private long stateVersion;
    private final Map<String, List<Map<String, Object>>> listCache = new LinkedHashMap<>();
    private long cachedVersion = -1;

    private SpacebringSimulator(int port, String clientId, String clientSecret, String webhookUrl, String webhookSecret)
            throws Exception {
        super(port);
        this.clientSecret = clientSecret;
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
        this.webhookUrl = webhookUrl;
        this.signer = new Webhook(webhookSecret);
    }

    /** @param webhookUrl where webhooks go (the bridge's /webhooks/spacebring); null delivers none */
    public static SpacebringSimulator start(int port, String clientId, String clientSecret, String webhookUrl,
                                            String webhookSecret) throws Exception {
        return new SpacebringSimulator(port, clientId, clientSecret, webhookUrl, webhookSecret);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    String clientSecret() {
        return clientSecret;
    }

    // ------------------------------------------------------------------ behaviour

    public void setClock(Clock clock) {
        this.clock = clock;
    }

    /** A server may answer fewer than the limit asked: pages hold at most this many; 0 turns it off. */
    public void setMaxPageSize(int maxPageSize) {
        this.maxPageSize = maxPageSize;
    }

    /** Requests per second above which Spacebring answers 429; 0 turns the limit off. */
    public void setRateLimit(int requestsPerSecond) {
        this.requestsPerSecond = requestsPerSecond;
    }

    /** Every REST request received: the raw path (percent-encoding as sent) and the query. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** Lists answer their first page again and again, always naming the same next page token, as a broken server might. */
    public void setRepeatPageToken(boolean repeat) {
        repeatPageToken = repeat;
    }

    /** Single subscriptions, companies and locations are answered with another one than asked for. */
    public void setForeignAnswers(boolean foreign) {
        foreignAnswers = foreign;
    }

    /**
     * Forgets everything but the locations (and the credentials, so tokens stay good): the sandbox's day can be played
     * again on the same link.
     */
    public synchronized void forgetAllButLocations() {
        stateVersion++;
        for (Map<String, ? extends Object> state : List.of(plans, companies, memberships, deletedMemberships, subscriptions,
                resources, bookings, bookingStatus, visits, userRefByEmail, walksGoing)) {
            state.clear();
        }
        deliveries.clear();
        pendingWebhooks.clear();
        requests.clear();
        listedTwice.clear();
        unlisted.clear();
        autoDeliver = true;
        failuresLeft = 0;
        failuresOfPartLeft = 0;
    }

    /** Writes a field of a subscription as given (a date in another ISO form, or a value no one can read). */
    public synchronized void rewriteSubscription(String subscriptionId, String field, Object value) {
        stateVersion++;
        subscriptions.get(subscriptionId).put(field, value);
    }

    /** Lists of subscriptions name this one twice, as a server paging a changing list may. */
    public synchronized void listTwice(String subscriptionId) {
        stateVersion++;
        listedTwice.add(subscriptionId);
    }

    /** Lists leave the row out (it was created a moment after the page was read); a GET by its id finds it. */
    public synchronized void leaveOutOfLists(String id) {
        stateVersion++;
        unlisted.add(id);
    }

    /** The next {@code times} REST requests fail with 500. */
    public void failNext(int times) {
        failuresLeft = times;
    }

    /** The next {@code times} requests whose path and query match {@code pattern} (found in them) fail with 500. */
    public synchronized void failNextMatching(String pattern, int times) {
        failingPart = java.util.regex.Pattern.compile(pattern);
        failuresOfPartLeft = times;
    }

    /** Off: webhooks wait in {@link #pendingWebhooks()} until {@link #deliver(String)} sends them, in any order. */
    public void setAutoDeliver(boolean autoDeliver) {
        this.autoDeliver = autoDeliver;
    }

    public List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    public synchronized List<String> pendingWebhooks() {
        return List.copyOf(pendingWebhooks);
    }

    /** Sends a webhook body (again) under the given svix-id, as Svix does on a retry. */
    public Delivery deliver(String svixId, String body) {
        long now = clock.instant().getEpochSecond();
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(webhookUrl))
                    .timeout(Duration.ofSeconds(15))
                    .header("Content-Type", "application/json")
                    .header("svix-id", svixId)
                    .header("svix-timestamp", String.valueOf(now))
                    .header("svix-signature", signer.sign(svixId, now, body))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            Delivery delivery = new Delivery(svixId, body, response.statusCode());
            deliveries.add(delivery);
            return delivery;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception unreachable) {
            // Like Svix: the receiver was not there; status 0 records the failed attempt.
            Delivery delivery = new Delivery(svixId, body, 0);
            deliveries.add(delivery);
            return delivery;
        }
    }

    /** Sends a webhook that was held back while auto-delivery was off. */
    public Delivery deliver(String pendingBody) {
        synchronized (this) {
            if (!pendingWebhooks.remove(pendingBody)) {
                throw new IllegalArgumentException("Not a pending webhook");
            }
        }
        return deliver("msg_" + UUID.randomUUID().toString().replace("-", ""), pendingBody);
    }

    // ------------------------------------------------------------------ changes, as made in Spacebring

    public synchronized String createLocation(String title, String timezoneId) {
        stateVersion++;
        String id = UUID.randomUUID().toString();
        Map<String, Object> location = json("id", id, "title", title, "timezoneId", timezoneId, "networkRef", networkRef,
                "createDate", now(), "currencyCode", "EUR", "locale", "en");
        locations.put(id, location);
        webhook(envelope("location.created", "location", location));
        return id;
    }

    public synchronized String createPlan(String locationRef, String title) {
        stateVersion++;
        String id = UUID.randomUUID().toString();
        plans.put(id, json("id", id, "title", title, "locationRef", locationRef, "period", "month", "price", 100,
                "createDate", now(), "description", "", "credits", 0, "dayPasses", 0));
        return id;
    }

    /** An operator invites someone: an approved membership and a {@code membership.invited} webhook. */
    public synchronized String inviteMember(String locationRef, String email, String name, String surname) {
        stateVersion++;
        return addMembership(locationRef, email, name, surname, "approved", "membership.invited", null, "member");
    }

    /** An operator invites someone straight into a company. */
    public synchronized String inviteMemberOfCompany(String locationRef, String companyId, String email, String name, String surname) {
        stateVersion++;
        return addMembership(locationRef, email, name, surname, "approved", "membership.invited", companyId, "member");
    }

    /** Someone asks to join: a {@code requested} membership and a {@code membership.created} webhook. */
    /** A guest: a nonmember membership, as Spacebring makes for someone who books without a plan. */
    public synchronized String inviteGuest(String locationRef, String email, String name, String surname) {
        stateVersion++;
        return addMembership(locationRef, email, name, surname, "approved", "membership.created", null, "nonmember");
    }

    public synchronized String requestMembership(String locationRef, String email, String name, String surname) {
        stateVersion++;
        return addMembership(locationRef, email, name, surname, "requested", "membership.created", null, "member");
    }

    /** The Spacebring user id of a membership. */
    public synchronized String userOf(String membershipId) {
        return (String) memberships.get(membershipId).get("userRef");
    }

    /** Removes the user from the location. Spacebring sends no webhook for this. */
    public synchronized void deleteMembership(String membershipId) {
        stateVersion++;
        Map<String, Object> membership = Objects.requireNonNull(memberships.remove(membershipId), "membership");
        membership.put("deleteDate", now());
        deletedMemberships.put(membershipId, membership);
    }

    /** Renames the user. Spacebring sends no webhook for user changes. */
    public synchronized void renameUser(String membershipId, String name, String surname) {
        stateVersion++;
        @SuppressWarnings("unchecked")
        Map<String, Object> user = (Map<String, Object>) memberships.get(membershipId).get("user");
        user.put("name", name);
        user.put("surname", surname);
    }

    public synchronized String createCompany(String locationRef, String title) {
        stateVersion++;
        String id = UUID.randomUUID().toString();
        Map<String, Object> company = json("id", id, "title", title, "locationRef", locationRef, "createDate", now(),
                "metadata", Map.of(), "notes", "");
        companies.put(id, company);
        webhook(envelope("company.created", "company", company));
        return id;
    }

    public synchronized void deleteCompany(String companyId) {
        stateVersion++;
        Map<String, Object> company = companies.get(companyId);
        company.put("deleteDate", now());
        webhook(envelope("company.deleted", "company", company));
    }

    /** Spacebring sends no webhook when a user joins a company. */
    public synchronized void addMemberToCompany(String membershipId, String companyId) {
        stateVersion++;
        memberships.get(membershipId).put("companyRef", companyId);
        memberships.get(membershipId).put("companyRole", "member");
    }

    /** Spacebring sends no webhook when a user leaves a company. */
    public synchronized void removeMemberFromCompany(String membershipId) {
        stateVersion++;
        memberships.get(membershipId).remove("companyRef");
        memberships.get(membershipId).remove("companyRole");
    }

    // ------------------------------------------------------------------ resources, bookings, visits

    public synchronized String createResource(String locationRef, String title, String type) {
        stateVersion++;
        String id = UUID.randomUUID().toString();
        resources.put(id, json("id", id, "locationRef", locationRef, "networkRef", networkRef, "title", title, "type", type,
                "createDate", now(), "children", List.of(), "assignments", new ArrayList<>(), "capacity", 1));
        webhook(envelope("resource.created", "resource", resources.get(id)));
        return id;
    }

    public synchronized void renameResource(String resourceId, String title) {
        stateVersion++;
        resources.get(resourceId).put("title", title);
        webhook(envelope("resource.updated", "resource", resources.get(resourceId)));
    }

    /** Assigns the resource to a member's user or to a company by a subscription, from start to end (null: open). */
    @SuppressWarnings("unchecked")
    public synchronized void assignResource(String resourceId, String membershipOrCompanyId, String subscriptionId, Instant start,
                                            Instant end) {
        stateVersion++;
        Map<String, Object> customer = companies.containsKey(membershipOrCompanyId)
                ? json("id", membershipOrCompanyId, "type", "company", "title", companies.get(membershipOrCompanyId).get("title"))
                : json("id", memberships.get(membershipOrCompanyId).get("userRef"), "type", "user", "user",
                        memberships.get(membershipOrCompanyId).get("user"));
        Map<String, Object> subscription = json("id", subscriptionId, "startDate", start.toString());
        if (end != null) {
            subscription.put("endDate", end.toString());
        }
        ((List<Map<String, Object>>) resources.get(resourceId).get("assignments")).add(json("id", UUID.randomUUID().toString(),
                "resourceRef", resourceId, "customer", customer, "entire", true, "subscription", subscription));
        webhook(envelope("resource.updated", "resource", resources.get(resourceId)));
    }

    /** A confirmed booking of the resource by a member, with attendees (members too); webhook booking.created. */
    public synchronized String book(String resourceId, String ownerMembershipId, Instant start, Instant end, String... attendeeMembershipIds) {
        return addBooking(UUID.randomUUID().toString(), resourceId, ownerMembershipId, start, end, "confirmed", attendeeMembershipIds);
    }

    public synchronized String bookTentatively(String resourceId, String ownerMembershipId, Instant start, Instant end) {
        return addBooking(UUID.randomUUID().toString(), resourceId, ownerMembershipId, start, end, "tentative");
    }

    /**
     * A repeating booking, one occurrence a day for {@code days} days from start; each occurrence's id is
     * {bookingId}_{isoDate}. Returns the occurrences' ids.
     */
    public synchronized List<String> bookRepeating(String resourceId, String ownerMembershipId, Instant start, Instant end, int days) {
        String series = UUID.randomUUID().toString();
        List<String> ids = new ArrayList<>();
        for (int day = 0; day < days; day++) {
            Instant occurrenceStart = start.plus(Duration.ofDays(day));
            ids.add(addBooking(series + "_" + occurrenceStart.atZone(java.time.ZoneOffset.UTC).toLocalDate(), resourceId, ownerMembershipId,
                    occurrenceStart, end.plus(Duration.ofDays(day)), "confirmed"));
        }
        return ids;
    }

    public synchronized void confirmBooking(String bookingId) {
        stateVersion++;
        bookingStatus.put(bookingId, "confirmed");
        webhook(envelope("booking.updated", "booking", bookings.get(bookingId)));
    }

    public synchronized void moveBooking(String bookingId, Instant start, Instant end) {
        stateVersion++;
        bookings.get(bookingId).put("startDate", start.toString());
        bookings.get(bookingId).put("endDate", end.toString());
        bookings.get(bookingId).put("updateDate", now());
        webhook(envelope("booking.updated", "booking", bookings.get(bookingId)));
    }

    /** Cancels the booking (or one occurrence): it keeps its id, with a deleteDate; webhook booking.deleted. */
    public synchronized void cancelBooking(String bookingId) {
        stateVersion++;
        bookingStatus.put(bookingId, "canceled");
        bookings.get(bookingId).put("deleteDate", now());
        webhook(envelope("booking.deleted", "booking", bookings.get(bookingId)));
    }

    /** Cancels without a webhook: only the poll sees it. */
    public synchronized void cancelBookingQuietly(String bookingId) {
        stateVersion++;
        bookingStatus.put(bookingId, "canceled");
        bookings.get(bookingId).put("deleteDate", now());
    }

    private String addBooking(String id, String resourceId, String ownerMembershipId, Instant start, Instant end, String status,
                              String... attendeeMembershipIds) {
        stateVersion++;
        Map<String, Object> owner = memberships.get(ownerMembershipId);
        List<Map<String, Object>> attendees = new ArrayList<>();
        for (String attendee : attendeeMembershipIds) {
            attendees.add(json("membershipRef", attendee, "user", memberships.get(attendee).get("user")));
        }
        Map<String, Object> booking = json("id", id, "resourceRef", resourceId, "startDate", start.toString(), "endDate", end.toString(),
                "createDate", now(), "updateDate", now(), "membershipRefOwner", ownerMembershipId, "userOwner", owner.get("user"),
                "attendees", attendees, "payments", List.of(), "entire", true, "seats", 1,
                "title", resources.get(resourceId).get("title"));
        bookings.put(id, booking);
        bookingStatus.put(id, status);
        webhook(envelope("booking.created", "booking", booking));
        return id;
    }

    /** A visitor expected at the location on the day of {@code date}: pre-registered, so Spacebring sends no webhook. */
    public synchronized String expectVisitor(String locationRef, String hostMembershipId, String email, String name, String surname,
                                             Instant date) {
        stateVersion++;
        String id = UUID.randomUUID().toString();
        String visitor = userRefByEmail.computeIfAbsent(email, unknown -> UUID.randomUUID().toString());
        Map<String, Object> host = memberships.get(hostMembershipId);
        Map<String, Object> location = locations.get(locationRef);
        visits.put(id, json("id", id, "locationRef", locationRef, "date", date.toString(), "createDate", now(), "code", "1234",
                "userRefVisitor", visitor, "visitor", json("email", email, "name", name, "surname", surname),
                "userRefHost", host.get("userRef"), "membershipRefHost", hostMembershipId, "userHost", host.get("user"),
                "customer", json("id", host.get("userRef"), "user", host.get("user")),
                "location", json("id", locationRef, "title", location.get("title"), "timezoneId", location.get("timezoneId"))));
        return id;
    }

    public synchronized void checkInVisitor(String visitId) {
        stateVersion++;
        visits.get(visitId).put("checkInDate", now());
        webhook(Map.of("visit", visits.get(visitId)));
    }

    public synchronized void checkOutVisitor(String visitId) {
        stateVersion++;
        visits.get(visitId).put("checkOutDate", now());
        webhook(Map.of("visit", visits.get(visitId)));
    }

    /** A cancelled visit sends no webhook. */
    public synchronized void cancelVisit(String visitId) {
        stateVersion++;
        visits.get(visitId).put("deleteDate", now());
    }

    public synchronized String createSubscription(NewSubscription spec) {
        stateVersion++;
        String id = UUID.randomUUID().toString();
        Map<String, Object> subscription = json("id", id, "locationRef", spec.locationRef(), "networkRef", networkRef,
                "createDate", now(), "startDate", spec.startDate().toString(), "timezoneId", timezone(spec.locationRef()),
                "period", "month", "price", 100, "credits", 0, "dayPasses", 0, "startFixed", true,
                "addPendingItemsToInvoice", false, "advanceInvoicing", Map.of("type", "default"), "assignments", List.of(),
                "billingCycleAnchor", "any", "payWithInvoice", Map.of("creditPackages", true, "desks", true, "events", true,
                        "rooms", true, "shop", true));
        if (spec.endDate() != null) {
            subscription.put("endDate", spec.endDate().toString());
        }
        List<Map<String, Object>> items = new ArrayList<>();
        for (String planRef : spec.planRefs()) {
            items.add(json("id", UUID.randomUUID().toString(), "planRef", planRef, "type", "recurring", "quantity", 1,
                    "price", 100, "title", plans.get(planRef).get("title"), "createDate", now(),
                    "plan", json("id", planRef, "title", plans.get(planRef).get("title"))));
        }
        subscription.put("items", items);
        if (spec.membershipId() != null) {
            Map<String, Object> membership = memberships.get(spec.membershipId());
            subscription.put("subscriptionType", "user");
            subscription.put("membershipRef", spec.membershipId());
            subscription.put("userRef", membership.get("userRef"));
            subscription.put("customerRef", membership.get("userRef"));
            subscription.put("customer", json("id", membership.get("userRef"), "type", "user", "user", membership.get("user")));
        } else {
            Map<String, Object> company = companies.get(spec.companyId());
            subscription.put("subscriptionType", "company");
            subscription.put("companyRef", spec.companyId());
            subscription.put("customerRef", spec.companyId());
            subscription.put("customer", json("id", spec.companyId(), "type", "company", "title", company.get("title")));
        }
        subscription.put("status", spec.status() != null ? spec.status()
                : spec.startDate().isAfter(clock.instant()) ? "scheduled" : "active");
        subscriptions.put(id, subscription);
        webhook(flatSubscription(subscription));
        return id;
    }

    /** Cancels with an end (cancellation) date: access lasts until then. */
    public synchronized void cancelSubscription(String subscriptionId, Instant endDate) {
        stateVersion++;
        Map<String, Object> subscription = subscriptions.get(subscriptionId);
        subscription.put("status", "canceled");
        subscription.put("endDate", endDate.toString());
        webhook(flatSubscription(subscription));
    }

    public synchronized void setSubscriptionStatus(String subscriptionId, String status) {
        stateVersion++;
        subscriptions.get(subscriptionId).put("status", status);
        webhook(flatSubscription(subscriptions.get(subscriptionId)));
    }

    public synchronized void deleteSubscription(String subscriptionId) {
        stateVersion++;
        Map<String, Object> subscription = subscriptions.get(subscriptionId);
        subscription.put("deleteDate", now());
        webhook(flatSubscription(subscription));
    }

    // ------------------------------------------------------------------ REST

    @Override
    protected Answer handle(Request request) {
        String query = request.query().isEmpty() ? "" : "?" + request.query();
        requests.add(request.rawPath() + query);
        if (!authorization.equals(request.header("Authorization"))) {
            return Answer.json(401, failure("unauthorized", "Basic authentication with the client id and secret is required"));
        }
        if (overRateLimit()) {
            return Answer.json(429, failure("rate_limit", "Too many requests"));
        }
        if (failuresLeft > 0) {
            failuresLeft--;
            return Answer.json(500, failure("internal", "Injected failure"));
        }
        synchronized (this) {
            if (failuresOfPartLeft > 0 && failingPart.matcher(request.rawPath() + query).find()) {
                failuresOfPartLeft--;
                return Answer.json(500, failure("internal", "Injected failure"));
            }
        }
        if (!request.method().equals("GET")) {
            return Answer.json(405, failure("method", "The simulator only reads"));
        }
        synchronized (this) {
            watchPolls(request);
            return read(request);
        }
    }

    /** Polls that began while another one was still going on, from any client (see {@link #watchPolls}). */
    public synchronized int overlappingPolls() {
        return overlappingPolls;
    }

    /** Polls begun: first pages of a location's list of deleted memberships, which only a poll reads. */
    public synchronized int pollsBegun() {
        return pollsBegun;
    }

    /**
     * A poll is known by its walk of the location's deleted memberships: only a poll reads that list (a webhook asks
     * for one user's memberships, a burst of webhooks for the location's members or new subscriptions). A poll reads
     * its lists side by side, so two polls at once show as a walk of that list that begins while another walk of it is
     * going on; a walk that asked for nothing for {@link #POLL_GONE_AFTER} (its bridge died, or its poll failed) is over.
     */
    private void watchPolls(Request request) {
        String list = pollList(request);
        if (!POLL_LIST.equals(list)) {
            return;
        }
        Instant now = Instant.now();
        walksGoing.values().removeIf(last -> Duration.between(last, now).compareTo(POLL_GONE_AFTER) >= 0);
        if (request.query("nextPageToken") == null) {
            pollsBegun++;
            overlappingPolls += walksGoing.containsKey(list) ? 1 : 0;
        }
        walksGoing.put(list, now);
    }

    /** The path of a request for a whole list of one location (not one user's or one company's rows). */
    private static String pollList(Request request) {
        return request.query("locationRef") == null || request.query("userRef") != null || request.query("companyRef") != null
                ? "" : request.path().replaceAll("/+$", "");
    }

    private Answer read(Request request) {
        String path = request.path().replaceAll("/+$", "");
        String[] s = request.segments();
        if (path.equals("/community/memberships/v1")) {
            return list(request, "memberships", memberships.values().stream()
                    .filter(eq("locationRef", request.query("locationRef")))
                    .filter(eq("companyRef", request.query("companyRef")))
                    .filter(eq("userRef", request.query("userRef")))
                    .filter(eq("type", request.query("types")))
                    .filter(m -> request.query("userEmail") == null || request.query("userEmail").equalsIgnoreCase(email(m)))
                    .filter(m -> m.get("status").equals(request.query("status") == null ? "approved" : request.query("status"))),
                    true);
        }
        if (path.equals("/community/memberships/v1/deleted")) {
            return list(request, "memberships", deletedMemberships.values().stream()
                    .filter(eq("locationRef", request.query("locationRef")))
                    .filter(m -> request.query("userEmail") == null || request.query("userEmail").equalsIgnoreCase(email(m))),
                    true);
        }
        if (path.equals("/community/companies/v1")) {
            return list(request, "companies", companies.values().stream()
                    .filter(c -> !c.containsKey("deleteDate"))
                    .filter(eq("locationRef", request.query("locationRef"))), true);
        }
        if (path.startsWith("/community/companies/v1/") && s.length == 4) {
            return one("company", companies.get(s[3]));
        }
        if (path.equals("/subscriptions/v1")) {
            Set<String> statuses = request.query("status") == null ? DEFAULT_SUBSCRIPTION_STATUSES
                    : Set.of(request.query("status").split(","));
            return list(request, "subscriptions", subscriptions.values().stream()
                    .filter(sub -> !sub.containsKey("deleteDate"))
                    .filter(sub -> statuses.contains((String) sub.get("status")))
                    .filter(eq("locationRef", request.query("locationRef")))
                    .filter(eq("customerRef", request.query("customerRef")))
                    .filter(sub -> request.query("planRef") == null || planRefs(sub).contains(request.query("planRef")))
                    .filter(sub -> inRange(sub, "createDate", request)), false);
        }
        if (path.startsWith("/subscriptions/v1/") && s.length == 3) {
            return one("subscription", subscriptions.get(s[2]));
        }
        if (path.equals("/resources/v1")) {
            return list(request, "resources", resources.values().stream().filter(eq("locationRef", request.query("locationRef"))), true);
        }
        if (path.startsWith("/resources/v1/") && s.length == 3) {
            return one("resource", resources.get(s[2]));
        }
        if (path.equals("/resources/bookings/v1")) {
            if (request.query("locationRef") == null && request.query("resourceRef") == null) {
                return Answer.json(400, failure("validation", "locationRef or resourceRef is required"));
            }
            Set<String> statuses = Set.of((request.query("status") == null ? "tentative,confirmed" : request.query("status")).split(","));
            return list(request, "bookings", bookingsListed("true".equals(request.query("singleBookings")))
                    .filter(b -> statuses.contains(bookingStatus.get((String) b.get("id"))))
                    .filter(eq("resourceRef", request.query("resourceRef")))
                    .filter(b -> request.query("locationRef") == null
                            || request.query("locationRef").equals(resources.get((String) b.get("resourceRef")).get("locationRef")))
                    .filter(b -> inRange(b, "startDate", request) && inRange(b, "endDate", request)), false);
        }
        if (path.startsWith("/resources/bookings/v1/") && s.length == 4) {
            return one("booking", bookings.get(java.net.URLDecoder.decode(s[3], StandardCharsets.UTF_8)));
        }
        if (path.equals("/visitors/visits/v1")) {
            return list(request, "visits", visits.values().stream().filter(eq("locationRef", request.query("locationRef")))
                    .filter(v -> inRange(v, "date", request)), true);
        }
        if (path.startsWith("/visitors/visits/v1/") && s.length == 4) {
            return one("visit", visits.get(s[3]));
        }
        if (path.equals("/plans/v1")) {
            return list(request, "plans", plans.values().stream().filter(eq("locationRef", request.query("locationRef"))), false);
        }
        if (path.equals("/locations/v1")) {
            return Answer.json(200, Map.of("locations", List.copyOf(locations.values())));
        }
        if (path.startsWith("/locations/v1/") && s.length == 3) {
            return one("location", locations.get(s[2]));
        }
        return Answer.json(404, failure("not_found", "No such endpoint: " + path));
    }

    /** One cursor page. The token encodes the position and the filters, which must not change between pages. */
    private Answer list(Request request, String field, Stream<Map<String, Object>> matching, boolean locationRequired) {
        if (locationRequired && request.query("locationRef") == null) {
            return Answer.json(400, failure("validation", "locationRef is required"));
        }
        int limit;
        try {
            limit = request.query("limit") == null ? 25 : Integer.parseInt(request.query("limit"));
        } catch (NumberFormatException e) {
            return Answer.json(400, failure("validation", "limit must be a number"));
        }
        if (limit < 1 || limit > 100) {
            return Answer.json(400, failure("validation", "limit must be between 1 and 100"));
        }
        if (maxPageSize > 0) {
            limit = Math.min(limit, maxPageSize);
        }
        Map<String, String> filters = new LinkedHashMap<>(request.query());
        filters.remove("limit");
        filters.remove("nextPageToken");
        String filterSignature = Integer.toHexString(filters.hashCode());
        int offset = 0;
        if (request.query("nextPageToken") != null && !repeatPageToken) {
            String[] token = new String(Base64.getUrlDecoder().decode(request.query("nextPageToken")), StandardCharsets.UTF_8).split(":");
            if (token.length != 2 || !token[1].equals(filterSignature)) {
                return Answer.json(400, failure("validation", "nextPageToken does not belong to these filters"));
            }
            offset = Integer.parseInt(token[0]);
        }
        if (cachedVersion != stateVersion) {
            listCache.clear();
            cachedVersion = stateVersion;
        }
        List<Map<String, Object>> all = listCache.computeIfAbsent(request.path() + "?" + filterSignature, key -> matching
                .filter(row -> !unlisted.contains((String) row.get("id")))
                .flatMap(row -> listedTwice.contains((String) row.get("id")) ? Stream.of(row, row) : Stream.of(row)).toList());
        List<Map<String, Object>> page = all.subList(Math.min(offset, all.size()), Math.min(all.size(), offset + limit + 1));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(field, page.subList(0, Math.min(limit, page.size())));
        if (page.size() <= limit) {
            walksGoing.remove(pollList(request));
        }
        if (page.size() > limit) {
            body.put("nextPageToken", Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(((offset + limit) + ":" + filterSignature).getBytes(StandardCharsets.UTF_8)));
        }
        return Answer.json(200, body);
    }

    private Answer one(String field, Map<String, Object> value) {
        if (value == null) {
            return Answer.json(404, failure("not_found", "No such " + field));
        }
        if (foreignAnswers) {
            Map<String, Object> other = new LinkedHashMap<>(value);
            other.put("id", UUID.randomUUID().toString());
            return Answer.json(200, Map.of(field, other));
        }
        return Answer.json(200, Map.of(field, value));
    }

    private boolean overRateLimit() {
        if (requestsPerSecond <= 0) {
            return false;
        }
        synchronized (recentRequests) {
            Instant now = Instant.now();
            while (!recentRequests.isEmpty() && recentRequests.peekFirst().isBefore(now.minusSeconds(1))) {
                recentRequests.removeFirst();
            }
            if (recentRequests.size() >= requestsPerSecond) {
                return true;
            }
            recentRequests.addLast(now);
            return false;
        }
    }

    // ------------------------------------------------------------------ helpers

    private String addMembership(String locationRef, String email, String name, String surname, String status, String event,
                                 String companyId, String type) {
        String id = UUID.randomUUID().toString();
        String userRef = userRefByEmail.computeIfAbsent(email, unknown -> UUID.randomUUID().toString());
        Map<String, Object> user = json("id", userRef, "email", email, "name", name, "surname", surname);
        Map<String, Object> membership = json("id", id, "userRef", userRef, "locationRef", locationRef, "status", status,
                "type", type, "role", "member", "createDate", now(), "invitationDate", now(), "metadata", Map.of(),
                "user", user);
        if (companyId != null) {
            membership.put("companyRef", companyId);
            membership.put("companyRole", "member");
        }
        memberships.put(id, membership);
        webhook(envelope(event, "membership", membership));
        return id;
    }

    /** Subscription webhooks are flat, carry no type, no status and no items[].planRef. */
    private Map<String, Object> flatSubscription(Map<String, Object> subscription) {
        Map<String, Object> flat = new LinkedHashMap<>(subscription);
        flat.remove("status");
        flat.remove("subscriptionType");
        flat.remove("customer");
        flat.remove("customerRef");
        flat.remove("networkRef");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = (List<Map<String, Object>>) subscription.get("items");
        flat.put("items", items.stream().map(item -> {
            Map<String, Object> copy = new LinkedHashMap<>(item);
            copy.remove("planRef");
            copy.remove("plan");
            return copy;
        }).toList());
        if (subscription.get("companyRef") != null) {
            flat.put("company", companies.get((String) subscription.get("companyRef")));
        } else {
            flat.put("user", memberships.getOrDefault((String) subscription.get("membershipRef"), Map.of()).get("user"));
        }
        return flat;
    }

    private void webhook(Map<String, Object> payload) {
        if (webhookUrl == null) {
            return;
        }
        String body;
        try {
            body = JSON.writeValueAsString(payload);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        if (autoDeliver) {
            deliver("msg_" + UUID.randomUUID().toString().replace("-", ""), body);
        } else {
            pendingWebhooks.add(body);
        }
    }

    /** Occurrences one by one with singleBookings=true; otherwise a repeating booking once, by its own id. */
    private Stream<Map<String, Object>> bookingsListed(boolean single) {
        if (single) {
            return bookings.values().stream();
        }
        Map<String, Map<String, Object>> series = new LinkedHashMap<>();
        for (Map<String, Object> booking : bookings.values()) {
            String id = (String) booking.get("id");
            String seriesId = id.contains("_") ? id.substring(0, id.indexOf('_')) : id;
            series.putIfAbsent(seriesId, booking);
        }
        return series.values().stream();
    }

    /** The filters field[lt|lte|gt|gte] of a list, on an ISO-8601 instant field. */
    private static boolean inRange(Map<String, Object> row, String field, Request request) {
        Instant value = Instant.parse((String) row.get(field));
        for (String op : List.of("lt", "lte", "gt", "gte")) {
            String bound = request.query(field + "[" + op + "]");
            if (bound == null) {
                continue;
            }
            int c = value.compareTo(Instant.parse(bound));
            boolean ok = switch (op) {
                case "lt" -> c < 0;
                case "lte" -> c <= 0;
                case "gt" -> c > 0;
                default -> c >= 0;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Object> envelope(String type, String field, Map<String, Object> value) {
        return json("type", type, field, value);
    }

    private String timezone(String locationRef) {
        return (String) locations.getOrDefault(locationRef, Map.of("timezoneId", "UTC")).get("timezoneId");
    }

    @SuppressWarnings("unchecked")
    private static String email(Map<String, Object> membership) {
        return (String) ((Map<String, Object>) membership.get("user")).get("email");
    }

    @SuppressWarnings("unchecked")
    private static List<String> planRefs(Map<String, Object> subscription) {
        return ((List<Map<String, Object>>) subscription.get("items")).stream().map(i -> (String) i.get("planRef")).toList();
    }

    private static Predicate<Map<String, Object>> eq(String field, String wanted) {
        return value -> wanted == null || wanted.equals(value.get(field));
    }

    private static Map<String, Object> failure(String type, String message) {
        return Map.of("type", type, "message", message);
    }

    private String now() {
        return clock.instant().toString();
    }

    private static Map<String, Object> json(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
