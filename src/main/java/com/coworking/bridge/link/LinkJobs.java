package com.coworking.bridge.link;

import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.model.ModelCamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the periodic jobs of every link with a location from the route templates of routes/poll.camel.yaml and
 * routes/drift.camel.yaml: {@code spacebring-poll-<link>}, {@code time-driven-access-<link>} and
 * {@code drift-repair-<link>}, each with its own timer and lease, so JMX shows and counts them per link.
 */
public final class LinkJobs implements StartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(LinkJobs.class);

    private final Links links;

    public LinkJobs(Links links) {
        this.links = links;
    }

    @Override
    public void onCamelContextStarted(CamelContext camel, boolean alreadyStarted) {
        // the routes are added once the context runs (below), so that they start at once
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext camel, boolean alreadyStarted) throws Exception {
        addAll(camel);
    }

    /** Makes every link's jobs from the templates as they are now (again, after the routes were reloaded). */
    public void addAll(CamelContext camel) throws Exception {
        for (Link link : links.all()) {
            if (link.hasLocation()) {
                add(camel, "link-poll", "spacebring-poll-", link);
                add(camel, "link-time-driven-access", "time-driven-access-", link);
                add(camel, "link-drift-repair", "drift-repair-", link);
            }
        }
    }

    private static void add(CamelContext camel, String template, String routePrefix, Link link) throws Exception {
        if (((ModelCamelContext) camel).getRouteTemplateDefinition(template) == null) {
            LOG.warn("Link {}: no route template {} in the routes folder, so no route {}{}", link.name(), template, routePrefix,
                    link.name());
            return;
        }
        TemplatedRouteBuilder.builder(camel, template).routeId(routePrefix + link.name()).prefixId(link.name() + "-")
                .parameter("link", link.name()).add();
    }
}
