package com.coworking.bridge.base;

import javax.management.ObjectName;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.ManagementAgent;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Registers one of a link's {@code @ManagedResource} objects through Camel's management agent, in Camel's JMX tree
 * beside the route MBeans: {@code org.apache.camel:context=<name>,type=bridge,link="<link>",name="<name>"}.
 */
public final class BridgeMBeans extends ServiceSupport {

    private final CamelContext camel;
    private final Object managed;
    private final String link;
    private final String name;
    private ObjectName objectName;

    public BridgeMBeans(CamelContext camel, Object managed, String link, String name) {
        this.camel = camel;
        this.managed = managed;
        this.link = link;
        this.name = name;
    }

    @Override
    protected void doStart() throws Exception {
        ManagementAgent agent = camel.getManagementStrategy().getManagementAgent();
        if (agent == null) {
            return;
        }
        objectName = new ObjectName(agent.getMBeanObjectDomainName() + ":context=" + camel.getManagementName()
                + ",type=bridge,link=" + ObjectName.quote(link) + ",name=" + ObjectName.quote(name));
        agent.register(managed, objectName);
    }

    @Override
    protected void doStop() throws Exception {
        ManagementAgent agent = camel.getManagementStrategy().getManagementAgent();
        if (agent != null && objectName != null) {
            agent.unregister(objectName);
        }
    }
}
