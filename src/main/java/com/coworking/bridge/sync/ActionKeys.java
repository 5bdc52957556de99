package com.coworking.bridge.sync;

import java.sql.Timestamp;

import javax.sql.DataSource;

import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;

import com.coworking.bridge.link.Link;

/**
 * Camel's JDBC idempotent repository over the table {@code camel_messageprocessed} (owned by a migration, with
 * its unique key), claiming a key with one {@code insert ... on conflict do nothing}: of two copies of an action
 * claimed at the same instant, exactly one wins and the other is a duplicate, where a check-then-insert would
 * fail the second with a unique-key error.
 */
public final class ActionKeys extends JdbcMessageIdRepository {

    public ActionKeys(DataSource dataSource, String processorName) {
        super(dataSource, processorName);
        setCreateTableIfNotExists(false);
    }

    /**
     * Camel's repository checks at start that its table exists; this one belongs to a migration, and the database
     * may still be coming up when the routes start.
     */
    @Override
    protected void doStart() {
        // nothing to check: Flyway owns the table
    }

    /**
     * Forgets the keys of a user's earlier decisions, once what Luckey holds for the user has been read back: those
     * decisions were taken from a state now known to be stale, and may be taken again from the true one (an invite
     * whose create never reached Luckey has no confirmed state whose version could change its key).
     */
    public void forgetUser(Link link, String userRef) {
        getJdbcTemplate().update("delete from camel_messageprocessed where processorname = ? and messageid like ?",
                getProcessorName(), link.name() + "/%:" + userRef.replace("%", "\\%").replace("_", "\\_") + ":%");
    }

    /**
     * Refused, whoever asks: without the keys every decision could be taken again. Camel offers clear() on the
     * repository's and the idempotent consumer's MBeans; this makes both fail.
     */
    @Override
    public void clear() {
        throw new IllegalStateException("The idempotency keys of Luckey actions are never cleared: that would break exactly-once");
    }

    @Override
    public boolean add(String key) {
        return getJdbcTemplate().update("insert into camel_messageprocessed (processorname, messageid, createdat) values (?, ?, ?) "
                + "on conflict do nothing", getProcessorName(), key, new Timestamp(System.currentTimeMillis())) == 1;
    }
}
