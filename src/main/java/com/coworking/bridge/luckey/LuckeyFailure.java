package com.coworking.bridge.luckey;

/** Luckey did not do what was asked. Subclasses say whether trying again can help. */
public class LuckeyFailure extends Exception {

    public LuckeyFailure(String message) {
        super(message);
    }

    /** 5xx: Luckey is having trouble; retried with exponential backoff. */
    public static class Unavailable extends LuckeyFailure {
        public Unavailable(String message) {
            super(message);
        }
    }

    /** 429: too many requests; retried no sooner than Retry-After. */
    public static class RateLimited extends LuckeyFailure {
        private final long retryAfterSeconds;

        public RateLimited(String message, long retryAfterSeconds) {
            super(message);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public long getRetryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    /** 423 account_frozen: no credits left; nothing can be written until an administrator tops up. */
    public static class AccountFrozen extends LuckeyFailure {
        public AccountFrozen(String message) {
            super(message);
        }
    }

    /** Any other refusal (4xx): the same request would be refused again, so it is not retried. */
    public static class Rejected extends LuckeyFailure {
        public Rejected(String message) {
            super(message);
        }
    }
}
