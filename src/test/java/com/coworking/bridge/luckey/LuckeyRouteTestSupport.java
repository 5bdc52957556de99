package com.coworking.bridge.luckey;

import java.util.List;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import com.coworking.bridge.access.LuckeyAction;
import com.coworking.bridge.link.Links;
import com.coworking.bridge.sandbox.LuckeySimulator;
import com.coworking.bridge.support.RouteTestSupport;

/** The Luckey adapter's routes on their own, against a Luckey simulator of the test class's own. */
abstract class LuckeyRouteTestSupport extends RouteTestSupport {

    static LuckeySimulator luckey;

    @BeforeAll
    static void startLuckey() throws Exception {
        luckey = LuckeySimulator.start(0, "client", "secret");
    }

    @AfterAll
    static void stopLuckey() {
        luckey.close();
    }

    @Override
    protected List<String> routeFiles() {
        return List.of("luckey-adapter.camel.yaml");
    }

    @Override
    protected String luckeyBaseUrl() {
        return luckey.baseUrl();
    }

    /** Calls an action route as the sync does: the request as the body, the link as the property link. */
    Exchange call(String route, LuckeyAction action, String userId, String tagId) {
        return send(route, new LuckeyRequest(action, userId, tagId));
    }

    Exchange send(String route, Object body) {
        return template.send(route, exchange -> {
            exchange.getMessage().setBody(body);
            exchange.setProperty("link", context.getRegistry().findSingleByType(Links.class).named("test"));
        });
    }
}
