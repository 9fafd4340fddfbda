// Mode none: no features at all; peers from SCL_PEERS with a plain client.
package dev.sidecarlab.services.platform;

import dev.sidecarlab.services.appconfig.AppConfig;
import dev.sidecarlab.services.startenv.StartEnv;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.helpers.NOPLogger;

final class None implements Platform {
    private final AppConfig config;
    private final Peers peers;

    None(StartEnv env, AppConfig.Document defaults) {
        config = new AppConfig(defaults);
        peers = new Peers(env.peers()::get);
    }

    @Override
    public Logger logger() {
        return NOPLogger.NOP_LOGGER;
    }

    @Override
    public AppConfig config() {
        return config;
    }

    @Override
    public Peers.Answer call(Peers.Request request) throws IOException, InterruptedException {
        return peers.call(request);
    }

    /** Checks the input, as every mode does, and drops it: mode none has no metrics. */
    @Override
    public void count(String name, double value, Map<String, String> labels) {
        CounterRules.check(name, value, labels);
    }

    @Override
    public void start() {}

    @Override
    public void stop(Duration limit) {}
}
