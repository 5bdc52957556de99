package com.coworking.bridge.http;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;

/** What every call to Spacebring or Luckey is made of: the call itself and the pages of a list. */
public class HttpConfiguration implements CamelConfiguration {

    @BindToRegistry("httpCalls")
    public HttpCalls httpCalls() {
        return new HttpCalls();
    }

    @BindToRegistry("pagers")
    public Pagers pagers(@PropertyInject("bridge.paging.max-pages") int maxPages) {
        return new Pagers(maxPages);
    }
}
