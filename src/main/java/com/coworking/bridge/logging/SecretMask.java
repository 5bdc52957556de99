package com.coworking.bridge.logging;

import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of every log line, whatever the log level: the values of the secret settings (and their
 * encodings), every Luckey token the bridge receives, and anything shaped like a credential (Authorization
 * headers, access_token, client_secret, password=, whsec_...). Used by the log layout.
 */
public final class SecretMask {

    private static final String MASK = "****";
    private static final int SHORTEST_SECRET = 4;
    private static final Set<String> SECRETS = new CopyOnWriteArraySet<>();
    private static final List<Pattern> SHAPES = List.of(
            Pattern.compile("(?i)(authorization[\"']?\\s*[:=]\\s*[\"']?\\s*(?:basic|bearer)\\s+)[A-Za-z0-9._~+/=-]+"),
            Pattern.compile("(?i)((?:access_token|refresh_token|client_secret|password|passwd|secret)[\"']?\\s*[:=]\\s*[\"']?)[^\"'&\\s,;}\\]]+"),
            Pattern.compile("whsec_[A-Za-z0-9+/=]+"));

    private SecretMask() {
    }

    /** A value that must never be logged; its base64 form too (it appears in Basic authentication and in whsec_ secrets). */
    public static void add(String secret) {
        if (secret == null || secret.isBlank() || secret.length() < SHORTEST_SECRET) {
            return;
        }
        SECRETS.add(secret);
        SECRETS.add(Base64.getEncoder().encodeToString(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        if (secret.startsWith("whsec_")) {
            SECRETS.add(secret.substring("whsec_".length()));
        }
    }

    /** Basic authentication sends base64(id:secret): mask that pair as well. */
    public static void addCredentials(String id, String secret) {
        if (secret != null && !secret.isBlank()) {
            add(secret);
            add(id + ":" + secret);
        }
    }

    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String masked = text;
        for (String secret : SECRETS.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList()) {
            masked = masked.replace(secret, MASK);
        }
        for (Pattern shape : SHAPES) {
            masked = shape.matcher(masked).replaceAll(m -> m.groupCount() > 0 ? java.util.regex.Matcher.quoteReplacement(m.group(1)) + MASK : MASK);
        }
        return masked;
    }
}
