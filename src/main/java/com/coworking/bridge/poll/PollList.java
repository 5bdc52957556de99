package com.coworking.bridge.poll;

import com.coworking.bridge.http.HttpCall;

/**
 * One list a poll reads, as the exchange property {@code list} of the poll route: the pager route that walks it
 * (routes/poll.camel.yaml) and its first request.
 */
public record PollList(String pager, HttpCall firstRequest) {
}
