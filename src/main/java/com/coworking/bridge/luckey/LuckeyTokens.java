package com.coworking.bridge.luckey;

import java.time.Duration;
import java.util.Map;
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
import com.coworking.bridge.logging.SecretMask;

/**
 * One OAuth2 client-credentials token per Luckey client, reused by every call until shortly before it
 * expires. A 401 to an API call drops it ({@link #drop}), so the next call fetches a new one. The token is
 * fetched through the route {@code direct:luckey-fetch-token}, which knows the token URL. Tokens and secrets
 * are never logged.
 */
public final class LuckeyTokens {

    private static final Logger LOG = LoggerFactory.getLogger(LuckeyTokens.class);
    private static final String BEARER = "Bearer ";

    private final CamelContext camel;
    private final String clientId;
    private final String clientSecret;
    private final AtomicLong fetched = new AtomicLong();
    private ProducerTemplate producer;
    private String token;
    private long refreshAtNanos;

    public LuckeyTokens(CamelContext camel, String clientId, String clientSecret) {
        this.camel = camel;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
    }

    /** Sets the Authorization header of the call about to be sent. */
    public void authorize(Exchange exchange) throws LuckeyFailure {
        exchange.getMessage().setHeader("Authorization", BEARER + current());
    }

    /** The token request, for the route that sends it: a form with the client credentials. */
    public HttpCall request(String path) {
        return new HttpCall("POST", path, Map.of(), Requests.form(Requests.params("grant_type", "client_credentials",
                "client_id", clientId, "client_secret", clientSecret)), "application/x-www-form-urlencoded", false);
    }

    /** Luckey refused the token that was sent: forget it, unless another call has replaced it already. */
    public synchronized void drop(@ExchangeProperty("luckeyAuthorization") String sent) {
        if (token != null && (BEARER + token).equals(sent)) {
            token = null;
        }
    }

    public long fetchedCount() {
        return fetched.get();
    }

    private synchronized String current() throws LuckeyFailure {
        if (token == null || System.nanoTime() - refreshAtNanos >= 0) {
            fetch();
        }
        return token;
    }

    private void fetch() throws LuckeyFailure {
        if (producer == null) {
            producer = camel.createProducerTemplate();
        }
        Exchange answer = producer.send("direct:luckey-fetch-token", exchange -> { });
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
        token = value;
        SecretMask.add(value);
        refreshAtNanos = System.nanoTime() + Duration.ofSeconds(renewAfter).toNanos();
        fetched.incrementAndGet();
        LOG.info("Fetched a Luckey access token for client {} (valid {} s)", clientId, lifetime);
    }
}
