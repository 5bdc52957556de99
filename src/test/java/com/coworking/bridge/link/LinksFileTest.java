package com.coworking.bridge.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.coworking.bridge.access.AccessPolicy;
import com.coworking.bridge.access.TagNames;
import com.coworking.bridge.access.TagRef;

/** LINKS_FILE as operators write it: what it gives, and the message for each mistake, with its line. */
class LinksFileTest {

    private static final DoorSettings DOORS = new DoorSettings(true, false, false,
            new AccessPolicy.BookingTimes(Duration.ofMinutes(15), Duration.ofMinutes(15), Duration.ofHours(24)), 14);
    private static final TagNames DEFAULTS = TagNames.of("Spacebring plan: {title}", "Spacebring company: {title}", "Spacebring resource: {title}", "Spacebring visitors", Map.of(), Map.of(), Map.of());
    private static final Map<String, String> ENVIRONMENT = Map.of("MILANO_SECRET", "s3cret", "ROMA_SECRET", "other");

    @TempDir
    Path folder;

    private List<Link> read(String yaml) throws IOException {
        Path file = Files.writeString(folder.resolve("links.yaml"), yaml);
        return LinksFile.read(file, ENVIRONMENT::get, DEFAULTS, DOORS, 20);
    }

    private static final String MILANO = """
            links:
              - name: milano
                locationRef: loc-milano
                luckey:
                  baseUrl: https://milano.example/api/v1
                  clientId: milano-client
                  clientSecret: ${MILANO_SECRET}
            """;

    @Test
    void aLinkWithDefaultsAndOneWithEverythingSet() throws IOException {
        List<Link> links = read(MILANO + """
                  - name: roma
                    locationRef: loc-roma
                    enabled: false
                    luckey:
                      baseUrl: https://roma.example/api/v1/
                      clientId: roma-client
                      clientSecret: ${ROMA_SECRET}
                      requestsPerSecond: 5
                    tags:
                      planTemplate: "Roma: {title}"
                      plans: {plan-1: "Front door"}
                      companies: {company-1: "Acme floor"}
                """);

        assertThat(links).extracting(Link::name).containsExactly("milano", "roma");
        Link milano = links.get(0);
        assertThat(milano.enabled()).isTrue();
        assertThat(milano.luckey().clientSecret()).isEqualTo("s3cret");
        assertThat(milano.luckey().requestsPerSecond()).isEqualTo(20);
        assertThat(milano.tags().nameOf(TagRef.plan("p"), "Hot desk")).isEqualTo("Spacebring plan: Hot desk");
        Link roma = links.get(1);
        assertThat(roma.isActive()).isFalse();
        assertThat(roma.luckey().requestsPerSecond()).isEqualTo(5);
        assertThat(roma.tags().nameOf(TagRef.plan("p"), "Hot desk")).isEqualTo("Roma: Hot desk");
        assertThat(roma.tags().nameOf(TagRef.plan("plan-1"), "Hot desk")).isEqualTo("Front door");
        assertThat(roma.tags().nameOf(TagRef.company("company-1"), "Acme")).isEqualTo("Acme floor");
        assertThat(roma.tags().nameOf(TagRef.company("c"), "Acme")).isEqualTo("Spacebring company: Acme");
        assertThat(roma.luckey().toString()).as("never the secret").doesNotContain("other");
    }

    @Test
    void aTypoInAKeyNamesTheLineAndTheKnownKeys() {
        assertThatThrownBy(() -> read(MILANO.replace("locationRef:", "locatonRef:")))
                .hasMessageContaining("links.yaml line 3: unknown key 'locatonRef' in a link")
                .hasMessageContaining("known keys: bookings, enabled, locationRef, luckey, name, tags, visitors");
        assertThatThrownBy(() -> read(MILANO.replace("clientId:", "client_id:")))
                .hasMessageContaining("line 6: unknown key 'client_id' in luckey of link 'milano'");
    }

    @Test
    void aDuplicateNameIsRefused() {
        assertThatThrownBy(() -> read(MILANO + MILANO.substring("links:\n".length()).replace("loc-milano", "loc-2")))
                .hasMessageContaining("line 8: two links are named 'milano' (the first at line 2)");
    }

    @Test
    void aLocationLinkedTwiceIsRefused() {
        assertThatThrownBy(() -> read(MILANO + MILANO.substring("links:\n".length()).replace("name: milano", "name: milano-2")))
                .hasMessageContaining("links 'milano' and 'milano-2' both link location loc-milano");
    }

