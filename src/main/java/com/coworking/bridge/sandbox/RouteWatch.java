package com.coworking.bridge.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.RouteConfigurationsBuilder;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.FileWatcherResourceReloadStrategy;
import org.apache.camel.support.PluginHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.coworking.bridge.BridgeApplication;
import com.coworking.bridge.base.SetupProblem;
import com.coworking.bridge.link.LinkJobs;

/**
 * {@code --sandbox --watch}: Camel's file watcher on the working directory's {@code routes/}. A saved route file is
 * checked as {@code --check} checks it; if it is broken, each problem is one line and the running routes stay. If
 * not, every route is reloaded (Camel's route reload; all of them, so that a route configuration or template changed
 * in one file reaches the routes of the others) and the sandbox day is played again on a fresh mirror: the change is
 * seen on a day of members within seconds. Saves that come together (an editor writes twice) are one reload; a save
 * while a day plays cuts that day short.
 */
final class RouteWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("sandbox");
    /** Editors write a file in several steps; the reload waits until the folder has been quiet this long. */
    private static final long QUIET_MS = 300;

    private final Path workingDirectory;
    private final Map<String, String> settings;
    private final CamelContext camel;
    private final Runnable startAfresh;
    private final Runnable playDay;
    private final BlockingQueue<String> saved = new LinkedBlockingQueue<>();
    private final Thread worker;
    private volatile Thread day;

    /**
     * @param settings    the sandbox's settings, which the check of a saved file uses
     * @param startAfresh forgets the simulators' and the mirror's state, while no route runs
     * @param playDay     plays the sandbox day once (cut short by an interrupt)
     */
    RouteWatch(Path workingDirectory, Map<String, String> settings, CamelContext camel, Runnable startAfresh, Runnable playDay)
            throws Exception {
        this.workingDirectory = workingDirectory;
        this.settings = settings;
        this.camel = camel;
        this.startAfresh = startAfresh;
        this.playDay = playDay;
        Path folder = workingDirectory.resolve("routes");
        Files.createDirectories(folder);
        FileWatcherResourceReloadStrategy watcher = new FileWatcherResourceReloadStrategy(folder.toString());
        watcher.setFileFilter(file -> file.getName().endsWith(".camel.yaml"));
        watcher.setResourceReload((name, resource) -> saved.add(Path.of(name).getFileName().toString()));
        watcher.setPollTimeout(200);
        camel.addService(watcher);
        worker = new Thread(this::reloadOnSave, "sandbox-watch");
        worker.setDaemon(true);
        LOG.info("Sandbox: watching {} - save a route file there (a copy of a packaged one replaces it) and the routes are "
                + "reloaded and the day played again", folder);
    }

    /** Plays the first day, then reloads and plays again after each save, until closed. */
    void start() {
        play();
        worker.start();
    }

    private void reloadOnSave() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Set<String> files = new TreeSet<>();
                files.add(saved.take());
                for (String more = saved.poll(QUIET_MS, TimeUnit.MILLISECONDS); more != null;
                        more = saved.poll(QUIET_MS, TimeUnit.MILLISECONDS)) {
                    files.add(more);
                }
                if (day != null && day.isAlive()) {
                    LOG.info("Sandbox: {} saved - the day playing now is cut short", files);
                }
                cutTheDayShort();
                reload(files);
            }
        } catch (InterruptedException closing) {
            Thread.currentThread().interrupt();
        }
    }

    private void reload(Set<String> files) throws InterruptedException {
        List<String> problems = new ArrayList<>();
        BridgeApplication.check(workingDirectory, settings, problems);
        if (!problems.isEmpty()) {
            problems.forEach(problem -> LOG.error("Sandbox: {} not reloaded, the running routes stay: {}", files, problem));
            return;
        }
        try {
            camel.getRouteController().removeAllRoutes();
            startAfresh.run();
            List<Resource> sources = new ArrayList<>();
            for (String location : BridgeApplication.routes(workingDirectory, Set.of()).split(",")) {
                sources.add(PluginHelper.getResourceLoader(camel).resolveResource(location));
            }
            Collection<RoutesBuilder> builders = PluginHelper.getRoutesLoader(camel).findRoutesBuilders(sources);
            for (RoutesBuilder builder : builders) {
                if (builder instanceof RouteConfigurationsBuilder configurations) {
                    configurations.updateRouteConfigurationsToCamelContext(camel);
                }
            }
            for (RoutesBuilder builder : builders) {
                builder.updateRoutesToCamelContext(camel);
            }
            // Camel's update leaves out the routes made from templates; they are made once every template is loaded
            for (RoutesBuilder builder : builders) {
                builder.addTemplatedRoutesToCamelContext(camel);
            }
            camel.getRegistry().lookupByNameAndType("linkJobs", LinkJobs.class).addAll(camel);
            LOG.info("Sandbox: {} saved - {} routes reloaded; the day plays again on a fresh mirror", files, camel.getRoutes().size());
        } catch (Exception failure) {
            LOG.error("Sandbox: {} passed the check but could not be reloaded: {}; save it again once fixed", files,
                    SetupProblem.describe(failure));
            LOG.debug("Reload failed", failure);
            return;
        }
        play();
    }

    private void play() {
        day = new Thread(playDay, "sandbox-day");
        day.setDaemon(true);
        day.start();
    }

    private void cutTheDayShort() throws InterruptedException {
        Thread playing = day;
        if (playing != null && playing.isAlive()) {
            playing.interrupt();
            playing.join();
        }
    }

    @Override
    public void close() throws InterruptedException {
        worker.interrupt();
        cutTheDayShort();
    }
}
