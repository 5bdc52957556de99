package com.coworking.bridge.luckey;

/** What a Luckey adapter route did: the id it learnt (user or tag), if any, and the outcome in words for the audit. */
public record LuckeyResult(String id, String outcome) {
}
