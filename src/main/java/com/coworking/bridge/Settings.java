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
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.coworking.bridge.base.SetupProblem;

/**
 * The bridge's settings, for every key: the environment variable named in the packaged file
 * ({@code {{env:NAME:default}}}) wins over a copy of application.properties in the working directory, which wins
 * over the packaged file. The log names each source once (which keys, never values).
 */
final class Settings {

    private static final Logger LOG = LoggerFactory.getLogger(Settings.class);
    private static final Pattern SECRET_KEY = Pattern.compile("(?i)secret|password|token");
    private static final Pattern EXPLICIT_TAG = Pattern.compile("bridge\\.tags\\.(plan|company|resource)\\.[^.]+");
    /** {@code {{env:NAME:default}}}; a default may hold single braces, such as the {@code {title}} of a tag template. */
    private static final Pattern ENV = Pattern.compile("\\{\\{env:([A-Za-z_][A-Za-z0-9_]*)(?::((?:[^{}]|\\{[^{}]*})*))?}}");

    private Settings() {
    }

    /** Resolves the packaged file, the working directory's file (when there is one) and the environment, and says so. */
    static Map<String, String> load(Path workingDirectory, Map<String, String> environment) {
        return load(workingDirectory, environment, problem -> {
            throw problem;
        });
    }

    /** As {@link #load(Path, Map)}, with unknown keys handed to {@code unknownKeys} ({@code --check} goes on). */
    static Map<String, String> load(Path workingDirectory, Map<String, String> environment, Consumer<SetupProblem> unknownKeys) {
        Properties packaged = packaged();
        Path file = workingDirectory.resolve("application.properties");
        Properties local = local(file);
        try {
            requireKnownKeys(file, packaged, local);
        } catch (SetupProblem problem) {
            unknownKeys.accept(problem);
        }
        Map<String, String> resolved = resolve(packaged, local, environment);
        TreeSet<String> changed = new TreeSet<>();
        for (String key : local.stringPropertyNames()) {
            if (!local.getProperty(key).trim().equals(packaged.getProperty(key, "").trim())) {
                changed.add(key);
            }
        }
        if (!changed.isEmpty()) {
            LOG.info("Settings from {} over the packaged ones: {}", file, changed);
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

    /**
     * A key of the working directory's file that the bridge does not read would be applied silently - a typo, or an
     * environment variable's name written as a key. Camel's own keys ({@code camel.*}) Camel checks itself; explicit
     * tag names ({@code bridge.tags.plan.<id>}, {@code bridge.tags.company.<id>}) are keys by design.
     */
    private static void requireKnownKeys(Path file, Properties packaged, Properties local) {
        Map<String, String> keyOfVariable = new LinkedHashMap<>();
        for (String key : packaged.stringPropertyNames()) {
            Matcher env = ENV.matcher(packaged.getProperty(key));
            if (env.find()) {
                keyOfVariable.put(env.group(1), key);
            }
        }
        java.util.List<String> problems = new java.util.ArrayList<>();
        for (String key : new TreeSet<>(local.stringPropertyNames())) {
            if (packaged.containsKey(key) || key.startsWith("camel.") || EXPLICIT_TAG.matcher(key).matches()) {
                continue;
            }
            String hint = keyOfVariable.containsKey(key) ? "that is an environment variable; in this file the key is " + keyOfVariable.get(key)
                    : nearest(key, packaged.stringPropertyNames()).map(near -> "did you mean " + near + "?")
                            .orElse("the bridge reads no such key; see the packaged application.properties");
            problems.add("unknown key '" + key + "'" + lineOf(file, key) + " - " + hint);
        }
        if (!problems.isEmpty()) {
            throw new SetupProblem(file + ": " + String.join("; ", problems), problems.stream().map(p -> file + ": " + p).toList());
        }
    }

    /** The packaged key closest to a misspelt one (at most three edits away), if any. */
    private static java.util.Optional<String> nearest(String key, java.util.Set<String> known) {
        return known.stream().filter(candidate -> editDistance(key, candidate) <= 3)
                .min(java.util.Comparator.comparingInt(candidate -> editDistance(key, candidate)));
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** " (line N)" of the key in the file, for the one-line error. */
    private static String lineOf(Path file, String key) {
        try {
            java.util.List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.startsWith(key) && (line.length() == key.length() || " \t=:".indexOf(line.charAt(key.length())) >= 0)) {
                    return " (line " + (i + 1) + ")";
                }
            }
        } catch (IOException unreadable) {
            // Read once already; the key is named either way
        }
        return "";
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
