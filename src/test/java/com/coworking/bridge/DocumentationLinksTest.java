package com.coworking.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** Every link of the README and of docs/ leads to a file of the repository, and to a heading that exists there. */
class DocumentationLinksTest {

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("(?m)^#+ (.*)$");

    @Test
    void everyLinkLeadsSomewhere() throws Exception {
        List<Path> pages = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(page -> page.toString().endsWith(".md")).forEach(pages::add);
        }
        List<String> broken = new ArrayList<>();
        for (Path page : pages) {
            Matcher link = LINK.matcher(Files.readString(page).replaceAll("(?s)```.*?```", ""));
            while (link.find()) {
                String target = link.group(1);
                if (target.startsWith("http")) {
                    continue;
                }
                String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                Path resolved = file.isEmpty() ? page : page.resolveSibling(file).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(page + ": " + target + " (no such file)");
                } else if (target.contains("#") && resolved.toString().endsWith(".md")
                        && !anchors(resolved).contains(target.substring(target.indexOf('#') + 1))) {
                    broken.add(page + ": " + target + " (no such heading)");
                }
            }
        }
        assertThat(pages).hasSizeGreaterThan(5);
        assertThat(broken).isEmpty();
    }

    /** The anchors GitHub gives the headings of a page. */
    private static Set<String> anchors(Path page) throws Exception {
        return HEADING.matcher(Files.readString(page)).results()
                .map(heading -> heading.group(1).trim().toLowerCase(Locale.ROOT)
                        .replaceAll("(?U)[^\\w\\- ]", "").replace(' ', '-'))
                .collect(Collectors.toSet());
    }
}
