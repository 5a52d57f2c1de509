package dev.dropuser.testing;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Checks {@link ToolVersions} once, before the first test of a run (registered in
 * META-INF/services/org.junit.platform.launcher.LauncherSessionListener).
 */
public final class RequireToolVersions implements LauncherSessionListener {
    @Override
    public void launcherSessionOpened(LauncherSession session) {
        ToolVersions.requireAll();
    }
}
