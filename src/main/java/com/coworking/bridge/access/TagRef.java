package com.coworking.bridge.access;

/** A Luckey tag the bridge manages, named by what grants it: a Spacebring plan or company. */
public record TagRef(Kind kind, String id) {

    public enum Kind { PLAN, COMPANY }

    public static TagRef plan(String planRef) {
        return new TagRef(Kind.PLAN, planRef);
    }

    public static TagRef company(String companyRef) {
        return new TagRef(Kind.COMPANY, companyRef);
    }

    /** Stable key, such as {@code plan:7f3...}, under which the bridge stores the tag. */
    public String key() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + id;
    }

    public static TagRef fromKey(String key) {
        int colon = key.indexOf(':');
        return new TagRef(Kind.valueOf(key.substring(0, colon).toUpperCase(java.util.Locale.ROOT)), key.substring(colon + 1));
    }
}
