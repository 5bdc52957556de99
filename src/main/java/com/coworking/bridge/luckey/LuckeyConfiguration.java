package com.coworking.bridge.luckey;

import java.time.Clock;
import java.time.Duration;

import javax.sql.DataSource;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;

import com.coworking.bridge.http.Backoff;
import com.coworking.bridge.http.Requests;
import com.coworking.bridge.link.LinkStats;
import com.coworking.bridge.link.Links;

/**
 * The Luckey adapter (routes luckey-adapter.camel.yaml): its tokens, its rate gate, what its answers mean and what
 * the bridge knows of each account's users and tags.
 */
public class LuckeyConfiguration implements CamelConfiguration {

    @BindToRegistry("luckey")
    public Requests luckey() {
        return new Requests(id -> id);
    }

    @BindToRegistry("luckeyRetries")
    public RedeliveryPolicy luckeyRetries(@PropertyInject("luckey.retry.max") int maximum,
            @PropertyInject("luckey.retry.initial-delay-ms") long firstDelayMs,
            @PropertyInject("luckey.retry.max-delay-ms") long maximumDelayMs) {
        return Backoff.policy(maximum, firstDelayMs, maximumDelayMs);
    }

    @BindToRegistry("luckeyAccount")
    public LuckeyAccount luckeyAccount(Clock clock, @PropertyInject("luckey.frozen-retry-interval-ms") long frozenRetryMs) {
        return new LuckeyAccount(clock, Duration.ofMillis(frozenRetryMs));
    }

    @BindToRegistry("luckeyAccountHealthCheck")
    public LuckeyAccountHealthCheck luckeyAccountHealthCheck(LuckeyAccount account) {
        return new LuckeyAccountHealthCheck(account);
    }

    @BindToRegistry("luckeyTokens")
    public LuckeyTokens luckeyTokens(CamelContext camel) {
        return new LuckeyTokens(camel);
    }

    @BindToRegistry("luckeyGate")
    public LuckeyGate luckeyGate(@PropertyInject("luckey.rate-window-ms") long rateWindowMs) {
        return new LuckeyGate(Duration.ofMillis(rateWindowMs));
    }

    @BindToRegistry("luckeyAnswer")
    public LuckeyAnswer luckeyAnswer(LuckeyAccount account, LuckeyTokens tokens, LuckeyGate gate, LinkStats stats) {
        return new LuckeyAnswer(account, tokens, gate, stats);
    }

    @BindToRegistry("luckeyBodies")
    public LuckeyBodies luckeyBodies() {
        return new LuckeyBodies();
    }

    @BindToRegistry("luckeyState")
    public LuckeyState luckeyState(DataSource dataSource) {
        return new LuckeyState(dataSource);
    }

    /** A Luckey user another link of the same account owns is not adopted. */
    @BindToRegistry("luckeyResults")
    public LuckeyResults luckeyResults(LuckeyState luckeyState, Links links) {
        return new LuckeyResults((link, id) -> luckeyState.ownerOf(links.sharingAccountWith(link), id));
    }
}
