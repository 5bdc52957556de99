package com.coworking.bridge;

import java.nio.file.Path;
import java.util.List;

/**
 * Another way to run the bridge, chosen on the command line (the sandbox's {@code --sandbox}). Found with
 * {@link java.util.ServiceLoader}, so the launcher does not depend on the tools built on the bridge.
 */
public interface StartMode {

    /** Whether the command line (or the environment) asks for this mode. */
    boolean isWanted(List<String> arguments);

    /** Runs the bridge this way until it is stopped. */
    void run(Path workingDirectory, List<String> arguments) throws Exception;
}
