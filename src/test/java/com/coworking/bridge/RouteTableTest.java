package com.coworking.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** The README's route table names every route, template and route configuration of routes/, each under its file. */
class RouteTableTest {

    private static final Pattern ID = Pattern.compile("`([a-z][a-z0-9-]*)`");

    @Test
    void theReadmesRouteTableMatchesTheRouteFiles() throws Exception {
        assertThat(inTheReadme()).isEqualTo(inTheRouteFiles());
    }

    /** File name to the ids its rows name; a row with an empty first cell continues the file above. */
    private static Map<String, TreeSet<String>> inTheReadme() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        String section = readme.substring(readme.indexOf("## Reading the routes"));
        section = section.substring(0, section.indexOf("\n## ", 1));
        Map<String, TreeSet<String>> ids = new TreeMap<>();
        String file = null;
        for (String row : section.lines().filter(line -> line.startsWith("| ")).skip(2).toList()) {
            String[] cells = row.split("\\|");
            if (!cells[1].isBlank()) {
                file = cells[1].trim().replace("`", "");
            }
            Matcher id = ID.matcher(cells[2]);
            while (id.find()) {
                ids.computeIfAbsent(file, f -> new TreeSet<>()).add(id.group(1));
            }
        }
        return ids;
    }

    private static Map<String, TreeSet<String>> inTheRouteFiles() throws Exception {
        Map<String, TreeSet<String>> ids = new TreeMap<>();
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".camel.yaml")).toList()) {
                TreeSet<String> named = ids.computeIfAbsent(file.getFileName().toString(), f -> new TreeSet<>());
                for (Object item : (List<?>) new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file))) {
                    for (Map.Entry<?, ?> entry : ((Map<?, ?>) item).entrySet()) {
                        Map<?, ?> definition = (Map<?, ?>) entry.getValue();
                        Object id = definition.get("templatedRoute".equals(entry.getKey()) ? "routeId" : "id");
                        if (id != null) {
                            named.add(id.toString());
                        }
                    }
                }
            }
        }
        return ids;
    }
}
