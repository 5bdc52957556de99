package com.coworking.bridge.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import com.coworking.bridge.sandbox.SpacebringSimulator.NewSubscription;

/**
 * A short scripted day at a demo location, played through the real webhook and polling paths: invites, a
 * purchase, a company member added (seen only by polling), an unpaid subscription, a future start, a
 * cancellation, an end date passing, a duplicate and an out-of-order webhook, a burst of Luckey 429s and 5xx, a
 * meeting-room booking, a booking cancelled while its door is open, and a visitor who checks in.
 * It prints a timeline - what happened in Spacebring, what the bridge decided and why (its audit log), what
 * Luckey holds - and ends with a check of Luckey's state against what the access rules give each member.
 */
public final class SandboxDay {

    private static final Logger LOG = LoggerFactory.getLogger("sandbox");
    static final String HOT_DESK = "Spacebring plan: Hot desk";
    static final String FIXED_DESK = "Spacebring plan: Fixed desk";
    static final String ACME = "Spacebring company: Acme";
    static final String LOVELACE = "Spacebring resource: Room Lovelace";
    static final String BOARD = "Spacebring resource: Board room";
    static final String VISITORS = "Spacebring visitors";
    private static final Duration SOON = Duration.ofSeconds(12);

    private final SpacebringSimulator spacebring;
    private final LuckeySimulator luckey;
    private final JdbcTemplate jdbc;
    private final Instant began = Instant.now();
    private long auditSeen;
    private final Map<String, Set<String>> expected = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();
    private int checks;

