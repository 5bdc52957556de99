package com.coworking.bridge.mirror;

import static com.coworking.bridge.base.JsonFields.firstOf;
import static com.coworking.bridge.base.JsonFields.text;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.coworking.bridge.access.AccessPolicy;
import com.coworking.bridge.spacebring.SpacebringDates;
import com.coworking.bridge.spacebring.SpacebringIds;
import com.coworking.bridge.spacebring.UnreadableValue;

/**
 * The bridge's copy of Spacebring's resources (with their assignments), bookings (with their owner and attendees) and
 * visits - tables {@code sb_resource}, {@code sb_resource_assignment}, {@code sb_booking}, {@code sb_booking_person},
 * {@code sb_visit} - and their only writer. Like {@link Mirror}, every write returns the users whose access may have
 * changed; a row that cannot be read is logged and skipped, never stopping the others.
 */
public final class BookingMirror {

    private static final Logger LOG = LoggerFactory.getLogger(BookingMirror.class);
    private static final ZoneId UTC = ZoneOffset.UTC;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Mirror mirror;

    /** @param mirror the rest of the mirror: a location's time zone (a visit's day is a local day), what a poll listed */
    public BookingMirror(DataSource dataSource, Mirror mirror) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.mirror = mirror;
    }

    // ------------------------------------------------------------------ resources

    /** The location of a resource the mirror knows, or null: a booking names only its resource. */
    public String locationOf(String resourceRef) {
        return jdbc.query("select location_ref from sb_resource where id = ?", rs -> rs.next() ? rs.getString(1) : null, resourceRef);
    }

    /**
     * One resource as Spacebring has it now ({@code GET /resources/v1/{id}}; 404: gone). Returns the users whose door it
     * may open or close: its assignees and the people of its bookings.
     */
    public Set<String> saveResource(String resourceRef, JsonNode answer, int status) throws ForeignAnswer {
        Set<String> users = new LinkedHashSet<>();
        if (status == 404) {
            jdbc.update("update sb_resource set gone_at = coalesce(gone_at, now()), updated_at = now() where id = ?", resourceRef);
            users.addAll(assigneesOf(resourceRef));
        } else {
            JsonNode resource = answer.path("resource");
            Mirror.expect("resource", resourceRef, text(resource, "id"));
            users.addAll(saveResources(List.of(resource), null));
        }
        users.addAll(jdbc.queryForList("""
                select distinct p.user_ref from sb_booking b join sb_booking_person p on p.booking_id = b.id
                where b.resource_ref = ? and b.delete_date is null""", String.class, resourceRef));
        return users;
    }

    private List<String> assigneesOf(String resourceRef) {
        return jdbc.queryForList("""
                select customer_ref from sb_resource_assignment where resource_ref = ? and customer_type = 'user'
                union select m.user_ref from sb_resource_assignment a join sb_membership m on m.company_ref = a.customer_ref
                where a.resource_ref = ? and a.customer_type = 'company'""", String.class, resourceRef, resourceRef);
    }

    /** The location of a booking the mirror knows (through its resource), or null. */
    public String locationOfBooking(String bookingId) {
        return jdbc.query("select location_ref from sb_booking where id = ?", rs -> rs.next() ? rs.getString(1) : null, bookingId);
    }

    /** The resource a booking answer names ({@code booking.resourceRef}). */
    public String resourceOf(JsonNode answer) {
        return text(answer.path("booking"), "resourceRef");
    }

    /** Whether a list of bookings (the resource's confirmed bookings at the booking's start) holds the booking. */
    public boolean lists(String bookingId, JsonNode page) {
        for (JsonNode booking : page.path("bookings")) {
            if (bookingId.equals(text(booking, "id"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Resources of one location (a poll page, or one resource), with their assignments. Returns the users whose
     * assignments changed: the assignee, or every member of an assigned company, before and after.
     */
    public Set<String> saveResources(List<JsonNode> resources, Long pollId) {
        Set<String> users = new LinkedHashSet<>();
        transaction.executeWithoutResult(status -> {
            for (JsonNode resource : resources) {
                String id = text(resource, "id");
                String location = text(resource, "locationRef");
                if (!SpacebringIds.isId(id) || !SpacebringIds.isId(location)) {
                    LOG.warn("Resource {} of location {} skipped: not a Spacebring id", SpacebringIds.shown(id), SpacebringIds.shown(location));
                    continue;
                }
                mirror.seen(pollId, "resource", List.of(id));
                jdbc.update("""
                        insert into sb_resource (id, location_ref, title, type, gone_at) values (?, ?, ?, ?, null)
                        on conflict (id) do update set location_ref = excluded.location_ref, title = excluded.title, type = excluded.type,
                          gone_at = null, updated_at = now()
                        where ?::bigint is null or (sb_resource.location_ref, sb_resource.title, sb_resource.type, sb_resource.gone_at)
                          is distinct from (excluded.location_ref, excluded.title, excluded.type, excluded.gone_at)""",
                        id, location, text(resource, "title"), text(resource, "type"), pollId);
                users.addAll(replaceAssignments(id, resource.path("assignments")));
            }
        });
        return users;
    }

    private Set<String> replaceAssignments(String resourceRef, JsonNode assignments) {
        List<List<Object>> incoming = new java.util.ArrayList<>();
        for (JsonNode assignment : assignments) {
            JsonNode customer = assignment.path("customer");
            String type = firstOf(text(customer, "type"), assignment.path("company").isObject() ? "company" : null);
            String customerRef = firstOf(text(customer, "id"), text(assignment.path("company"), "id"));
            JsonNode subscription = assignment.path("subscription");
            try {
                if (!("user".equals(type) || "company".equals(type)) || !SpacebringIds.isId(customerRef)) {
                    throw new UnreadableValue("no user or company customer");
                }
                incoming.add(java.util.Arrays.asList(firstOf(text(assignment, "id"), customerRef + "/" + text(subscription, "id")), type,
                        customerRef, text(subscription, "id"), micros(SpacebringDates.parse(subscription.get("startDate"), UTC)),
                        micros(SpacebringDates.parse(subscription.get("endDate"), UTC))));
            } catch (UnreadableValue unreadable) {
                LOG.warn("Assignment {} of resource {} skipped: {}", SpacebringIds.shown(text(assignment, "id")), resourceRef,
                        unreadable.getMessage());
            }
        }
        incoming.sort(java.util.Comparator.comparing(row -> (String) row.get(0)));
        List<List<Object>> stored = jdbc.query("""
                select assignment_id, customer_type, customer_ref, subscription_ref, start_date, end_date from sb_resource_assignment
                where resource_ref = ? order by assignment_id""", (rs, n) -> java.util.Arrays.asList(rs.getString(1), rs.getString(2),
                rs.getString(3), rs.getString(4), instant(rs.getTimestamp(5)), instant(rs.getTimestamp(6))), resourceRef);
        if (incoming.equals(stored)) {
            return Set.of();
        }
        String before = assignmentsSignature(resourceRef);
        jdbc.update("delete from sb_resource_assignment where resource_ref = ?", resourceRef);
        for (List<Object> row : incoming) {
            jdbc.update("""
                    insert into sb_resource_assignment (resource_ref, assignment_id, customer_type, customer_ref, subscription_ref,
                      start_date, end_date) values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing""",
                    resourceRef, row.get(0), row.get(1), row.get(2), row.get(3), Mirror.timestamp((Instant) row.get(4)), Mirror.timestamp((Instant) row.get(5)));
        }
        String after = assignmentsSignature(resourceRef);
        Set<String> users = new LinkedHashSet<>();
        if (!before.equals(after)) {
            for (String entry : (before + "," + after).split(",")) {
                if (!entry.isEmpty()) {
                    users.add(entry.substring(0, entry.indexOf('@')));
                }
            }
        }
        return users;
    }

    /** The assignments of a resource as one text: each user it opens the door for (assignee, or member of the company), with the dates. */
    private String assignmentsSignature(String resourceRef) {
        return jdbc.queryForObject("""
                select coalesce(string_agg(u, ',' order by u), '') from (
                  select customer_ref || '@' || coalesce(start_date::text, '') || '-' || coalesce(end_date::text, '') as u
                  from sb_resource_assignment where resource_ref = ? and customer_type = 'user'
                  union all select m.user_ref || '@' || coalesce(a.start_date::text, '') || '-' || coalesce(a.end_date::text, '')
                  from sb_resource_assignment a join sb_membership m on m.company_ref = a.customer_ref
                  where a.resource_ref = ? and a.customer_type = 'company') s""", String.class, resourceRef, resourceRef);
    }

    // ------------------------------------------------------------------ bookings

    /**
     * One booking as Spacebring has it now ({@code GET /resources/bookings/v1/{id}}; 404: cancelled and gone), at the
     * location of its resource. {@code confirmed}: it was in the resource's list of confirmed bookings at its dates.
     * Returns the people it opened or opens a door for, before and after.
     */
    public Set<String> saveBooking(String bookingId, JsonNode answer, int status, boolean confirmed, String locationRef)
            throws ForeignAnswer, UnreadableValue {
        if (status == 404) {
            return cancel(bookingId);
        }
        JsonNode booking = answer.path("booking");
        Mirror.expect("booking", bookingId, text(booking, "id"));
        return transaction.execute(s -> {
            try {
                return saveBooking(booking, confirmed, locationRef, null);
            } catch (UnreadableValue unreadable) {
                throw new IllegalArgumentException("Booking " + bookingId + " cannot be read: " + unreadable.getMessage(), unreadable);
            }
        });
    }

    /** A booking Spacebring no longer knows: it opens nothing. */
    public Set<String> cancel(String bookingId) {
        jdbc.update("update sb_booking set delete_date = coalesce(delete_date, now()), updated_at = now() where id = ?", bookingId);
        return peopleOf(bookingId);
    }

    /**
     * A page of the location's confirmed bookings (a poll asks for {@code status=confirmed}). Returns the people of the
     * bookings that are new or changed; one that cannot be read is logged and skipped.
     */
    public Set<String> saveConfirmedBookings(List<JsonNode> bookings, long pollId, String locationRef) {
        Set<String> users = new LinkedHashSet<>();
        for (JsonNode booking : bookings) {
            try {
                users.addAll(transaction.execute(s -> {
                    try {
                        return saveBooking(booking, true, locationRef, pollId);
                    } catch (UnreadableValue unreadable) {
                        throw new IllegalArgumentException(unreadable.getMessage(), unreadable);
                    }
                }));
            } catch (IllegalArgumentException unreadable) {
                LOG.warn("Booking {} skipped: {}", SpacebringIds.shown(text(booking, "id")), unreadable.getMessage());
            }
        }
        return users;
    }

    private Set<String> saveBooking(JsonNode booking, boolean confirmed, String locationRef, Long pollId) throws UnreadableValue {
        String id = text(booking, "id");
        String resourceRef = text(booking, "resourceRef");
        if (!SpacebringIds.isBookingId(id) || !SpacebringIds.isId(resourceRef)) {
            throw new UnreadableValue("booking " + SpacebringIds.shown(id) + " of resource " + SpacebringIds.shown(resourceRef)
                    + ": not a Spacebring id");
        }
        Instant start = SpacebringDates.parse(booking.get("startDate"), UTC);
        Instant end = SpacebringDates.parse(booking.get("endDate"), UTC);
        if (start == null || end == null) {
            throw new UnreadableValue("booking " + id + " has no start or end date");
        }
        Instant deleted = SpacebringDates.parse(booking.get("deleteDate"), UTC);
        List<List<String>> people = new java.util.ArrayList<>();
        JsonNode owner = booking.path("userOwner");
        person(id, "owner", firstOf(text(owner, "id"), userOfMembership(text(booking, "membershipRefOwner"))), owner, people);
        for (JsonNode attendee : booking.path("attendees")) {
            JsonNode user = attendee.path("user");
            person(id, "attendee", firstOf(text(user, "id"), userOfMembership(text(attendee, "membershipRef"))), user, people);
        }
        mirror.seen(pollId, "booking", List.of(id));
        Set<String> before = peopleOf(id);
        int written = jdbc.update("""
                insert into sb_booking (id, resource_ref, location_ref, start_date, end_date, delete_date, confirmed)
                values (?, ?, ?, ?, ?, ?, ?)
                on conflict (id) do update set resource_ref = excluded.resource_ref, location_ref = excluded.location_ref,
                  start_date = excluded.start_date, end_date = excluded.end_date, delete_date = excluded.delete_date,
                  confirmed = excluded.confirmed, updated_at = now()
                where (sb_booking.resource_ref, sb_booking.location_ref, sb_booking.start_date, sb_booking.end_date,
                  sb_booking.delete_date, sb_booking.confirmed) is distinct from (excluded.resource_ref, excluded.location_ref,
                  excluded.start_date, excluded.end_date, excluded.delete_date, excluded.confirmed)""",
                id, resourceRef, locationRef, Mirror.timestamp(start), Mirror.timestamp(end), Mirror.timestamp(deleted), confirmed);
        List<List<String>> stored = jdbc.query("""
                select user_ref, role, email, name, surname from sb_booking_person where booking_id = ? order by user_ref""",
                (rs, n) -> java.util.Arrays.asList(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)), id);
        people.sort(java.util.Comparator.comparing(row -> row.get(0)));
        boolean peopleChanged = !people.equals(stored);
        if (peopleChanged) {
            jdbc.update("delete from sb_booking_person where booking_id = ?", id);
            for (List<String> row : people) {
                jdbc.update("""
                        insert into sb_booking_person (booking_id, user_ref, role, email, name, surname) values (?, ?, ?, ?, ?, ?)
                        on conflict do nothing""", id, row.get(0), row.get(1), row.get(2), row.get(3), row.get(4));
            }
        }
        if (written == 0 && !peopleChanged) {
            return Set.of();
        }
        Set<String> users = new LinkedHashSet<>(before);
        users.addAll(peopleOf(id));
        return users;
    }

    /** One person the booking opens the door for, unless they cannot be told (then logged). */
    private static void person(String bookingId, String role, String userRef, JsonNode user, List<List<String>> people) {
        if (!SpacebringIds.isId(userRef)) {
            LOG.warn("Booking {}: its {} is not known (no user id, and no membership the mirror knows); the door stays shut for them",
                    bookingId, role);
        } else if (people.stream().noneMatch(row -> row.get(0).equals(userRef))) {
            people.add(java.util.Arrays.asList(userRef, role, text(user, "email"), text(user, "name"), text(user, "surname")));
        }
    }

    private String userOfMembership(String membershipRef) {
        return membershipRef == null ? null : jdbc.query("select user_ref from sb_membership where id = ?",
                rs -> rs.next() ? rs.getString(1) : null, membershipRef);
    }

    private Set<String> peopleOf(String bookingId) {
        return new LinkedHashSet<>(jdbc.queryForList("select user_ref from sb_booking_person where booking_id = ?", String.class, bookingId));
    }

    /**
     * After the location's confirmed bookings overlapping [from, to] were all read: those the poll did not list were
     * cancelled, moved out of the range or are tentative again - they open nothing now. One a webhook wrote since the
     * poll began was not there to be listed: it stays. Returns their people.
     */
    public Set<String> sweepBookings(String locationRef, long pollId, Instant from, Instant to) {
        return new LinkedHashSet<>(jdbc.queryForList("""
                with unlisted as (
                  update sb_booking set confirmed = false, updated_at = now()
                  where location_ref = ? and confirmed and delete_date is null
                    and not exists (select 1 from poll_seen s where s.poll_id = ? and s.kind = 'booking' and s.id = sb_booking.id)
                    and start_date < ? and end_date > ? and updated_at < (select started_at from poll_run where id = ?)
                  returning id)
                select distinct p.user_ref from unlisted u join sb_booking_person p on p.booking_id = u.id""", String.class,
                locationRef, pollId, Mirror.timestamp(to), Mirror.timestamp(from), pollId));
    }

    /** After a complete list of the location's resources: those not listed are gone. Returns their assignees. */
    public Set<String> sweepResources(String locationRef, long pollId) {
        return new LinkedHashSet<>(jdbc.queryForList("""
                with gone as (
                  update sb_resource set gone_at = now(), updated_at = now()
                  where location_ref = ? and gone_at is null
                    and not exists (select 1 from poll_seen s where s.poll_id = ? and s.kind = 'resource' and s.id = sb_resource.id)
                    and updated_at < (select started_at from poll_run where id = ?) returning id)
                select a.customer_ref from gone g join sb_resource_assignment a on a.resource_ref = g.id where a.customer_type = 'user'
                union select m.user_ref from gone g join sb_resource_assignment a on a.resource_ref = g.id
                  join sb_membership m on m.company_ref = a.customer_ref where a.customer_type = 'company'
                union select p.user_ref from gone g join sb_booking b on b.resource_ref = g.id
                  join sb_booking_person p on p.booking_id = b.id""", String.class, locationRef, pollId, pollId));
    }

    // ------------------------------------------------------------------ visits

    /** One visit as Spacebring has it now ({@code GET /visitors/visits/v1/{id}}; 404: cancelled). Returns the visitor. */
    public Set<String> saveVisit(String visitId, JsonNode answer, int status) throws ForeignAnswer, UnreadableValue {
        if (status == 404) {
            return new LinkedHashSet<>(jdbc.queryForList(
                    "update sb_visit set delete_date = coalesce(delete_date, now()), updated_at = now() where id = ? returning user_ref",
                    String.class, visitId));
        }
        JsonNode visit = answer.path("visit");
        Mirror.expect("visit", visitId, text(visit, "id"));
        return saveVisit(visit, null);
    }

    /** A page of the location's visits (a poll); one that cannot be read is logged and skipped. Returns changed visitors. */
    public Set<String> saveVisits(List<JsonNode> visits, long pollId) {
        Set<String> users = new LinkedHashSet<>();
        for (JsonNode visit : visits) {
            try {
                users.addAll(saveVisit(visit, pollId));
            } catch (UnreadableValue unreadable) {
                LOG.warn("Visit {} skipped: {}", SpacebringIds.shown(text(visit, "id")), unreadable.getMessage());
            }
        }
        return users;
    }

    private Set<String> saveVisit(JsonNode visit, Long pollId) throws UnreadableValue {
        String id = text(visit, "id");
        String location = firstOf(text(visit, "locationRef"), text(visit.path("location"), "id"));
        String visitor = text(visit, "userRefVisitor");
        if (!SpacebringIds.isId(id) || !SpacebringIds.isId(location) || !SpacebringIds.isId(visitor)) {
            throw new UnreadableValue("visit " + SpacebringIds.shown(id) + ": its id, location or visitor is not a Spacebring id");
        }
        ZoneId zone = SpacebringDates.zone(text(visit.path("location"), "timezoneId"), mirror.zoneOf(location));
        Instant date = SpacebringDates.parse(visit.get("date"), zone);
        if (date == null) {
            throw new UnreadableValue("visit " + id + " has no date");
        }
        // The local day of the visit: 23 or 25 hours long on the day the clocks change
        LocalDate day = date.atZone(zone).toLocalDate();
        Instant dayStart = day.atStartOfDay(zone).toInstant();
        Instant dayEnd = day.plusDays(1).atStartOfDay(zone).toInstant();
        JsonNode person = visit.path("visitor");
        mirror.seen(pollId, "visit", List.of(id));
        int written = jdbc.update("""
                insert into sb_visit (id, location_ref, user_ref, email, name, surname, day_start, day_end, check_out, delete_date)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (id) do update set location_ref = excluded.location_ref, user_ref = excluded.user_ref, email = excluded.email,
                  name = excluded.name, surname = excluded.surname, day_start = excluded.day_start, day_end = excluded.day_end,
                  check_out = excluded.check_out, delete_date = excluded.delete_date, updated_at = now()
                where (sb_visit.location_ref, sb_visit.user_ref, sb_visit.email, sb_visit.name, sb_visit.surname, sb_visit.day_start,
                  sb_visit.day_end, sb_visit.check_out, sb_visit.delete_date) is distinct from (excluded.location_ref, excluded.user_ref,
                  excluded.email, excluded.name, excluded.surname, excluded.day_start, excluded.day_end, excluded.check_out,
                  excluded.delete_date)""",
                id, location, visitor, text(person, "email"), text(person, "name"), text(person, "surname"), Mirror.timestamp(dayStart),
                Mirror.timestamp(dayEnd), Mirror.timestamp(SpacebringDates.parse(visit.get("checkOutDate"), zone)),
                Mirror.timestamp(SpacebringDates.parse(visit.get("deleteDate"), zone)));
        return written == 0 ? Set.of() : Set.of(visitor);
    }

    /** After the location's visits in [from, to] were all read: those not listed were cancelled. Returns their visitors. */
    public Set<String> sweepVisits(String locationRef, long pollId, Instant from, Instant to) {
        return new LinkedHashSet<>(jdbc.queryForList("""
                update sb_visit set delete_date = now(), updated_at = now()
                where location_ref = ? and delete_date is null and day_start <= ? and day_end > ?
                  and not exists (select 1 from poll_seen s where s.poll_id = ? and s.kind = 'visit' and s.id = sb_visit.id)
                  and updated_at < (select started_at from poll_run where id = ?)
                returning user_ref""", String.class, locationRef, Mirror.timestamp(to), Mirror.timestamp(from), pollId, pollId));
    }

    /**
     * The users whose door opens or closes in (from, to] by time alone: a booking's window edge (start - open-before,
     * end + close-after) or a guest's invitation (open - invite lead), an assignment's start or end, a visit's day or
     * check-out.
     */
    public Set<String> edgesBetween(String locationRef, Instant from, Instant to, AccessPolicy.BookingTimes times) {
        Timestamp f = Mirror.timestamp(from);
        Timestamp t = Mirror.timestamp(to);
        double open = times.openBefore().toMillis() / 1000.0;
        double close = times.closeAfter().toMillis() / 1000.0;
        double invite = open + (times.inviteLead() == null ? 0 : times.inviteLead().toMillis() / 1000.0);
        return new LinkedHashSet<>(jdbc.queryForList("""
                select p.user_ref from sb_booking b join sb_booking_person p on p.booking_id = b.id
                where b.location_ref = ?
                  and (b.start_date - ?::float8 * interval '1 second' > ? and b.start_date - ?::float8 * interval '1 second' <= ?
                    or b.start_date - ?::float8 * interval '1 second' > ? and b.start_date - ?::float8 * interval '1 second' <= ?
                    or b.end_date + ?::float8 * interval '1 second' > ? and b.end_date + ?::float8 * interval '1 second' <= ?
                    or b.delete_date > ? and b.delete_date <= ?)
                union select a.customer_ref from sb_resource_assignment a join sb_resource r on r.id = a.resource_ref
                where r.location_ref = ? and a.customer_type = 'user' and (a.start_date > ? and a.start_date <= ? or a.end_date > ? and a.end_date <= ?)
                union select m.user_ref from sb_resource_assignment a join sb_resource r on r.id = a.resource_ref
                  join sb_membership m on m.company_ref = a.customer_ref
                where r.location_ref = ? and a.customer_type = 'company' and (a.start_date > ? and a.start_date <= ? or a.end_date > ? and a.end_date <= ?)
                union select user_ref from sb_visit
                where location_ref = ? and (day_start > ? and day_start <= ? or day_end > ? and day_end <= ? or check_out > ? and check_out <= ?)""",
                String.class, locationRef, open, f, open, t, invite, f, invite, t, close, f, close, t, f, t,
                locationRef, f, t, f, t, locationRef, f, t, f, t, locationRef, f, t, f, t, f, t));
    }

    /** As PostgreSQL keeps it: to the microsecond, so what is stored compares equal to what comes again. */
    private static Instant micros(Instant instant) {
        return instant == null ? null : instant.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
