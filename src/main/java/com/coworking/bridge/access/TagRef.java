package com.coworking.bridge.access;

/**
 * A Luckey tag the bridge manages, named by what grants it: a Spacebring plan, company or resource (booked or
 * assigned), or the one tag of the visitors.
 */
public record TagRef(Kind kind, String id) {

    public enum Kind { PLAN, COMPANY, RESOURCE, VISITOR }

    /** The visitors' tag: one for the whole location. */
    public static final TagRef VISITORS = new TagRef(Kind.VISITOR, "visitors");

    public static TagRef plan(String planRef) {
        return new TagRef(Kind.PLAN, planRef);
    }

    public static TagRef company(String companyRef) {
        return new TagRef(Kind.COMPANY, companyRef);
    }

    public static TagRef resource(String resourceRef) {
        return new TagRef(Kind.RESOURCE, resourceRef);
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
