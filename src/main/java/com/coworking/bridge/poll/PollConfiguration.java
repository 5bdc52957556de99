package com.coworking.bridge.poll;

import java.time.Clock;

import javax.sql.DataSource;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

import com.coworking.bridge.instance.Outages;
import com.coworking.bridge.link.Links;
import com.coworking.bridge.mirror.BookingMirror;
import com.coworking.bridge.mirror.Mirror;
import com.coworking.bridge.spacebring.SpacebringRequests;
import com.coworking.bridge.sync.AuditLog;
import com.coworking.bridge.sync.DeadLetters;
import com.coworking.bridge.sync.SyncQueue;

/** The poll fallback and time-driven access (routes poll.camel.yaml). */
public class PollConfiguration implements CamelConfiguration {

    @BindToRegistry("pollProgresses")
    public PollProgresses pollProgresses(Links links, DataSource dataSource, CamelContext camel) throws Exception {
        return new PollProgresses(links, dataSource, camel);
    }

    /** A page is written while the next is read, on threads of their own. */
    @BindToRegistry("pollRun")
    public PollRun pollRun(DataSource dataSource, Mirror mirror, SyncQueue queue, AuditLog audit, DeadLetters deadLetters,
            PollProgresses progresses, Outages outages, Clock clock, CamelContext camel, SpacebringRequests spacebring,
            BookingMirror bookingMirror) {
        return new PollRun(dataSource, mirror, queue, audit, deadLetters, progresses::of, outages, clock,
                camel.getExecutorServiceManager().newCachedThreadPool(this, "poll-page-writes"), spacebring, bookingMirror);
    }

    @BindToRegistry("scheduleTick")
    public ScheduleTick scheduleTick(DataSource dataSource, SyncQueue queue, Clock clock, BookingMirror bookingMirror) {
        return new ScheduleTick(dataSource, queue, clock, bookingMirror);
    }
}
