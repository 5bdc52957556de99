package com.coworking.bridge.access;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;


/**
 * The Luckey tag name for a plan or company: an explicit mapping from configuration when there is one
 * ({@code bridge.tags.plan.<planRef>}, {@code bridge.tags.company.<companyRef>}), otherwise the name template
 * with {@code {title}} replaced by the Spacebring title.
 */
public final class TagNames {

    private final String planTemplate;
    private final String companyTemplate;
    private final Function<String, Optional<String>> settings;

    /** @param settings looks a setting up by key (the bridge's properties) */
    public TagNames(String planTemplate, String companyTemplate, Function<String, Optional<String>> settings) {
        this.planTemplate = planTemplate;
        this.companyTemplate = companyTemplate;
        this.settings = settings;
    }

    public String nameOf(TagRef tag, String title) {
        Optional<String> mapped = settings.apply("bridge.tags." + tag.kind().name().toLowerCase(Locale.ROOT) + "." + tag.id())
                .map(String::trim).filter(name -> !name.isEmpty());
        if (mapped.isPresent()) {
            return mapped.get();
        }
        String template = tag.kind() == TagRef.Kind.PLAN ? planTemplate : companyTemplate;
        return template.replace("{title}", title != null ? title : tag.id());
    }
}
