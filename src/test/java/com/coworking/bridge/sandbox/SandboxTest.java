package com.coworking.bridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.coworking.bridge.support.FreePorts;
import com.coworking.bridge.support.TestDatabase;

/** The sandbox day, as `java -jar ... --sandbox` plays it: every check of Luckey's end state passes. */
class SandboxTest {

    @Test
    void theSandboxDayEndsWithEveryCheckPassed(@TempDir Path folder) throws Exception {
        try (Sandbox sandbox = Sandbox.create(folder, onLoopbackWithTheTestDatabase())) {
            List<String> failures = sandbox.startAndPlay();

            assertThat(failures).isEmpty();
        }
    }

    /** The sandbox's settings in a test: free loopback ports, and the test JVM's database, emptied. */
    static Map<String, String> onLoopbackWithTheTestDatabase() {
        TestDatabase.shared().truncateAll();
        return Map.of("camel.server.host", "127.0.0.1", "camel.server.port", String.valueOf(FreePorts.next()),
                "camel.management.host", "127.0.0.1", "camel.management.port", String.valueOf(FreePorts.next()),
                "bridge.db.url", TestDatabase.shared().jdbcUrl());
    }
}