    @Test
    void aSecretFromAnEnvironmentVariableThatIsNotSetIsRefused() {
        assertThatThrownBy(() -> read(MILANO.replace("MILANO_SECRET", "MILANO_LUCKEY_SECRET")))
                .hasMessageContaining("line 7: luckey.clientSecret reads the environment variable MILANO_LUCKEY_SECRET, which is not set");
    }

    @Test
    void missingValuesBadNamesAndBadYamlAreRefused() {
        assertThatThrownBy(() -> read(MILANO.replace("    locationRef: loc-milano\n", "")))
                .hasMessageContaining("line 2: link 'milano' has no 'locationRef'");
        assertThatThrownBy(() -> read(MILANO.replace("name: milano", "name: Milano Centro")))
                .hasMessageContaining("line 2: link name 'Milano Centro' may hold only a-z, 0-9 and '-'");
        assertThatThrownBy(() -> read(MILANO.replace("https://milano.example", "milano.example")))
                .hasMessageContaining("line 5: luckey.baseUrl of link 'milano' must start with http:// or https://");
        assertThatThrownBy(() -> read(MILANO + "    enabled: yes please\n"))
                .hasMessageContaining("line 8: enabled of link 'milano' must be true or false");
        assertThatThrownBy(() -> read("links: [\n")).hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> read("")).hasMessageContaining("the file is empty");
        assertThatThrownBy(() -> LinksFile.read(folder.resolve("nowhere.yaml"), ENVIRONMENT::get, DEFAULTS, DOORS, 20))
                .hasMessageContaining("nowhere.yaml cannot be read");
    }

    @Test
    void twoLinksOnOneLuckeyAccountMustNameTheirTagsApart() throws IOException {
        String roma = MILANO.substring("links:\n".length()).replace("name: milano", "name: roma").replace("loc-milano", "loc-roma")
                .replace("${MILANO_SECRET}", "${ROMA_SECRET}");
        assertThatThrownBy(() -> read(MILANO + roma))
                .hasMessageContaining("links 'milano' and 'roma' share the Luckey account milano-client at https://milano.example/api/v1")
                .hasMessageContaining("the same plan tag template 'Spacebring plan: {title}'");

        List<Link> apart = read(MILANO + roma + """
                    tags:
                      planTemplate: "Roma: {title}"
                      companyTemplate: "Roma company: {title}"
                      resourceTemplate: "Roma room: {title}"
                """);
        assertThat(new Links(apart).sharingAccountWith(apart.get(0))).containsExactly("milano", "roma");
        assertThatThrownBy(() -> read((MILANO + "    visitors: {enabled: true}\n" + roma + """
                    tags:
                      planTemplate: "Roma: {title}"
                      companyTemplate: "Roma company: {title}"
                      resourceTemplate: "Roma room: {title}"
                    visitors: {enabled: true}
                """))).hasMessageContaining("visitors on in both");
        assertThatThrownBy(() -> read(MILANO + roma + """
                    tags:
                      planTemplate: "Roma: {title}"
                      companyTemplate: "Roma company: {title}"
                """)).hasMessageContaining("the same resource tag template 'Spacebring resource: {title}'");
    }

    @Test
    void aLinkMaySetItsOwnBookingsAndVisitorsAndKeepsTheSettingsForTheRest() throws IOException {
        Link link = read(MILANO + """
                    bookings: {enabled: true, openBeforeMs: 600000, pollDaysAhead: 7}
                    visitors: {enabled: true}
                """).get(0);

        assertThat(link.doors()).isEqualTo(new DoorSettings(true, false, true,
                new AccessPolicy.BookingTimes(Duration.ofMinutes(10), Duration.ofMinutes(15), Duration.ofHours(24)), 7));
        assertThat(read(MILANO).get(0).doors()).isEqualTo(DOORS);
        assertThatThrownBy(() -> read(MILANO + "    bookings: {openBeforeMs: soon}\n"))
                .hasMessageContaining("line 8: bookings.openBeforeMs of link 'milano' must be a whole number, 0 or more, not 'soon'");
        assertThatThrownBy(() -> read(MILANO + "    bookings: {tentative: true}\n"))
                .hasMessageContaining("unknown key 'tentative' in bookings of link 'milano'");
    }
}
