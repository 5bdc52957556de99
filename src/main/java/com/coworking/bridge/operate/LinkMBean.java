package com.coworking.bridge.operate;

import java.security.AccessController;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import javax.management.remote.JMXPrincipal;
import javax.security.auth.Subject;
import javax.sql.DataSource;

import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedOperation;
import org.apache.camel.api.management.ManagedResource;
import org.springframework.jdbc.core.JdbcTemplate;

import com.coworking.bridge.link.Link;
import com.coworking.bridge.link.LinkControls;
import com.coworking.bridge.link.LinkStats;
import com.coworking.bridge.luckey.LuckeyAccount;
import com.coworking.bridge.poll.PollProgress;
import com.coworking.bridge.spacebring.SpacebringBudget;
import com.coworking.bridge.spacebring.SpacebringTrouble;

/**
 * One link as an MBean in Camel's JMX tree ({@code org.apache.camel:context=spacebring-luckey-bridge,type=bridge,
 * link="<link>",name="link"}): its figures, cheap to read (memory, or one indexed count), and the operations of
 * {@link LinkOperations}, each audited with the JMX user who called it.
 */
@ManagedResource(description = "A link: one Spacebring location to one Luckey account - figures and operations")
public final class LinkMBean {

    private final Link link;
    private final LinkOperations operations;
    private final LinkControls controls;
    private final LinkStats.Figures figures;
    private final PollProgress poll;
    private final LuckeyAccount account;
    private final SpacebringBudget spacebring;
    private final SpacebringTrouble spacebringTrouble;
    private final JdbcTemplate jdbc;

    public LinkMBean(Link link, LinkOperations operations, LinkControls controls, LinkStats stats, PollProgress poll,
                     LuckeyAccount account, SpacebringBudget spacebring, SpacebringTrouble spacebringTrouble, DataSource dataSource) {
        this.link = link;
        this.operations = operations;
        this.controls = controls;
        this.figures = stats.of(link.name());
        this.poll = poll;
        this.account = account;
        this.spacebring = spacebring;
        this.spacebringTrouble = spacebringTrouble;
        this.jdbc = new JdbcTemplate(dataSource);
    }

    // ---------------------------------------------------------------- the link and its switches

    @ManagedAttribute(description = "Spacebring location id")
    public String getLocationRef() {
        return link.locationRef();
    }

    @ManagedAttribute(description = "Luckey account: client id and base URL")
    public String getLuckeyAccount() {
        return link.luckey().toString();
    }

    @ManagedAttribute(description = "Enabled in the settings (enabled / LINK_ENABLED)")
    public boolean isEnabled() {
        return link.enabled();
    }

    @ManagedAttribute(description = "Paused at runtime: nothing changes in Luckey, webhooks are still stored")
    public boolean isPaused() {
        return controls.state(link).paused();
    }

    @ManagedAttribute(description = "Dry run: everything but the writes to Luckey, which are audited as 'dry run: not sent'")
    public boolean isDryRun() {
        return controls.state(link).dryRun();
    }

    @ManagedAttribute(description = "Last change of pause or dry run: what, by whom, when")
    public String getLastSwitch() {
        LinkControls.State state = controls.state(link);
        return state.changedAt() == null ? "none" : state.reason() + " by " + state.changedBy() + " at " + state.changedAt();
    }

    // ---------------------------------------------------------------- work waiting

    @ManagedAttribute(description = "Webhooks of the location stored and not applied yet")
    public long getInboxDepth() {
        return count("""
                select count(*) from inbox where status in ('pending', 'processing') and coalesce(location_ref, '') = ?""",
                link.locationRef());
    }

    @ManagedAttribute(description = "Age in seconds of the oldest webhook of the location not applied yet (0: none)")
    public long getOldestWebhookWaitingSeconds() {
        return count("""
                select coalesce(extract(epoch from now() - min(received_at))::bigint, 0) from inbox
                where status = 'pending' and coalesce(location_ref, '') = ?""", link.locationRef());
    }

    @ManagedAttribute(description = "Webhooks of the location that ended failed for a permanent reason (kept for a replay)")
    public long getWebhooksFailed() {
        return count("select count(*) from inbox where status = 'failed' and coalesce(location_ref, '') = ?", link.locationRef());
    }

