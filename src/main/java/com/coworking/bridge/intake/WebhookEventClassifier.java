package com.coworking.bridge.intake;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Body;
import org.apache.camel.Header;

import com.coworking.bridge.spacebring.SpacebringIds;

import static com.coworking.bridge.base.JsonFields.firstOf;
import static com.coworking.bridge.base.JsonFields.text;

/**
 * Reads a verified webhook body and turns it into the inbox row that stores it: the event type, whether
 * the bridge uses it, and the Spacebring references it carries. The body itself is kept verbatim. A reference
 * that is not a Spacebring id (a UUID) is never stored nor used in a request: when it is one that decides the lookup
 * the row is {@code rejected} with the reason (kept, blocking nothing); any other is named in the reason and ignored.
 */
public final class WebhookEventClassifier {

    /** Event families that can change someone's door access; every other type is stored as ignored. */
    private static final Set<String> USED_FAMILIES = Set.of("membership", "company", "subscription", "location", "booking", "resource",
            "visit");

    private static final String[] REFS = {"userRef", "membershipRef", "companyRef", "subscriptionRef", "locationRef", "bookingRef",
            "resourceRef", "visitRef"};
    /**
     * The event's own id and the references that decide what it makes the bridge fetch, and for which link: one of them unreadable
     * rejects the webhook. Any other that cannot be read (the catalogue's subscription.user.id is an integer) is
     * noted in the reason and ignored - the bridge fetches the truth by the deciding one anyway.
     */
    private static final Map<String, Set<String>> DECISIVE = Map.of(
            "membership", Set.of("membershipRef", "userRef", "locationRef"),
            "company", Set.of("companyRef", "locationRef"),
            "subscription", Set.of("subscriptionRef", "locationRef"),
            "location", Set.of("locationRef"),
            "booking", Set.of("bookingRef"),
            "resource", Set.of("resourceRef"),
            "visit", Set.of("visitRef", "locationRef"));
    private static final java.util.regex.Pattern EVENT_TYPE = java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private final ObjectMapper json = new ObjectMapper();

    public Map<String, Object> toInboxRow(@Header(SvixSignatureCheck.ID) String svixId, @Body String body)
            throws WebhookRejected {
        JsonNode payload = parse(body);
        String type = eventType(payload);
        if (!EVENT_TYPE.matcher(type).matches()) {
            throw new WebhookRejected(400, "invalid_event_type", "The event type must be 1 to 100 letters, digits, '.', '_' or '-'");
        }
        String family = type.contains(".") ? type.substring(0, type.indexOf('.')) : type;

        Map<String, Object> row = new LinkedHashMap<>();
        row.put("svixId", svixId);
        row.put("eventType", type);
        row.put("status", USED_FAMILIES.contains(family) ? "pending" : "ignored");
        row.put("userRef", null);
        row.put("membershipRef", null);
        row.put("companyRef", null);
        row.put("subscriptionRef", null);
        row.put("locationRef", null);
        row.put("bookingRef", null);
        row.put("resourceRef", null);
        row.put("visitRef", null);
        switch (family) {
            case "membership" -> membershipRefs(payload.path("membership"), row);
            case "company" -> companyRefs(payload.path("company"), row);
            case "subscription" -> subscriptionRefs(payload.path("subscription").isObject() ? payload.path("subscription") : payload, row);
            case "location" -> row.put("locationRef", text(payload.path("location"), "id"));
            case "booking" -> {
                row.put("bookingRef", text(payload.path("booking"), "id"));
                row.put("resourceRef", text(payload.path("booking"), "resourceRef"));
            }
            case "resource" -> {
                row.put("resourceRef", text(payload.path("resource"), "id"));
                row.put("locationRef", text(payload.path("resource"), "locationRef"));
            }
            case "visit" -> {
                row.put("visitRef", text(payload.path("visit"), "id"));
                row.put("userRef", text(payload.path("visit"), "userRefVisitor"));
                row.put("locationRef", text(payload.path("visit"), "locationRef"));
            }
            default -> { }
        }
        row.put("payload", body);
        row.put("reason", null);
        List<String> ignored = new ArrayList<>();
        for (String ref : REFS) {
            Object value = row.get(ref);
            if (value != null && !("bookingRef".equals(ref) ? SpacebringIds.isBookingId(value.toString()) : SpacebringIds.isId(value.toString()))) {
                // Kept out of the reference columns (it may hold anything, a NUL byte included); the reason shows it.
                row.put(ref, null);
                String shown = ref + " " + SpacebringIds.shown(value.toString());
                if (!"pending".equals(row.get("status"))) {
                    continue;
                }
                if (DECISIVE.getOrDefault(family, Set.of()).contains(ref)) {
                    row.put("status", "rejected");
                    row.put("reason", shown + " is not a Spacebring id (a UUID)");
                } else {
                    ignored.add(shown);
                }
            }
        }
        if (!ignored.isEmpty() && "pending".equals(row.get("status"))) {
            row.put("reason", "ignored, not a Spacebring id (a UUID): " + String.join(", ", ignored));
        }
        return row;
    }

    private JsonNode parse(String body) throws WebhookRejected {
        JsonNode payload;
        try {
            payload = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new WebhookRejected(400, "invalid_json", "The body is not valid JSON: " + e.getOriginalMessage());
        }
        if (payload == null || !payload.isObject()) {
            throw new WebhookRejected(400, "invalid_json", "The body must be a JSON object");
        }
        return payload;
    }

    /**
     * The envelope's {@code type}; Spacebring's subscription payloads are flat and carry none, so they are
     * recognised by their shape. Created, updated and purchased look the same, hence {@code subscription.changed}; so do
     * the visit events, hence {@code visit.changed}.
     */
    static String eventType(JsonNode payload) {
        JsonNode type = payload.get("type");
        if (type != null && type.isTextual() && !type.asText().isBlank()) {
            return type.asText();
        }
        if (isFlatSubscription(payload)) {
            return hasValue(payload, "deleteDate") ? "subscription.deleted" : "subscription.changed";
        }
        // visitors.request.approved and visitors.visit.checked_in|checked_out share one schema, with no type
        if (payload.path("visit").isObject()) {
            return "visit.changed";
        }
        return "unknown";
    }

    private static boolean isFlatSubscription(JsonNode payload) {
        return hasValue(payload, "id") && hasValue(payload, "locationRef") && hasValue(payload, "startDate")
                && payload.path("items").isArray();
    }

    private static void membershipRefs(JsonNode membership, Map<String, Object> row) {
        row.put("membershipRef", text(membership, "id"));
        row.put("userRef", firstOf(text(membership, "userRef"), text(membership.path("user"), "id")));
        row.put("companyRef", text(membership, "companyRef"));
        row.put("subscriptionRef", text(membership, "subscriptionRef"));
        row.put("locationRef", text(membership, "locationRef"));
    }

    private static void companyRefs(JsonNode company, Map<String, Object> row) {
        row.put("companyRef", text(company, "id"));
        row.put("subscriptionRef", text(company, "subscriptionRef"));
        row.put("locationRef", text(company, "locationRef"));
    }

    private static void subscriptionRefs(JsonNode subscription, Map<String, Object> row) {
        row.put("subscriptionRef", text(subscription, "id"));
        row.put("membershipRef", text(subscription, "membershipRef"));
        row.put("userRef", text(subscription.path("user"), "id"));
        row.put("companyRef", firstOf(text(subscription, "companyRef"), text(subscription.path("company"), "id")));
        row.put("locationRef", text(subscription, "locationRef"));
    }

    private static boolean hasValue(JsonNode node, String field) {
        return text(node, field) != null;
    }
}
