package com.coworking.bridge.poll;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;

import com.coworking.bridge.base.BridgeMBeans;
import com.coworking.bridge.link.Link;
import com.coworking.bridge.link.Links;

/** The progress of each link's polls, each registered as the MBean {@code name="poll"} of its link. */
public final class PollProgresses {

    private final Map<String, PollProgress> byLink = new LinkedHashMap<>();

    public PollProgresses(Links links, DataSource dataSource, CamelContext camel) throws Exception {
        for (Link link : links.all()) {
            PollProgress progress = new PollProgress(dataSource, link.name(), link.locationRef());
            byLink.put(link.name(), progress);
            camel.addService(new BridgeMBeans(camel, progress, link.name(), "poll"), true, true);
        }
    }

    public PollProgress of(Link link) {
        return byLink.get(link.name());
    }
}