    @ManagedAttribute(description = "Webhooks of the location not applied for a passing reason (database, Spacebring), tried again later")
    public long getWebhooksWaitingForRetry() {
        return count("select count(*) from inbox where status = 'pending' and attempts > 0 and coalesce(location_ref, '') = ?",
                link.locationRef());
    }

    @ManagedAttribute(description = "Users waiting to be reconciled in this link")
    public long getUsersWaiting() {
        return count("select count(*) from sync_queue where link = ?", link.name());
    }

    @ManagedAttribute(description = "Dead letters of this link waiting to be replayed or discarded")
    public long getDeadLettersWaiting() {
        return count("select count(*) from dead_letter where link = ? and replayed_at is null and discarded_at is null", link.name());
    }

    // ---------------------------------------------------------------- what this bridge did since it started

    @ManagedAttribute(description = "Invites carried out by this bridge since it started")
    public long getInvitesDone() {
        return figures.count("invite done");
    }

    @ManagedAttribute(description = "Grants carried out by this bridge since it started")
    public long getGrantsDone() {
        return figures.count("grant done");
    }

    @ManagedAttribute(description = "Revokes carried out by this bridge since it started")
    public long getRevokesDone() {
        return figures.count("revoke done");
    }

    @ManagedAttribute(description = "Renames carried out by this bridge since it started")
    public long getRenamesDone() {
        return figures.count("rename done");
    }

    @ManagedAttribute(description = "Actions failed for good (dead letter) since start, by type")
    public String getActionsFailed() {
        return byType("failed");
    }

    @ManagedAttribute(description = "Actions held back while the Luckey account was frozen since start, by type")
    public String getActionsHeldBack() {
        return byType("held back");
    }

    @ManagedAttribute(description = "Actions audited but not sent under dry run since start, by type")
    public String getActionsInDryRun() {
        return byType("dry run");
    }

    @ManagedAttribute(description = "The last failure of this link, with its time")
    public String getLastError() {
        return figures.lastError();
    }

    // ---------------------------------------------------------------- the poll

    @ManagedAttribute(description = "A poll of the location is under way on this bridge")
    public boolean isPollRunning() {
        return poll.isRunning();
    }

    @ManagedAttribute(description = "The current (or last) poll is a full sync")
    public boolean isFullSync() {
        return poll.isFullSync();
    }

    @ManagedAttribute(description = "Pages read by the current (or last) poll")
    public int getPollPagesFetched() {
        return poll.getPagesFetched();
    }

    @ManagedAttribute(description = "When the current (or last) poll started on this bridge")
    public String getLastPollStartedAt() {
        return poll.getStartedAt();
    }

    @ManagedAttribute(description = "How long the last poll took, in seconds (while one runs: so far)")
    public long getLastPollSeconds() {
        if (poll.getStartedAt() == null) {
            return 0;
        }
        Instant end = poll.getFinishedAt() == null ? Instant.now() : Instant.parse(poll.getFinishedAt());
        return Duration.between(Instant.parse(poll.getStartedAt()), end).toSeconds();
    }

    @ManagedAttribute(description = "How the last poll ended")
    public String getLastPollOutcome() {
        return poll.getLastOutcome();
    }

    @ManagedAttribute(description = "Polls of the location that failed on this bridge since it started")
    public long getPollsFailed() {
        return poll.getFailed();
    }

    @ManagedAttribute(description = "Seconds since a poll of the location last completed, on any bridge (-1: none yet)")
    public long getSecondsSinceCompletePoll() {
        Long seconds = jdbc.queryForObject("""
                select extract(epoch from now() - max(finished_at))::bigint from poll_run
                where location_ref = ? and outcome like 'complete%'""", Long.class, link.locationRef());
        return seconds == null ? -1 : seconds;
    }

    // ---------------------------------------------------------------- the two APIs

    @ManagedAttribute(description = "Since when the Luckey account is frozen (423), or 'no'")
    public String getLuckeyFrozenSince() {
        Instant since = account.frozenSince(link);
        return since == null ? "no" : since.toString();
    }

    @ManagedAttribute(description = "Answers from this link's Luckey account since start")
    public long getLuckeyRequests() {
        return figures.count("luckey requests");
    }

    @ManagedAttribute(description = "429 answers from this link's Luckey account since start")
    public long getLuckeyRateLimited() {
        return figures.count("luckey 429");
    }

