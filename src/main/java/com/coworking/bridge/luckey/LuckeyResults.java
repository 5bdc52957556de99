package com.coworking.bridge.luckey;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;

import com.coworking.bridge.access.LuckeyAction;
import com.coworking.bridge.http.HttpCalls;
import com.coworking.bridge.link.Link;

/**
 * Reads Luckey's answers into {@link LuckeyResult}s for the adapter routes, and decides whether a Luckey user
 * found by e-mail may be adopted: one Spacebring user is one Luckey user, and a Luckey user belongs to at most
 * one Spacebring user.
 */
public final class LuckeyResults {

    private final BiFunction<Link, String, String> ownerOf;

    /** @param ownerOf the Spacebring user the bridge holds a Luckey user id for on the link's Luckey account, or null */
    public LuckeyResults(BiFunction<Link, String, String> ownerOf) {
        this.ownerOf = ownerOf;
    }

    public LuckeyResult done(String outcome) {
        return new LuckeyResult(null, outcome);
    }

    /** A 2xx to POST /users: the new user's id. An answer without one leaves the outcome unknown. */
    public LuckeyResult created(@Body Object answer) throws LuckeyFailure.OutcomeUnknown {
        Object id = HttpCalls.asObject(HttpCalls.asObject(answer).get("user")).get("id");
        if (id == null || id.toString().isBlank()) {
            throw new LuckeyFailure.OutcomeUnknown("Luckey accepted the new user but its answer names no user id");
        }
        return new LuckeyResult(id.toString(), "created (activation e-mail sent)");
    }

    /**
     * The Luckey user with the action's e-mail (any letter case), from a GET /users?email= answer, when it is
     * free: no externalRef, or this member's, and not already another member's in the bridge.
     */
    public LuckeyResult adopted(Object answer, Link link, LuckeyAction action)
            throws LuckeyFailure {
        Map<String, Object> user = withEmail(answer, action.email());
        if (user == null) {
            throw new LuckeyFailure.OutcomeUnknown("Luckey answered 409 user_exists for " + action.email()
                    + " but lists no user with that e-mail");
        }
        String id = String.valueOf(user.get("id"));
        Object externalRef = user.get("externalRef");
        String owner = ownerOf.apply(link, id);
        if ((externalRef != null && !externalRef.toString().isBlank() && !externalRef.equals(action.userRef()))
                || (owner != null && !owner.equals(action.userRef()))) {
            throw new LuckeyFailure.Conflict("e-mail already used by another member: " + action.email() + " is Luckey user " + id
                    + " of Spacebring user " + (owner != null ? owner : externalRef) + "; nothing was changed for either");
        }
        return new LuckeyResult(id, "adopted the existing Luckey user (409 user_exists)");
    }

    /** A GET /users/{id} answer: the user, or null for 404 (no such user any more). */
    public Map<String, Object> userRead(@org.apache.camel.Header(org.apache.camel.Exchange.HTTP_RESPONSE_CODE) int status,
                                        @Body Object answer) throws LuckeyFailure.Rejected {
        if (status == 404) {
            return null;
        }
        if (status / 100 != 2) {
            throw new LuckeyFailure.Rejected("Luckey answered " + status + " when a user was read back");
        }
        return HttpCalls.asObject(HttpCalls.asObject(answer).get("user"));
    }

    /** The user of a GET /users?externalRef= answer that carries exactly that externalRef, or null. */
    public Map<String, Object> withExternalRef(@Body Object answer, String externalRef) {
        for (Object user : list(answer, "users")) {
            if (externalRef.equals(HttpCalls.asObject(user).get("externalRef"))) {
                return HttpCalls.asObject(user);
            }
        }
        return null;
    }

    /** The tag of a GET /tags?name= answer with exactly that name, or null. */
    public LuckeyResult tagNamed(@Body Object answer, String name) {
        for (Object tag : list(answer, "tags")) {
            if (name.equals(HttpCalls.asObject(tag).get("name")) && HttpCalls.asObject(tag).get("id") != null) {
                return new LuckeyResult(String.valueOf(HttpCalls.asObject(tag).get("id")), "found");
            }
        }
        return null;
    }

    /** 404 with error code not_member: the user was not in the tag (any more), which is what a removal wants. */
    public boolean notMember(@org.apache.camel.Header(org.apache.camel.Exchange.HTTP_RESPONSE_CODE) int status, @Body Object answer) {
        return status == 404 && "not_member".equals(HttpCalls.asObject(HttpCalls.asObject(answer).get("error")).get("code"));
    }

    /** A 2xx or 409 to POST /tags: the tag's id (409: an equal tag exists; error.details.tagId names it). */
    public LuckeyResult tagCreated(@Body Object answer) throws LuckeyFailure.OutcomeUnknown {
        Map<String, Object> json = HttpCalls.asObject(answer);
        Object id = HttpCalls.asObject(json.get("tag")).get("id");
        if (id != null) {
            return new LuckeyResult(id.toString(), "created");
        }
        // 409 tag_exists: another call created it a moment ago (two members of one company, say)
        id = HttpCalls.asObject(HttpCalls.asObject(json.get("error")).get("details")).get("tagId");
        if (id == null) {
            throw new LuckeyFailure.OutcomeUnknown("Luckey's answer to the new tag names no tag id");
        }
        return new LuckeyResult(id.toString(), "found: another call created it a moment before (409 tag_exists)");
    }

    static Map<String, Object> withEmail(Object answer, String email) {
        for (Object user : list(answer, "users")) {
            Object found = HttpCalls.asObject(user).get("email");
            if (found != null && found.toString().toLowerCase(Locale.ROOT).equals(email.toLowerCase(Locale.ROOT))) {
                return HttpCalls.asObject(user);
            }
        }
        return null;
    }

    static List<?> list(Object answer, String field) {
        return HttpCalls.asObject(answer).get(field) instanceof List<?> list ? list : List.of();
    }
}
