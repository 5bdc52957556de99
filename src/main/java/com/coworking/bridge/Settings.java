package com.coworking.bridge;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge's settings, for every key: the environment variable named in the packaged file
 * ({@code {{env:NAME:default}}}) wins over a copy of application.properties in the working directory, which wins
 * over the packaged file. The log names each source once (which keys, never values).
 */
final class Settings {

    private static final Logger LOG = LoggerFactory.getLogger(Settings.class);
    private static final Pattern SECRET_KEY = Pattern.compile("(?i)secret|password|token");
    /** {@code {{env:NAME:default}}}; a default may hold single braces, such as the {@code {title}} of a tag template. */
    private static final Pattern ENV = Pattern.compile("\\{\\{env:([A-Za-z_][A-Za-z0-9_]*)(?::((?:[^{}]|\\{[^{}]*})*))?}}");

    private Settings() {
    }

    /** Resolves the packaged file, the working directory's file (when there is one) and the environment, and says so. */
    static Map<String, String> load(Path workingDirectory, Map<String, String> environment) {
        Properties packaged = packaged();
        Path file = workingDirectory.resolve("application.properties");
        Properties local = local(file);
        Map<String, String> resolved = resolve(packaged, local, environment);
        if (!local.isEmpty()) {
            LOG.info("Settings from {} over the packaged ones: {}", file, new TreeSet<>(local.stringPropertyNames()));
        }
        TreeSet<String> fromEnvironment = new TreeSet<>();
        for (String key : resolved.keySet()) {
            String name = envName(packaged.getProperty(key), local.getProperty(key));
            if (name != null && environment.containsKey(name)) {
                fromEnvironment.add(name);
            }
        }
        if (!fromEnvironment.isEmpty()) {
            LOG.info("Settings from environment variables over both files: {}", fromEnvironment);
        }
        return resolved;
    }

    /** The same, without a word in the log. */
    static Map<String, String> resolve(Path workingDirectory, Map<String, String> environment) {
        return resolve(packaged(), local(workingDirectory.resolve("application.properties")), environment);
    }

    private static Properties packaged() {
        return read(Settings.class.getResourceAsStream("/application.properties"), "the packaged application.properties");
    }

    private static Properties local(Path file) {
        if (!Files.isRegularFile(file)) {
            return new Properties();
        }
        try {
            return read(Files.newInputStream(file), file.toString());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Every key of both files, at its winning value; a value's other placeholders are left for Camel. */
    static Map<String, String> resolve(Properties packaged, Properties local, Map<String, String> environment) {
        Map<String, String> resolved = new LinkedHashMap<>();
        TreeSet<String> keys = new TreeSet<>(packaged.stringPropertyNames());
        keys.addAll(local.stringPropertyNames());
        for (String key : keys) {
            String value = local.getProperty(key, packaged.getProperty(key));
            String name = envName(packaged.getProperty(key), local.getProperty(key));
            if (name != null && environment.containsKey(name)) {
                resolved.put(key, environment.get(name));
            } else {
                Matcher placeholders = ENV.matcher(value);
                StringBuilder plain = new StringBuilder();
                while (placeholders.find()) {
                    String fallback = placeholders.group(2) == null ? "" : placeholders.group(2);
                    placeholders.appendReplacement(plain, Matcher.quoteReplacement(environment.getOrDefault(placeholders.group(1), fallback)));
                }
                placeholders.appendTail(plain);
                resolved.put(key, plain.toString().trim());
            }
        }
        return resolved;
    }

    /** The values of the settings that are secrets (keys naming a secret, password or token), never to be logged. */
    static java.util.List<String> secrets(Map<String, String> settings) {
        return settings.entrySet().stream().filter(e -> SECRET_KEY.matcher(e.getKey()).find()).map(Map.Entry::getValue)
                .flatMap(value -> java.util.Arrays.stream(value.split(","))).map(String::trim).toList();
    }

    /** The environment variable that sets a key: named by the packaged file, else by the local one. */
    private static String envName(String packagedValue, String localValue) {
        for (String value : new String[] {packagedValue, localValue}) {
            if (value != null) {
                Matcher matcher = ENV.matcher(value);
                if (matcher.find()) {
                    return matcher.group(1);
                }
            }
        }
        return null;
    }

    private static Properties read(InputStream in, String what) {
        if (in == null) {
            throw new IllegalStateException("Missing " + what);
        }
        Properties properties = new Properties();
        try (Reader reader = new java.io.InputStreamReader(in, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + what + ": " + e.getMessage(), e);
        }
        return properties;
    }
}