    @ManagedAttribute(description = "Requests to this link's Luckey account in the last 60 seconds")
    public long getLuckeyRequestsLastMinute() {
        return figures.lastMinute("luckey requests");
    }

    @ManagedAttribute(description = "429 answers from this link's Luckey account in the last 60 seconds")
    public long getLuckeyRateLimitedLastMinute() {
        return figures.lastMinute("luckey 429");
    }

    @ManagedAttribute(description = "Spacebring requests in the last 60 seconds, all links")
    public long getSpacebringRequestsLastMinute() {
        return spacebring.requestsInTheLastMinute();
    }

    @ManagedAttribute(description = "429 answers from Spacebring in the last 60 seconds, all links")
    public long getSpacebringRateLimitedLastMinute() {
        return spacebringTrouble.rateLimitedInTheLastMinute();
    }

    @ManagedAttribute(description = "Spacebring requests since start, all links (one client, one budget)")
    public long getSpacebringRequests() {
        return spacebring.requestCount();
    }

    @ManagedAttribute(description = "429 answers from Spacebring since start, all links")
    public long getSpacebringRateLimited() {
        return spacebringTrouble.rateLimitedCount();
    }

    // ---------------------------------------------------------------- operations

    @ManagedOperation(description = "Pause the link: nothing changes in Luckey until resumed (all bridges); webhooks are still stored")
    public String pause(String reason) {
        return operations.pause(link, reason, caller());
    }

    @ManagedOperation(description = "Resume the link: the users who waited are reconciled")
    public String resume() {
        return operations.resume(link, caller());
    }

    @ManagedOperation(description = "Dry run on: nothing is written to Luckey, every would-be change is audited")
    public String dryRunOn() {
        return operations.dryRun(link, true, caller());
    }

    @ManagedOperation(description = "Dry run off: the users held by the dry run are reconciled for real")
    public String dryRunOff() {
        return operations.dryRun(link, false, caller());
    }

    @ManagedOperation(description = "Reconcile one user now, by e-mail or Spacebring user id")
    public String resyncUser(String emailOrUserRef) {
        return answer(() -> operations.resyncUser(link, emailOrUserRef, caller()));
    }

    @ManagedOperation(description = "Reconcile every user of the location")
    public String fullResync() {
        return operations.fullResync(link, caller());
    }

    @ManagedOperation(description = "One user's access in words, by e-mail or Spacebring user id")
    public String explainUser(String emailOrUserRef) {
        return answer(() -> operations.explain(link, emailOrUserRef).asText());
    }

    @ManagedOperation(description = "Dry run for the whole location: every action a sync would carry out now, with reasons; performs nothing")
    public String planLocation() {
        return operations.planLocation(link).asText();
    }

    @ManagedOperation(description = "Replay every dead letter waiting: their users are reconciled again")
    public String replayDeadLetters() {
        return operations.replayDeadLetters(link, caller());
    }

    @ManagedOperation(description = "Replay one dead letter by id")
    public String replayDeadLetter(long id) {
        return answer(() -> operations.replayDeadLetter(link, id, caller()));
    }

    @ManagedOperation(description = "Discard one dead letter by id, saying why")
    public String discardDeadLetter(long id, String reason) {
        return answer(() -> operations.discardDeadLetter(link, id, reason, caller()));
    }

    /** A refusal (no such user, no such dead letter) is the answer, in words, as jconsole shows it. */
    private static String answer(Supplier<String> operation) {
        try {
            return operation.get();
        } catch (IllegalArgumentException | IllegalStateException refused) {
            return refused.getMessage();
        }
    }

    private String byType(String outcome) {
        return Set.of("invite", "grant", "revoke", "rename").stream().sorted()
                .map(type -> type + " " + figures.count(type + " " + outcome)).collect(Collectors.joining(", "));
    }

    private long count(String sql, Object... args) {
        Long count = jdbc.queryForObject(sql, Long.class, args);
        return count == null ? 0 : count;
    }

    /** The JMX user, as the connector authenticated them; "jmx" when the connection is not authenticated (local). */
    @SuppressWarnings("removal")
    private static String caller() {
        Subject subject = Subject.getSubject(AccessController.getContext());
        String names = subject == null ? "" : subject.getPrincipals(JMXPrincipal.class).stream().map(JMXPrincipal::getName)
                .collect(Collectors.joining(","));
        return names.isEmpty() ? "jmx" : "jmx user " + names;
    }
}
