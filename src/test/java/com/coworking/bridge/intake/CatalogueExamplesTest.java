package com.coworking.bridge.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.coworking.bridge.support.IntakeTestBase;

/**
 * Every membership, company and subscription example of Spacebring's webhook catalogue, delivered signed,
 * is stored with the right type and references. The catalogue's placeholder {@code "type": "some string"}
 * is replaced by the event's name, as Spacebring sends it.
 */
class CatalogueExamplesTest extends IntakeTestBase {

    /** A copy of shared/contracts/spacebring/webhook-events.json: tests read only what is in the repository. */
    private static final String CATALOGUE = "/contracts/spacebring/webhook-events.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final java.util.regex.Pattern UUID = java.util.regex.Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    static Stream<Arguments> examples() throws IOException {
        return catalogueExamples(List.of("membership", "company", "subscription"));
    }

    static Stream<Arguments> subscriptionExamples() throws IOException {
        return catalogueExamples(List.of("subscription"));
    }

    private static Stream<Arguments> catalogueExamples(List<String> families) throws IOException {
        JsonNode catalogue;
        try (InputStream in = CatalogueExamplesTest.class.getResourceAsStream(CATALOGUE)) {
            assertThat(in).as("the catalogue copied into src/test/resources").isNotNull();
            catalogue = JSON.readTree(in);
        }
        List<Arguments> examples = new ArrayList<>();
        for (JsonNode event : catalogue) {
            String name = event.path("name").asText();
            String family = name.substring(0, name.indexOf('.'));
            if (!families.contains(family)) {
                continue;
            }
            for (JsonNode schema : event.path("schemas")) {
                for (JsonNode example : schema.path("examples")) {
                    ObjectNode payload = example.deepCopy();
                    if (payload.has("type")) {
                        payload.put("type", name);
                    }
                    examples.add(Arguments.of(name, JSON.writeValueAsString(payload)));
                }
            }
        }
        assertThat(examples).hasSizeGreaterThanOrEqualTo(families.size() * 2);
        return examples.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void storesTheExampleWithItsTypeAndReferences(String name, String payload) throws Exception {
        assertThat(webhooks.send(payload).statusCode()).isEqualTo(200);

        Map<String, Object> row = db.query("select * from inbox").get(0);
        JsonNode sent = JSON.readTree(payload);
        assertThat(row.get("payload")).isEqualTo(payload);
        List<String> invalid = invalidRefs(sent);
        if (invalid.isEmpty()) {
            assertThat(row.get("status")).isEqualTo("pending");
        } else if (decisiveInvalid(name, sent)) {
            // The catalogue's examples hold placeholders such as "some string" where Spacebring sends UUIDs
            assertThat(row.get("status")).isEqualTo("rejected");
            assertThat((String) row.get("reason")).contains("is not a Spacebring id");
        } else {
            // Only a reference that decides nothing cannot be read (subscription.user.id is an integer): noted, applied
            assertThat(row.get("status")).isEqualTo("pending");
            assertThat((String) row.get("reason")).startsWith("ignored, not a Spacebring id (a UUID): ");
        }
        // A reference that is not a UUID is never stored as a reference (the reason names the first one)
        sent = withoutInvalid(sent);
        switch (name.substring(0, name.indexOf('.'))) {
            case "membership" -> {
                JsonNode m = sent.path("membership");
                assertThat(row).containsEntry("event_type", name)
                        .containsEntry("membership_ref", text(m, "id"))
                        .containsEntry("user_ref", text(m, "userRef"))
                        .containsEntry("company_ref", text(m, "companyRef"))
                        .containsEntry("subscription_ref", text(m, "subscriptionRef"))
                        .containsEntry("location_ref", text(m, "locationRef"));
            }
            case "company" -> {
                JsonNode c = sent.path("company");
                assertThat(row).containsEntry("event_type", name)
                        .containsEntry("company_ref", text(c, "id"))
                        .containsEntry("subscription_ref", text(c, "subscriptionRef"))
                        .containsEntry("location_ref", text(c, "locationRef"));
            }
            default -> {
                // Flat and typeless: recognised by shape. The catalogue's examples carry no deleteDate, so all four -
                // subscription.deleted's too - read as a change; the bridge fetches the subscription to learn its state.
                assertThat(row).containsEntry("event_type", "subscription.changed")
                        .containsEntry("subscription_ref", text(sent, "id"))
                        .containsEntry("membership_ref", text(sent, "membershipRef"))
                        .containsEntry("company_ref", text(sent, "companyRef"))
                        .containsEntry("user_ref", text(sent.path("user"), "id"))
                        .containsEntry("location_ref", text(sent, "locationRef"));
            }
        }
    }

    /** The references an example carries that are not UUIDs (the catalogue holds placeholders such as "some string"). */
    private static List<String> invalidRefs(JsonNode sent) {
        List<String> invalid = new ArrayList<>();
        for (JsonNode node : List.of(sent, sent.path("membership"), sent.path("company"), sent.path("user"))) {
            node.fields().forEachRemaining(field -> {
                if ((field.getKey().endsWith("Ref") || field.getKey().equals("id")) && field.getValue().isValueNode()
                        && !field.getValue().isNull() && !UUID.matcher(field.getValue().asText()).matches()) {
                    invalid.add(field.getKey());
                }
            });
        }
        return invalid;
    }

    /** Whether a reference that decides the lookup (the event's own id, its user for a membership, the location) is not a UUID. */
    private static boolean decisiveInvalid(String name, JsonNode sent) {
        List<JsonNode> decisive = switch (name.substring(0, name.indexOf('.'))) {
            case "membership" -> List.of(sent.path("membership").path("id"), sent.path("membership").path("userRef"),
                    sent.path("membership").path("locationRef"));
            case "company" -> List.of(sent.path("company").path("id"), sent.path("company").path("locationRef"));
            default -> List.of(sent.path("id"), sent.path("locationRef"));
        };
        return decisive.stream().anyMatch(value -> value.isValueNode() && !value.isNull() && !UUID.matcher(value.asText()).matches());
    }

    /** The example as the inbox keeps its references: values that are not UUIDs become null. */
    private static JsonNode withoutInvalid(JsonNode sent) {
        ObjectNode copy = sent.deepCopy();
        for (JsonNode node : List.of(copy, copy.path("membership"), copy.path("company"), copy.path("user"))) {
            if (node instanceof ObjectNode object) {
                List<String> names = new ArrayList<>();
                object.fieldNames().forEachRemaining(names::add);
                for (String name : names) {
                    JsonNode value = object.get(name);
                    if ((name.endsWith("Ref") || name.equals("id")) && value.isValueNode() && !value.isNull()
                            && !UUID.matcher(value.asText()).matches()) {
                        object.remove(name);
                    }
                }
            }
        }
        return copy;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("locationEvents")
    void storesLocationEventsWithTheLocation(String type) throws Exception {
        // The catalogue has no example for location events; this is their documented envelope.
        String location = "4fe78c00-5a1e-4b7e-9c3d-0123456789ab";
        String payload = "{\"type\":\"" + type + "\",\"location\":{\"id\":\"" + location + "\",\"timezoneId\":\"Europe/Berlin\"}}";
        assertThat(webhooks.send(payload).statusCode()).isEqualTo(200);

        assertThat(db.query("select event_type, status, location_ref from inbox"))
                .containsExactly(Map.of("event_type", type, "status", "pending", "location_ref", location));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    static Stream<String> locationEvents() {
        return Stream.of("location.created", "location.updated", "location.deleted");
    }

    @ParameterizedTest(name = "{0} with a deleteDate")
    @MethodSource("subscriptionExamples")
    void recognisesAFlatSubscriptionWithADeleteDateAsDeleted(String name, String payload) throws Exception {
        ObjectNode deleted = (ObjectNode) JSON.readTree(payload);
        deleted.put("deleteDate", "2026-01-01T00:00:00Z");
        assertThat(webhooks.send(JSON.writeValueAsString(deleted)).statusCode()).isEqualTo(200);

        assertThat(db.query("select event_type from inbox").get(0)).containsEntry("event_type", "subscription.deleted");
    }
}
