// Watching SCL_CONFIG_FILE: the sidecar replaces it by rename, so a changed inode, size or modification time
// means a new file to read.
package dev.sidecarlab.services.platform;

import dev.sidecarlab.services.appconfig.AppConfig;
import dev.sidecarlab.services.appconfig.ConfigFileParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.function.Consumer;

final class ConfigFile {
    private record Identity(Object inode, long size, long modifiedNanos) {}

    private final Path path;
    private final Consumer<AppConfig.Applied> apply;
    private final Consumer<Exception> reject;
    private Identity seen;
    private long inUse; // version applied last

    ConfigFile(Path path, Consumer<AppConfig.Applied> apply, Consumer<Exception> reject) {
        this.path = path;
        this.apply = apply;
        this.reject = reject;
    }

    /** Reads the file when it changed; a file that does not parse is reported and the config in use stays. */
    void check() {
        Identity id;
        byte[] data;
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            id = new Identity(
                    a.fileKey(),
                    a.size(),
                    a.lastModifiedTime().toInstant().toEpochMilli() * 1_000_000L
                            + a.lastModifiedTime().toInstant().getNano() % 1_000_000);
            if (Objects.equals(id, seen)) return;
            data = Files.readAllBytes(path);
        } catch (IOException e) {
            return; // not written yet
        }
        seen = id;
        try {
            AppConfig.Applied applied = ConfigFileParser.parse(data);
            if (applied.version() != inUse) {
                inUse = applied.version();
                apply.accept(applied);
            }
        } catch (IllegalArgumentException e) {
            reject.accept(e);
        }
    }
}
