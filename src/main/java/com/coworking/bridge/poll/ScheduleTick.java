package com.coworking.bridge.poll;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;

import javax.sql.DataSource;

import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import com.coworking.bridge.link.Link;
import com.coworking.bridge.mirror.BookingMirror;
import com.coworking.bridge.sync.SyncQueue;

/**
 * Time alone changes access: a subscription (or one of its items) that starts, ends or is deleted at an
 * instant changes the desired tags then, with no webhook; so does a booking's door window that opens or closes, an
 * assignment that starts or ends, a visit's day that begins or ends. Each tick queues the users of every such
 * instant since the previous tick. The clock is injectable, so tests move time instead of waiting.
 */
public final class ScheduleTick {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduleTick.class);

    private final JdbcTemplate jdbc;
    private final SyncQueue queue;
    private final Clock clock;
    private final BookingMirror bookings;

    public ScheduleTick(DataSource dataSource, SyncQueue queue, Clock clock, BookingMirror bookings) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.queue = queue;
        this.clock = clock;
        this.bookings = bookings;
    }

    /** Queues, in the link, the users of its location whose dates were reached since the link's previous tick. */
    public void tick(@ExchangeProperty("link") Link link) {
        String location = link.locationRef();
        Timestamp now = Timestamp.from(clock.instant());
        List<Timestamp> previous = jdbc.queryForList("select checked_until from schedule_state where location_ref = ?",
                Timestamp.class, location);
        Timestamp from = previous.isEmpty() ? now : previous.get(0);
        if (from.before(now)) {
            List<String> users = jdbc.queryForList("""
                    with due as (
                      select s.id from sb_subscription s
                      where s.location_ref = ? and (s.start_date > ? and s.start_date <= ? or s.end_date > ? and s.end_date <= ?
                        or s.delete_date > ? and s.delete_date <= ?)
                      union
                      select i.subscription_id from sb_subscription_item i join sb_subscription s on s.id = i.subscription_id
                      where s.location_ref = ? and (i.start_date > ? and i.start_date <= ? or i.end_date > ? and i.end_date <= ?))
                    select distinct u.user_ref from due join sb_subscription_users u on u.subscription_id = due.id""", String.class,
                    location, from, now, from, now, from, now, location, from, now, from, now);
            if (!users.isEmpty()) {
                LOG.info("Link {}: start or end dates reached between {} and {}: {} user(s) to reconcile", link.name(), from.toInstant(),
                        now.toInstant(), users.size());
                queue.mark(link, users, "start or end date reached");
            }
            if (link.doors().bookings() || link.doors().visitors()) {
                java.util.Set<String> doorUsers = bookings.edgesBetween(location, from.toInstant(), now.toInstant(), link.doors().rules());
                if (!doorUsers.isEmpty()) {
                    LOG.info("Link {}: booking windows, assignments or visit days opened or closed between {} and {}: {} user(s) to reconcile",
                            link.name(), from.toInstant(), now.toInstant(), doorUsers.size());
                    queue.mark(link, doorUsers, "door window opened or closed");
                }
            }
        }
        jdbc.update("""
                insert into schedule_state (location_ref, checked_until) values (?, ?)
                on conflict (location_ref) do update set checked_until = excluded.checked_until""", location, now);
    }
}
