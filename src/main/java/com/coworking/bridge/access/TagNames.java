package com.coworking.bridge.access;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The Luckey tag name for a plan or company of one link: an explicit mapping when there is one (the link's
 * {@code tags.plans} / {@code tags.companies} in LINKS_FILE, or the setting {@code bridge.tags.plan.<planRef>} for
 * the default link), otherwise the name template with {@code {title}} replaced by the Spacebring title.
 *
 * @param mapped the explicit name of a plan or company, if any
 */
public record TagNames(String planTemplate, String companyTemplate, Function<TagRef, Optional<String>> mapped) {

    /** Explicit names from two maps of ids to names. */
    public static TagNames of(String planTemplate, String companyTemplate, Map<String, String> plans, Map<String, String> companies) {
        Map<String, String> planNames = Map.copyOf(plans);
        Map<String, String> companyNames = Map.copyOf(companies);
        return new TagNames(planTemplate, companyTemplate,
                tag -> Optional.ofNullable((tag.kind() == TagRef.Kind.PLAN ? planNames : companyNames).get(tag.id())));
    }

    /** Explicit names from settings, looked up by key: {@code <prefix>plan.<planRef>} and {@code <prefix>company.<companyRef>}. */
    public static TagNames fromSettings(String planTemplate, String companyTemplate, String prefix,
                                        Function<String, Optional<String>> settings) {
        return new TagNames(planTemplate, companyTemplate,
                tag -> settings.apply(prefix + tag.kind().name().toLowerCase(Locale.ROOT) + "." + tag.id()));
    }

    public String nameOf(TagRef tag, String title) {
        Optional<String> explicit = mapped.apply(tag).map(String::trim).filter(name -> !name.isEmpty());
        if (explicit.isPresent()) {
            return explicit.get();
        }
        String template = tag.kind() == TagRef.Kind.PLAN ? planTemplate : companyTemplate;
        return template.replace("{title}", title != null ? title : tag.id());
    }
}
