package com.coworking.bridge.operate;

/** An admin request refused: the HTTP status, a stable code for scripts and a message for people. */
public final class AdminRefusal extends RuntimeException {

    private final int status;
    private final String code;

    public AdminRefusal(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
