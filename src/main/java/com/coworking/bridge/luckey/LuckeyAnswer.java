package com.coworking.bridge.luckey;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import org.apache.camel.Exchange;

import com.coworking.bridge.http.HttpCall;
import com.coworking.bridge.http.HttpCalls;
import com.coworking.bridge.link.Link;
import com.coworking.bridge.link.LinkStats;

/**
 * Sorts out Luckey's answer as the contract means it. Any 2xx is success, and its body is read only when
 * there is one. 401 drops the token (tried again once); 429 pauses every Luckey call for Retry-After; 423 is
 * a frozen account; 5xx is Luckey having trouble. Other 4xx pass, for the calling route to decide (409 adopt,
 * 404 not_member...). A write that got no readable answer has an unknown outcome.
 */
public final class LuckeyAnswer {

    private final LuckeyAccount account;
    private final LuckeyTokens tokens;
    private final LuckeyGate gate;
    private final LinkStats stats;

    public LuckeyAnswer(LuckeyAccount account, LuckeyTokens tokens, LuckeyGate gate, LinkStats stats) {
        this.account = account;
        this.tokens = tokens;
        this.gate = gate;
        this.stats = stats;
    }

    public void check(Exchange exchange) throws LuckeyFailure {
        HttpCall call = exchange.getProperty(HttpCalls.CALL, HttpCall.class);
        Link link = exchange.getProperty("link", Link.class);
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        stats.count(link, "luckey requests");
        boolean success = status / 100 == 2;
        Object body;
        try {
            body = HttpCalls.answerValue(exchange);
        } catch (HttpCalls.UnreadableAnswer unreadable) {
            if (success && call.isWrite()) {
                throw new LuckeyFailure.OutcomeUnknown(unreadable.getMessage() + " (status " + status + ")");
            }
            if (success) {
                throw new LuckeyFailure.Unavailable(unreadable.getMessage());
            }
            body = null;
        }
        exchange.getMessage().setBody(body);
        if (!call.authorized() && success) {
            account.credentialsAccepted(link);
        }
        if (!call.authorized() && (status == 400 || status == 401)) {
            account.credentialsRejected(link, "Luckey refused the client id and secret (" + status + " to the token request)");
            throw new LuckeyFailure.CredentialsRejected("Luckey refused the client id and secret (" + status + " to " + call
                    + "): check the client id and secret of link " + link.name() + " (LUCKEY_CLIENT_ID and LUCKEY_CLIENT_SECRET, "
                    + "or its luckey settings in LINKS_FILE)");
        }
        if (status == 401) {
            exchange.setProperty("luckeyAuthorization", exchange.getMessage().getHeader("Authorization", String.class));
            tokens.drop(link, exchange.getProperty("luckeyAuthorization", String.class));
            throw new LuckeyFailure.TokenRejected("Luckey refused the access token (401) on " + call);
        }
        if (status == 429) {
            stats.count(link, "luckey 429");
            gate.pauseFor(link, retryAfter(exchange.getMessage().getHeader("Retry-After", String.class)));
            throw new LuckeyFailure.RateLimited("Luckey rate limit (429) on " + call);
        }
        if (status == 423) {
            throw new LuckeyFailure.AccountFrozen("Luckey account frozen (423 account_frozen) on " + call);
        }
        if (status >= 500 || status < 200) {
            throw new LuckeyFailure.Unavailable("Luckey answered " + status + " to " + call);
        }
        if (success && call.isWrite()) {
            account.writeSucceeded(link);
        }
    }

    /**
     * The request failed without an answer (the exception caught in the call route). Nothing was sent when the
     * connection could not be made: tried again. A write that was sent has an unknown outcome.
     */
    public void noAnswer(Exchange exchange) throws LuckeyFailure {
        HttpCall call = exchange.getProperty(HttpCalls.CALL, HttpCall.class);
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String what = cause == null ? "no answer" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        if (!call.isWrite() || notSent(cause)) {
            throw new LuckeyFailure.Unavailable("Luckey could not be reached for " + call + " (" + what + ")");
        }
        throw new LuckeyFailure.OutcomeUnknown("No answer from Luckey to " + call + " (" + what + "): whether it was applied is unknown");
    }

    static boolean notSent(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            String name = t.getClass().getSimpleName();
            if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException
                    || name.equals("ConnectTimeoutException") || name.equals("ConnectionRequestTimeoutException")) {
                return true;
            }
            if (t instanceof InterruptedIOException && !(t instanceof java.net.SocketTimeoutException)) {
                return false;
            }
        }
        return false;
    }

    /** Retry-After in seconds or as an HTTP date; one second when missing or unreadable. */
    static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return Duration.ofSeconds(1);
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(java.time.Instant.now(),
                        ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return until.isNegative() ? Duration.ZERO : until;
            } catch (java.time.DateTimeException unreadable) {
                return Duration.ofSeconds(1);
            }
        }
    }
}