    public SandboxDay(SpacebringSimulator spacebring, LuckeySimulator luckey, DataSource dataSource) {
        this.spacebring = spacebring;
        this.luckey = luckey;
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** Plays the day and checks the outcome; returns the failed checks (none: all passed). An interrupt cuts the day short. */
    public List<String> play(String location) {
        try {
            playDay(location);
        } catch (CancellationException cutShort) {
            return List.of("the day was cut short");
        }
        return failures;
    }

    private void playDay(String location) {
        Instant yesterday = Instant.now().minus(Duration.ofDays(1));
        String hotDesk = spacebring.createPlan(location, "Hot desk");
        String fixedDesk = spacebring.createPlan(location, "Fixed desk");
        String office = spacebring.createPlan(location, "Private office");
        String acme = spacebring.createCompany(location, "Acme");
        spacebring.createCompany(location, "Globex");
        say("Spacebring: plans Hot desk, Fixed desk, Private office; companies Acme and Globex");

        Map<String, String> members = new LinkedHashMap<>();
        for (String name : List.of("Ada", "Eve", "Frank", "Grace", "Heidi", "Ivan", "Judy", "Kim", "Dave", "Liam")) {
            members.put(name, spacebring.inviteMember(location, email(name), name, "Sandbox"));
            expect(name);
        }
        members.put("Bob", spacebring.inviteMemberOfCompany(location, acme, email("Bob"), "Bob", "Sandbox"));
        members.put("Carol", spacebring.inviteMemberOfCompany(location, acme, email("Carol"), "Carol", null));
        expect("Bob", ACME);
        expect("Carol", ACME);
        say("Spacebring: 12 members invited (Bob and Carol into Acme; Carol has no surname) - the bridge invites each to Luckey");
        await("every member in Luckey", () -> luckey.userCount() == 12);

        spacebring.createSubscription(NewSubscription.forMember(location, members.get("Ada"), hotDesk, yesterday, null));
        expect("Ada", HOT_DESK);
        say("Spacebring: Ada buys a Hot desk at the front desk");
        await("Ada's door", () -> luckey.tagMembers(HOT_DESK).contains(email("Ada")));

        spacebring.createSubscription(NewSubscription.forCompany(location, acme, office, yesterday, null));
        say("Spacebring: Acme subscribes to a Private office - its members get the Acme tag");
        await("Acme's door", () -> luckey.tagMembers(ACME).containsAll(Set.of(email("Bob"), email("Carol"))));

        spacebring.addMemberToCompany(members.get("Dave"), acme);
        expect("Dave", ACME);
        say("Spacebring: Dave joins Acme - Spacebring sends no webhook for this; the bridge's poll will see it");

        spacebring.createSubscription(NewSubscription.forMember(location, members.get("Eve"), fixedDesk, yesterday, null)
                .withStatus("incomplete"));
        expect("Eve", FIXED_DESK);
        say("Spacebring: Eve's Fixed desk is not paid yet (incomplete) - within its dates it counts");

        spacebring.createSubscription(NewSubscription.forMember(location, members.get("Frank"), hotDesk, Instant.now().plus(SOON), null));
        expect("Frank", HOT_DESK);
        say("Spacebring: Frank's Hot desk starts in " + SOON.toSeconds() + " s - nothing until then");

        String grace = spacebring.createSubscription(NewSubscription.forMember(location, members.get("Grace"), hotDesk, yesterday, null));
        await("Grace's door", () -> luckey.tagMembers(HOT_DESK).contains(email("Grace")));
        spacebring.cancelSubscription(grace, Instant.now().minusSeconds(1));
        say("Spacebring: Grace cancels with immediate effect");

        spacebring.createSubscription(NewSubscription.forMember(location, members.get("Heidi"), hotDesk, yesterday, Instant.now().plus(SOON)));
        say("Spacebring: Heidi's Hot desk ends in " + SOON.toSeconds() + " s - Spacebring sends nothing when it does");

        spacebring.setAutoDeliver(false);
        spacebring.createSubscription(NewSubscription.forMember(location, members.get("Ivan"), hotDesk, yesterday, null));
        String ivanWebhook = spacebring.pendingWebhooks().get(0);
        expect("Ivan", HOT_DESK);
        String judy = spacebring.createSubscription(NewSubscription.forMember(location, members.get("Judy"), hotDesk, yesterday, null));
        spacebring.deleteSubscription(judy);
        List<String> judyWebhooks = spacebring.pendingWebhooks().subList(1, 3);
        spacebring.setAutoDeliver(true);
        SpacebringSimulator.Delivery ivan = spacebring.deliver(ivanWebhook);
        spacebring.deliver(ivan.svixId(), ivan.body());
        say("Spacebring: Ivan's purchase webhook arrives twice (a Svix retry) - one grant");
        spacebring.deliver(judyWebhooks.get(1));
        spacebring.deliver(judyWebhooks.get(0));
        say("Spacebring: Judy's subscription was created and deleted; the webhooks arrive in the wrong order - no access");

        luckey.rateLimitNext(4, 1);
        luckey.failNext(3, 503);
        spacebring.createSubscription(NewSubscription.forMember(location, members.get("Kim"), hotDesk, yesterday, null));
        expect("Kim", HOT_DESK);
        say("Luckey: answers 429 four times, then 503 three times - Kim buys a Hot desk meanwhile");

        String lovelace = spacebring.createResource(location, "Room Lovelace", "meetingRoom");
        String board = spacebring.createResource(location, "Board room", "meetingRoom");
        spacebring.book(lovelace, members.get("Liam"), Instant.now().plus(Duration.ofMinutes(10)), Instant.now().plus(Duration.ofMinutes(70)),
                members.get("Grace"));
        expect("Liam", LOVELACE);
        expect("Grace", LOVELACE);
        say("Spacebring: Liam books Room Lovelace in 10 minutes, with Grace - its door opens 15 minutes before, for both");
        await("the meeting room's door", () -> luckey.tagMembers(LOVELACE).containsAll(Set.of(email("Liam"), email("Grace"))));

        String dave = spacebring.book(board, members.get("Dave"), Instant.now(), Instant.now().plus(Duration.ofHours(1)));
        say("Spacebring: Dave books the Board room from now");
        await("the Board room's door", () -> luckey.tagMembers(BOARD).contains(email("Dave")));
        spacebring.cancelBooking(dave);
        say("Spacebring: Dave cancels the booking while its door is open - it closes at once");
        await("the Board room's door to close", () -> luckey.tagMembers(BOARD).isEmpty());

        String visit = spacebring.expectVisitor(location, members.get("Ada"), email("Vera"), "Vera", "Visitor", Instant.now());
        spacebring.checkInVisitor(visit);
        expect("Vera", VISITORS);
        say("Spacebring: Vera, Ada's visitor, checks in - she gets a Luckey user and the visitors' door for today");

        await("the start and end dates, and the poll", () -> luckey.tagMembers(HOT_DESK).contains(email("Frank"))
                && !luckey.tagMembers(HOT_DESK).contains(email("Heidi")) && luckey.tagMembers(ACME).contains(email("Dave"))
                && luckey.tagMembers(HOT_DESK).contains(email("Kim")));
        await("the bridge to settle", () -> jdbc.queryForObject("select count(*) from sync_queue where due_at <= now()", Long.class) == 0
                && jdbc.queryForObject("select count(*) from inbox where status in ('pending', 'processing')", Long.class) == 0);
        printAudit();
        check();
    }

    private void check() {
        Map<String, Set<String>> holds = new LinkedHashMap<>();
        for (String tag : luckey.tagNames()) {
            for (String email : luckey.tagMembers(tag)) {
                holds.computeIfAbsent(email, e -> new TreeSet<>()).add(tag);
            }
        }
        expected.forEach((email, tags) -> {
            verify(luckey.user(email).isPresent(), email + " is a Luckey user");
            Set<String> has = holds.getOrDefault(email, Set.of());
            verify(has.equals(tags), email + " holds " + (tags.isEmpty() ? "no tag" : tags) + (has.equals(tags) ? "" : ", holds " + has));
        });
        verify(luckey.activationEmails().size() == expected.size() && Set.copyOf(luckey.activationEmails()).size() == expected.size(),
                "one activation e-mail per member");
        verify(luckey.membershipChanges(email("Ivan"), HOT_DESK) == 1, "Ivan was added to the Hot desk tag once");
        verify(luckey.membershipChanges(email("Kim"), HOT_DESK) == 1, "Kim was added once despite the 429s and 503s");
        verify(luckey.membershipChanges(email("Dave"), BOARD) == 2, "Dave's cancelled booking opened the Board room once and closed it");
        LOG.info("Luckey now: {}", holds);
        if (failures.isEmpty()) {
            LOG.info("sandbox scenario: {} checks passed", checks);
        } else {
            LOG.error("sandbox scenario: {} of {} checks failed: {}", failures.size(), checks, failures);
        }
    }

    private void verify(boolean holds, String what) {
        checks++;
        if (!holds) {
            failures.add(what);
        }
    }

    private void expect(String name, String... tags) {
        expected.put(email(name), new TreeSet<>(List.of(tags)));
    }

    private static String email(String name) {
        return name.toLowerCase() + "@sandbox.example";
    }

    private void say(String what) {
        printAudit();
        LOG.info("[t+{}s] {}", Duration.between(began, Instant.now()).toSeconds(), what);
    }

    /** The bridge's decisions since the last look, from its audit log: who, what, why, and what Luckey answered. */
    private void printAudit() {
        for (Map<String, Object> row : jdbc.queryForList("select id, action, email, tag, result, cause from audit_log where id > ? order by id",
                auditSeen)) {
            auditSeen = ((Number) row.get("id")).longValue();
            LOG.info("[t+{}s]     bridge: {} {}{}: {} - because {}", Duration.between(began, Instant.now()).toSeconds(), row.get("action"),
                    row.get("email"), row.get("tag") == null ? "" : " [" + row.get("tag") + "]", row.get("result"), row.get("cause"));
        }
    }

    private void await(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                failures.add("waited 60 s for " + what);
                return;
            }
            printAudit();
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                throw new CancellationException("cut short while waiting for " + what);
            }
        }
    }
}
