package com.coworking.bridge.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The Luckey tag name for a plan or company of one link: an explicit mapping when there is one (the link's
 * {@code tags.plans} / {@code tags.companies} in LINKS_FILE, or the setting {@code bridge.tags.plan.<planRef>} for
 * the default link), otherwise the name template with {@code {title}} replaced by the Spacebring title; either fitted
 * to Luckey's {@value #MAX_LENGTH} characters.
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

    /** The most characters of a tag name Luckey takes (the profile's {@code maxLength}). */
    public static final int MAX_LENGTH = 100;
    private static final int HASH_CHARACTERS = 8;

    public String nameOf(TagRef tag, String title) {
        Optional<String> explicit = mapped.apply(tag).map(String::trim).filter(name -> !name.isEmpty());
        if (explicit.isPresent()) {
            return fitted(explicit.get());
        }
        String template = tag.kind() == TagRef.Kind.PLAN ? planTemplate : companyTemplate;
        return fitted(template.replace("{title}", title != null ? title : tag.id()));
    }

    /**
     * A name over {@value #MAX_LENGTH} characters would be refused by Luckey (422) at every sync. It is cut and ends
     * with {@code " #"} and eight hex digits of its full form's SHA-256: the same long name always gives the same tag,
     * two that differ only past the cut give two.
     */
    static String fitted(String name) {
        if (name.codePointCount(0, name.length()) <= MAX_LENGTH) {
            return name;
        }
        String suffix = " #" + HexFormat.of().formatHex(sha256(name)).substring(0, HASH_CHARACTERS);
        int keep = MAX_LENGTH - suffix.length();
        return name.substring(0, name.offsetByCodePoints(0, keep)).stripTrailing() + suffix;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException everyJavaHasIt) {
            throw new IllegalStateException(everyJavaHasIt);
        }
    }
}
