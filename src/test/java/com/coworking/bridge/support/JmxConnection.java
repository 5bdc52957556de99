package com.coworking.bridge.support;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.rmi.registry.LocateRegistry;
import java.util.Map;
import java.util.Set;

import javax.management.MBeanServerConnection;
import javax.management.remote.JMXAuthenticator;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXPrincipal;
import javax.management.remote.JMXServiceURL;
import javax.security.auth.Subject;

/**
 * A remote JMX connection to this JVM, as jconsole or VisualVM makes one: an RMI connector on a loopback test port
 * with password authentication, over the platform MBean server where Camel registers its MBeans.
 */
public final class JmxConnection implements AutoCloseable {

    private static JMXServiceURL url;
    private static JMXConnectorServer server;

    private final JMXConnector connector;

    private JmxConnection(JMXConnector connector) {
        this.connector = connector;
    }

    /** Connects as {@code user} (any password but "wrong" is accepted). */
    public static synchronized JmxConnection as(String user) throws IOException {
        if (server == null) {
            int port = FreePorts.next();
            LocateRegistry.createRegistry(port);
            url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
            JMXAuthenticator passwords = credentials -> {
                String[] pair = (String[]) credentials;
                if ("wrong".equals(pair[1])) {
                    throw new SecurityException("Authentication failed");
                }
                return new Subject(true, Set.of(new JMXPrincipal(pair[0])), Set.of(), Set.of());
            };
            server = JMXConnectorServerFactory.newJMXConnectorServer(url, Map.of(JMXConnectorServer.AUTHENTICATOR, passwords),
                    ManagementFactory.getPlatformMBeanServer());
            server.start();
        }
        return new JmxConnection(JMXConnectorFactory.connect(url, Map.of(JMXConnector.CREDENTIALS, new String[] {user, "secret"})));
    }

    public MBeanServerConnection mbeans() throws IOException {
        return connector.getMBeanServerConnection();
    }

    @Override
    public void close() throws IOException {
        connector.close();
    }
}
