package com.coworking.bridge.intake;

/** A webhook request refused before anything was stored; carries the HTTP status and error code to answer. */
public class WebhookRejected extends Exception {

    private final int status;
    private final String code;

    public WebhookRejected(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int getStatus() {
        return status;
    }

    public String getCode() {
        return code;
    }
}
