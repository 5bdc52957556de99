package com.coworking.bridge.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A loopback port nobody listens on right now, taken below the systems' ephemeral ranges (Linux 32768+, macOS and
 * Windows 49152+): a port the OS hands out itself (port 0) can be given to an outgoing connection or a simulator
 * between the check and the bind, and a server of the bridge then fails with "Address already in use". Each test
 * JVM (surefire runs two, property {@code test.fork}) has a range of its own, so two never pick the same port.
 */
public final class FreePorts {

    private static final int SPAN = 3000;
    private static final int FIRST = 20000 + (forkNumber() - 1) % 4 * SPAN;
    private static int next = FIRST + ThreadLocalRandom.current().nextInt(SPAN);

    private FreePorts() {
    }

    /** Surefire's fork number ("fork 2"), 1 outside surefire. */
    private static int forkNumber() {
        String digits = System.getProperty("test.fork", "").replaceAll("\\D", "");
        return digits.isEmpty() ? 1 : Integer.parseInt(digits);
    }

    public static synchronized int next() {
        for (int tried = 0; tried < SPAN; tried++) {
            int port = next;
            next = next + 1 == FIRST + SPAN ? FIRST : next + 1;
            if (nobodyListensOn(port)) {
                return port;
            }
        }
        throw new IllegalStateException("No free port between " + FIRST + " and " + (FIRST + SPAN));
    }

    private static boolean nobodyListensOn(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
