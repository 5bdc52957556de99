package com.coworking.bridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.coworking.bridge.support.FreePorts;
import com.coworking.bridge.support.TestDatabase;

/** Sandbox mode does what its log promises: both people invited, each in their tag. */
class SandboxTest {

    @Test
    void theSandboxDayEndsWithBothPeopleInTheirTags() throws Exception {
        TestDatabase.shared().truncateAll();
        Map<String, String> settings = Map.of("camel.server.host", "127.0.0.1", "camel.server.port", String.valueOf(FreePorts.next()),
                "camel.management.host", "127.0.0.1", "camel.management.port", String.valueOf(FreePorts.next()),
                "bridge.db.url", TestDatabase.shared().jdbcUrl());
        try (Sandbox sandbox = Sandbox.start(Path.of("").toAbsolutePath(), settings)) {
            sandbox.playTheDay();

            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                    sandbox.luckey().tagMembers(Sandbox.HOT_DESK_TAG).equals(Set.of("ada@example.com"))
                            && sandbox.luckey().tagMembers(Sandbox.ACME_TAG).equals(Set.of("bob@example.com")));
            assertThat(sandbox.luckey().activationEmails()).containsExactlyInAnyOrder("ada@example.com", "bob@example.com");
        }
    }
}
