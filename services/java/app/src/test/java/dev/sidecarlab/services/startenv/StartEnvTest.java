package dev.sidecarlab.services.startenv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StartEnvTest {
    private static Map<String, String> base() {
        Map<String, String> env = new HashMap<>(Map.of(
                "SCL_SERVICE",
                "web",
                "SCL_MODE",
                "none",
                "SCL_INSTANCE_ID",
                "web-1",
                "SCL_PUBLIC_PORT",
                "7100",
                "SCL_DATA_DIR",
                "/tmp/web",
                "SCL_PEERS",
                "customers=http://127.0.0.1:7101/,payment=http://127.0.0.1:7102"));
        return env;
    }

    @Test
    void aValidEnvironmentIsRead() {
        StartEnv env = StartEnv.read(base()::get);
        assertEquals(7100, env.privatePort());
        assertEquals("127.0.0.1", env.host());
        assertEquals("http://127.0.0.1:7101", env.peers().get("customers"));
        assertEquals(List.of(), env.features());
    }

    @Test
    void aBadVariableIsNamedWithItsValidValues() {
        Map<String, String> env = base();
        env.put("SCL_MODE", "mesh");
        StartEnv.BadFlag e = assertThrows(StartEnv.BadFlag.class, () -> StartEnv.read(env::get));
        assertTrue(e.getMessage().startsWith("SCL_ERR_BAD_FLAG: SCL_MODE=\"mesh\""), e.getMessage());
        Map<String, String> noPeers = base();
        noPeers.remove("SCL_PEERS");
        assertThrows(StartEnv.BadFlag.class, () -> StartEnv.read(noPeers::get));
        Map<String, String> badFeature = base();
        badFeature.put("SCL_MODE", "library");
        badFeature.put("SCL_CONTROLPLANE_URL", "http://127.0.0.1:7000");
        badFeature.put("SCL_FEATURES", "metrics,tracing");
        assertThrows(StartEnv.BadFlag.class, () -> StartEnv.read(badFeature::get));
    }
}
