package com.coworking.bridge.sync;

import java.sql.Timestamp;

import javax.sql.DataSource;

import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

import com.coworking.bridge.link.Link;

/**
 * The idempotency keys of Luckey actions: Camel's JDBC idempotent repository over the table
 * {@code camel_messageprocessed} (owned by a migration, with its unique key), claiming a key with one
 * {@code insert ... on conflict do nothing}: of two copies of an action claimed at the same instant, exactly one wins
 * and the other is a duplicate, where a check-then-insert would fail the second with a unique-key error.
 * <p>
 * Camel's repository is held, not extended: its MBean would offer {@code clear()} and {@code remove(key)} to anyone
 * with JMX access, and without the keys every decision could be taken again. This class shows JMX nothing but its
 * state, and refuses {@code clear()}, which the idempotent consumer's own MBean offers.
 */
public final class ActionKeys extends ServiceSupport implements IdempotentRepository {

    private final JdbcMessageIdRepository keys;

    public ActionKeys(DataSource dataSource, String processorName) {
        // Never started: its start would check for a table Flyway owns, while the database may still be coming up
        keys = new JdbcMessageIdRepository(dataSource, processorName);
        keys.setCreateTableIfNotExists(false);
    }

    @Override
    public boolean add(String key) {
        return keys.getJdbcTemplate().update("insert into camel_messageprocessed (processorname, messageid, createdat) values (?, ?, ?) "
                + "on conflict do nothing", keys.getProcessorName(), key, new Timestamp(System.currentTimeMillis())) == 1;
    }

    @Override
    public boolean contains(String key) {
        return keys.contains(key);
    }

    /** Used by the idempotent consumer when an action fails (removeOnFailure): the decision may be taken again. */
    @Override
    public boolean remove(String key) {
        return keys.remove(key);
    }

    @Override
    public boolean confirm(String key) {
        return keys.confirm(key);
    }

    /** Refused, whoever asks: without the keys every decision could be taken again. */
    @Override
    public void clear() {
        throw new IllegalStateException("The idempotency keys of Luckey actions are never cleared: that would break exactly-once");
    }

    /**
     * Forgets the keys of a user's earlier decisions, once what Luckey holds for the user has been read back: those
     * decisions were taken from a state now known to be stale, and may be taken again from the true one (an invite
     * whose create never reached Luckey has no confirmed state whose version could change its key).
     */
    public void forgetUser(Link link, String userRef) {
        keys.getJdbcTemplate().update("delete from camel_messageprocessed where processorname = ? and messageid like ?",
                keys.getProcessorName(), link.name() + "/%:" + userRef.replace("%", "\\%").replace("_", "\\_") + ":%");
    }
}
