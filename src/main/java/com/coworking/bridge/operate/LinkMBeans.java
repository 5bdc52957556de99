package com.coworking.bridge.operate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;

import com.coworking.bridge.base.BridgeMBeans;
import com.coworking.bridge.link.Link;
import com.coworking.bridge.link.LinkControls;
import com.coworking.bridge.link.LinkStats;
import com.coworking.bridge.link.Links;
import com.coworking.bridge.luckey.LuckeyAccount;
import com.coworking.bridge.poll.PollProgresses;
import com.coworking.bridge.spacebring.SpacebringBudget;
import com.coworking.bridge.spacebring.SpacebringTrouble;

/** One {@link LinkMBean} per link, each registered as the MBean {@code name="link"} of its link. */
public final class LinkMBeans {

    private final Map<String, LinkMBean> byName = new LinkedHashMap<>();

    public LinkMBeans(Links links, LinkOperations operations, LinkControls controls, LinkStats stats, PollProgresses polls,
            LuckeyAccount account, SpacebringBudget spacebring, SpacebringTrouble spacebringTrouble, DataSource dataSource,
            CamelContext camel) throws Exception {
        for (Link link : links.all()) {
            LinkMBean mbean = new LinkMBean(link, operations, controls, stats, polls.of(link), account, spacebring, spacebringTrouble,
                    dataSource);
            byName.put(link.name(), mbean);
            camel.addService(new BridgeMBeans(camel, mbean, link.name(), "link"), true, true);
        }
    }

    /** Each link's MBean, by link name. */
    public Map<String, LinkMBean> byName() {
        return Collections.unmodifiableMap(byName);
    }
}
