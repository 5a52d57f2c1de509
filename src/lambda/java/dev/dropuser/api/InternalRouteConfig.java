package dev.dropuser.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The Lambda build's own key under {@code dropuser.cleanup} (the rest of it is in {@code DropuserConfig}). */
@ConfigMapping(prefix = "dropuser.cleanup")
public interface InternalRouteConfig {

    /**
     * Answer {@code POST /internal/cleanup}, the EventBridge schedule's way to the cleanup. Only the Lambda
     * deployment turns it on (deploy/lambda/template.yaml); off, the route answers like an unknown path.
     */
    @WithDefault("false")
    boolean internalRoute();
}
