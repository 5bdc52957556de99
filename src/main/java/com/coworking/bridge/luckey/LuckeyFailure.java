package com.coworking.bridge.luckey;

/** Luckey did not do what was asked, or the bridge cannot tell. Subclasses say what trying again means. */
public class LuckeyFailure extends Exception {

    public LuckeyFailure(String message) {
        super(message);
    }

    /** 5xx, or Luckey not reached: nothing was done; retried with exponential backoff. */
    public static class Unavailable extends LuckeyFailure {
        public Unavailable(String message) {
            super(message);
        }
    }

    /** 429: every Luckey call pauses until Retry-After, then this one is tried again. */
    public static class RateLimited extends LuckeyFailure {
        public RateLimited(String message) {
            super(message);
        }
    }

    /** 423 account_frozen: no credits left; nothing can be written until an administrator tops up. */
    public static class AccountFrozen extends LuckeyFailure {
        public AccountFrozen(String message) {
            super(message);
        }
    }

    /** 401 to an API call: the token was dropped; the call is tried once more with a new one. */
    public static class TokenRejected extends LuckeyFailure {
        public TokenRejected(String message) {
            super(message);
        }
    }

    /** 400/401 to the token request itself: the client id or secret is wrong. */
    public static class CredentialsRejected extends LuckeyFailure {
        public CredentialsRejected(String message) {
            super(message);
        }
    }

    /**
     * A write was sent and no readable answer came (timeout, reset, unreadable body): whether Luckey applied it
     * is unknown. Never retried blindly: what Luckey holds for the user is read back first.
     */
    public static class OutcomeUnknown extends LuckeyFailure {
        public OutcomeUnknown(String message) {
            super(message);
        }
    }

    /** Any other refusal (4xx): the same request would be refused again, so it is not retried. */
    public static class Rejected extends LuckeyFailure {
        public Rejected(String message) {
            super(message);
        }
    }

    /** The e-mail belongs to a Luckey user of another member: nobody's access is changed. */
    public static class Conflict extends Rejected {
        public Conflict(String message) {
            super(message);
        }
    }
}
