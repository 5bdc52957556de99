package com.coworking.bridge.mirror;

import javax.sql.DataSource;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;

/** The mirror of Spacebring's members, companies, subscriptions and bookings in PostgreSQL. */
public class MirrorConfiguration implements CamelConfiguration {

    @BindToRegistry("mirror")
    public Mirror mirror(DataSource dataSource) {
        return new Mirror(dataSource);
    }

    @BindToRegistry("bookingMirror")
    public BookingMirror bookingMirror(DataSource dataSource, Mirror mirror) {
        return new BookingMirror(dataSource, mirror);
    }
}
