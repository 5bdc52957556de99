package com.coworking.bridge.link;

import java.time.Duration;

import javax.sql.DataSource;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.spi.Registry;

import com.coworking.bridge.instance.BridgeInstance;
import com.coworking.bridge.instance.JobLease;

/**
 * Each link (from the checked settings, {@code links}): its switches, its figures, and its periodic jobs, each run by
 * one bridge at a time under a lease named after the job and the link ({@code pollLease-<link>}, ...).
 */
public class LinkConfiguration implements CamelConfiguration {

    @PropertyInject("bridge.poll.interval-ms")
    long pollIntervalMs;
    @PropertyInject("bridge.schedule.tick-ms")
    long scheduleTickMs;
    @PropertyInject("bridge.drift.interval-ms")
    long driftIntervalMs;

    @BindToRegistry("linkStats")
    public LinkStats linkStats() {
        return new LinkStats();
    }

    @BindToRegistry("linkControls")
    public LinkControls linkControls(Links links, DataSource dataSource) {
        return new LinkControls(links, dataSource);
    }

    @BindToRegistry("linksHealthCheck")
    public LinksHealthCheck linksHealthCheck(Links links, LinkControls controls) {
        return new LinksHealthCheck(links, controls);
    }

    @BindToRegistry("linkJobs")
    public LinkJobs linkJobs(Links links, CamelContext camel) throws Exception {
        LinkJobs jobs = new LinkJobs(links);
        camel.addStartupListener(jobs);
        return jobs;
    }

    /** The leases are named after each link, so they are bound here rather than by one method each. */
    @Override
    public void configure(CamelContext camel) {
        Registry registry = camel.getRegistry();
        BridgeInstance instance = registry.findSingleByType(BridgeInstance.class);
        DataSource dataSource = registry.lookupByNameAndType("dataSource", DataSource.class);
        for (Link link : registry.findSingleByType(Links.class).all()) {
            registry.bind("pollLease-" + link.name(), new JobLease("poll:" + link.name(), Duration.ofMillis(pollIntervalMs), instance,
                    dataSource));
            registry.bind("scheduleLease-" + link.name(), new JobLease("schedule:" + link.name(), Duration.ofMillis(scheduleTickMs),
                    instance, dataSource));
            registry.bind("driftLease-" + link.name(), new JobLease("drift:" + link.name(), Duration.ofMillis(driftIntervalMs), instance,
                    dataSource));
        }
    }
}
