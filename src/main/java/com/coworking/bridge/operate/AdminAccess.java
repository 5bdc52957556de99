package com.coworking.bridge.operate;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.coworking.bridge.logging.SecretMask;

/**
 * Who may call the admin API: whoever sends {@code Authorization: Bearer <ADMIN_TOKEN>}. Without ADMIN_TOKEN the API
 * is off. The one exception is the health detail, which callers on loopback (the host itself) may read without it.
 * The caller, as the audit names them, is left in the exchange property {@code caller}.
 */
public final class AdminAccess {

    public static final String HEALTH_PATH = "/admin/health";
    private static final Logger LOG = LoggerFactory.getLogger(AdminAccess.class);
    private static final String BEARER = "bearer ";

    private final byte[] token;

    public AdminAccess(String adminToken) {
        this.token = adminToken == null || adminToken.isBlank() ? null : adminToken.trim().getBytes(StandardCharsets.UTF_8);
        SecretMask.add(adminToken);
    }

    public boolean isOn() {
        return token != null;
    }

    public void authorize(Exchange exchange) {
        String path = exchange.getMessage().getHeader(Exchange.HTTP_PATH, "", String.class);
        String from = remoteHost(exchange);
        String refusal = refusal(exchange.getMessage().getHeader("Authorization", String.class));
        if (refusal == null) {
            exchange.setProperty("caller", "admin api from " + from);
            return;
        }
        if (HEALTH_PATH.equals(path) && isLoopback(from)) {
            exchange.setProperty("caller", "loopback " + from);
            return;
        }
        LOG.warn("Admin API: refused {} {} from {}: {}", exchange.getMessage().getHeader(Exchange.HTTP_METHOD), path, from, refusal);
        if (!isOn()) {
            throw new AdminRefusal(404, "admin_api_off", "The admin API is off: set ADMIN_TOKEN to turn it on");
        }
        exchange.getMessage().setHeader("WWW-Authenticate", "Bearer realm=\"spacebring-luckey-bridge admin\"");
        throw new AdminRefusal(401, "unauthorized", "Send the admin token: Authorization: Bearer <ADMIN_TOKEN>");
    }

    /** Why the Authorization header does not open the API, or null when it does (compared in constant time). */
    private String refusal(String authorization) {
        if (!isOn()) {
            return "ADMIN_TOKEN is not set";
        }
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return "no bearer token";
        }
        byte[] sent = authorization.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(sent, token) ? null : "wrong token";
    }

    private static String remoteHost(Exchange exchange) {
        Object address = exchange.getMessage().getHeader(VertxPlatformHttpConstants.REMOTE_ADDRESS);
        if (address instanceof io.vertx.core.net.SocketAddress socket) {
            return socket.hostAddress();
        }
        return address == null ? "unknown" : address.toString();
    }

    private static boolean isLoopback(String host) {
        try {
            return host != null && !host.equals("unknown") && InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
