// SCL_ERR_BAD_SETTING: an SCL_ override that does not parse as its setting's type.
package dev.sidecarlab.library.settings;

public final class SettingsError extends IllegalArgumentException {
    public SettingsError(String variable, String reason) {
        super("SCL_ERR_BAD_SETTING: " + variable + " " + reason);
    }
}
