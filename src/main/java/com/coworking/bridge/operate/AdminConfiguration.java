package com.coworking.bridge.operate;

import javax.sql.DataSource;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.component.platform.http.PlatformHttpComponent;

import com.coworking.bridge.db.Database;
import com.coworking.bridge.link.LinkStats;
import com.coworking.bridge.link.Links;

/**
 * What the management port serves besides Camel's own health: the admin API (routes admin.camel.yaml, from
 * {@code management-http:/admin/...}) and each link's figures as Prometheus metrics.
 */
public class AdminConfiguration implements CamelConfiguration {

    /** One Vert.x engine serves both ports; the scheme {@code management-http} picks the management port. */
    @BindToRegistry("platform-http-engine")
    public TwoPortHttpEngine platformHttpEngine(@PropertyInject("camel.management.port") int managementPort, CamelContext camel) {
        camel.addComponent(TwoPortHttpEngine.MANAGEMENT_SCHEME, new PlatformHttpComponent());
        return new TwoPortHttpEngine(managementPort);
    }

    @BindToRegistry("adminAccess")
    public AdminAccess adminAccess(@PropertyInject("bridge.admin.token") String adminToken) {
        return new AdminAccess(adminToken);
    }

    @BindToRegistry("adminApi")
    public AdminApi adminApi(Links links, LinkOperations operations, LinkMBeans mbeans, DataSource dataSource, CamelContext camel) {
        return new AdminApi(links, operations, mbeans.byName(), dataSource, camel);
    }

    @BindToRegistry("adminErrors")
    public AdminErrors adminErrors() {
        return new AdminErrors();
    }

    @BindToRegistry("bridgeMetrics")
    public BridgeMetrics bridgeMetrics(LinkMBeans mbeans, LinkStats stats, Database database, CamelContext camel) throws Exception {
        BridgeMetrics metrics = new BridgeMetrics(mbeans.byName(), stats, database::isReachable);
        camel.addStartupListener(metrics);
        return metrics;
    }
}
