package com.coworking.bridge.luckey;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.coworking.bridge.http.HttpCall;
import com.coworking.bridge.http.HttpCalls;
import com.coworking.bridge.http.Requests;
import com.coworking.bridge.link.Link;
import com.coworking.bridge.logging.SecretMask;

/**
 * One OAuth2 client-credentials token per Luckey account (links on one account share it), reused by every call
 * until shortly before it expires. A 401 to an API call drops it ({@link #drop}), so the next call fetches a new one.
 * The token is fetched through the route {@code direct:luckey-fetch-token}, which knows the token URL. Tokens and
 * secrets are never logged.
 */
public final class LuckeyTokens {

    private static final Logger LOG = LoggerFactory.getLogger(LuckeyTokens.class);
    private static final String BEARER = "Bearer ";

    private final CamelContext camel;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private final AtomicLong fetched = new AtomicLong();
    private volatile ProducerTemplate producer;

    /** The token of one account; its monitor serialises fetching, so concurrent calls fetch it once. */
    private static final class Token {
        String value;
        long refreshAtNanos;
    }

    public LuckeyTokens(CamelContext camel) {
        this.camel = camel;
    }

    /** Sets the Authorization header of the call about to be sent, unless it is the token request itself. */
    public void authorize(@ExchangeProperty("link") Link link, @ExchangeProperty(HttpCalls.CALL) HttpCall call, Exchange exchange)
            throws LuckeyFailure {
        if (call.authorized()) {
            exchange.getMessage().setHeader("Authorization", BEARER + current(link));
        }
    }

    /** The token request, for the route that sends it: a form with the link's client credentials. */
    public HttpCall request(Link link, String path) {
        return new HttpCall("POST", path, Map.of(), Requests.form(Requests.params("grant_type", "client_credentials",
                "client_id", link.luckey().clientId(), "client_secret", link.luckey().clientSecret())),
                "application/x-www-form-urlencoded", false);
    }

    /** Luckey refused the token that was sent: forget it, unless another call has replaced it already. */
    public void drop(Link link, String sent) {
        Token token = tokens.get(link.luckey().accountKey());
        if (token == null) {
            return;
        }
        synchronized (token) {
            if (token.value != null && (BEARER + token.value).equals(sent)) {
                token.value = null;
            }
        }
    }

    public long fetchedCount() {
        return fetched.get();
    }

    private String current(Link link) throws LuckeyFailure {
        Token token = tokens.computeIfAbsent(link.luckey().accountKey(), key -> new Token());
        synchronized (token) {
            if (token.value == null || System.nanoTime() - token.refreshAtNanos >= 0) {
                fetch(link, token);
            }
            return token.value;
        }
    }

    private void fetch(Link link, Token token) throws LuckeyFailure {
        if (producer == null) {
            producer = camel.createProducerTemplate();
        }
        Exchange answer = producer.send("direct:luckey-fetch-token", exchange -> exchange.setProperty("link", link));
        Exception failure = answer.getException();
        if (failure instanceof LuckeyFailure luckeyFailure) {
            throw luckeyFailure;
        }
        if (failure != null) {
            throw new LuckeyFailure.Unavailable("The Luckey token request failed: " + failure.getMessage());
        }
        Map<String, Object> json = HttpCalls.asObject(answer.getMessage().getBody());
        Object accessToken = json.get("access_token");
        if (!(accessToken instanceof String value) || value.isBlank()) {
            throw new LuckeyFailure.Unavailable("Luckey's token answer has no access_token");
        }
        long lifetime = json.get("expires_in") instanceof Number n && n.longValue() > 0 ? n.longValue() : 300;
        // Renew a little before the end, so no call goes out with a token about to expire.
        long renewAfter = lifetime - Math.min(60, lifetime / 10);
        token.value = value;
        SecretMask.add(value);
        token.refreshAtNanos = System.nanoTime() + Duration.ofSeconds(renewAfter).toNanos();
        fetched.incrementAndGet();
        LOG.info("Link {}: fetched a Luckey access token for client {} (valid {} s)", link.name(), link.luckey().clientId(), lifetime);
    }
}
