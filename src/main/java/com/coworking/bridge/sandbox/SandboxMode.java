package com.coworking.bridge.sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.coworking.bridge.StartMode;

/** {@code --sandbox} (or {@code BRIDGE_SANDBOX=true}), with {@code --watch} to play the day again after each route save. */
public final class SandboxMode implements StartMode {

    @Override
    public boolean isWanted(List<String> arguments) {
        return arguments.contains("--sandbox") || "true".equalsIgnoreCase(System.getenv("BRIDGE_SANDBOX"));
    }

    @Override
    public void run(Path workingDirectory, List<String> arguments) throws Exception {
        // The simulators run on the JDK's HTTP server, which reads this once, before its first server starts
        System.setProperty("sun.net.httpserver.nodelay", "true");
        Sandbox.create(workingDirectory, Map.of()).run(arguments.contains("--watch"));
    }
}
