package com.coworking.bridge.access;

import java.util.Locale;

/**
 * The Spacebring user as Luckey should know them. Luckey requires a name and a surname, Spacebring may have
 * neither: the name falls back to the e-mail's local part and the surname to empty, and a name given later in
 * Spacebring becomes a rename.
 */
public record Person(String userRef, String membershipId, String email, String name, String surname) {

    public static Person of(String userRef, String membershipId, String email, String name, String surname) {
        String localPart = email == null ? "" : email.contains("@") ? email.substring(0, email.indexOf('@')) : email;
        String luckeyName = blank(name) ? (blank(localPart) ? "-" : localPart) : name.trim();
        return new Person(userRef, membershipId, email == null ? null : email.trim(), luckeyName, blank(surname) ? "" : surname.trim());
    }

    /** E-mails are one identity whatever their letter case. */
    public String emailKey() {
        return email == null ? null : email.toLowerCase(Locale.ROOT);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
