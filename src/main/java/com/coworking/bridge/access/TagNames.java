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
 * The Luckey tag name for a plan, company or resource of one link: an explicit mapping when there is one (the link's
 * {@code tags.plans} / {@code tags.companies} / {@code tags.resources} in LINKS_FILE, or the setting
 * {@code bridge.tags.plan.<planRef>} for the default link), otherwise the name template with {@code {title}} replaced
 * by the Spacebring title; either fitted to Luckey's {@value #MAX_LENGTH} characters. An explicit empty name for a
 * resource means it has no lock: it has no tag. The visitors' tag has one fixed name.
 *
 * @param mapped the explicit name of a plan, company or resource, if any
 */
public record TagNames(String planTemplate, String companyTemplate, String resourceTemplate, String visitorTag,
                       Function<TagRef, Optional<String>> mapped) {

    /** Explicit names from maps of ids to names. */
    public static TagNames of(String planTemplate, String companyTemplate, String resourceTemplate, String visitorTag,
                              Map<String, String> plans, Map<String, String> companies, Map<String, String> resources) {
        Map<TagRef.Kind, Map<String, String>> names = Map.of(TagRef.Kind.PLAN, Map.copyOf(plans), TagRef.Kind.COMPANY,
                Map.copyOf(companies), TagRef.Kind.RESOURCE, Map.copyOf(resources));
        return new TagNames(planTemplate, companyTemplate, resourceTemplate, visitorTag,
                tag -> Optional.ofNullable(names.getOrDefault(tag.kind(), Map.of()).get(tag.id())));
    }

    /**
     * Explicit names from settings, looked up by key: {@code <prefix>plan.<planRef>}, {@code <prefix>company.<companyRef>}
     * and {@code <prefix>resource.<resourceRef>}.
     */
    public static TagNames fromSettings(String planTemplate, String companyTemplate, String resourceTemplate, String visitorTag,
                                        String prefix, Function<String, Optional<String>> settings) {
        return new TagNames(planTemplate, companyTemplate, resourceTemplate, visitorTag,
                tag -> settings.apply(prefix + tag.kind().name().toLowerCase(Locale.ROOT) + "." + tag.id()));
    }

    /** The most characters of a tag name Luckey takes (the profile's {@code maxLength}). */
    public static final int MAX_LENGTH = 100;
    private static final int HASH_CHARACTERS = 8;

    /** The tag's name in Luckey, or null for a resource mapped to an empty name (it has no lock). */
    public String nameOf(TagRef tag, String title) {
        if (tag.kind() == TagRef.Kind.VISITOR) {
            return fitted(visitorTag);
        }
        Optional<String> explicit = mapped.apply(tag).map(String::trim);
        if (explicit.isPresent() && explicit.get().isEmpty() && tag.kind() == TagRef.Kind.RESOURCE) {
            return null;
        }
        if (explicit.isPresent() && !explicit.get().isEmpty()) {
            return fitted(explicit.get());
        }
        String template = switch (tag.kind()) {
            case PLAN -> planTemplate;
            case COMPANY -> companyTemplate;
            default -> resourceTemplate;
        };
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
