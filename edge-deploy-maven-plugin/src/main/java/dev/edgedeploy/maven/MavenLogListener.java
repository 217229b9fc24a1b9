package dev.edgedeploy.maven;

import dev.edgedeploy.core.event.DeployEvent;
import dev.edgedeploy.core.event.DeployListener;
import org.apache.maven.plugin.logging.Log;

/** Prints the core's progress in the Maven log. Maven's Log is thread-safe, so uploads may report concurrently. */
final class MavenLogListener implements DeployListener {

    private final Log log;

    MavenLogListener(Log log) {
        this.log = log;
    }

    @Override
    public void on(DeployEvent event) {
        switch (event.level()) {
            case LIFECYCLE, PROGRESS -> log.info(event.message());
            case DEBUG -> log.debug(event.message());
            case WARN -> log.warn(event.message());
        }
    }
}
