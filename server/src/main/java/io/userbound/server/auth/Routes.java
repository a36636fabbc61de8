package io.userbound.server.auth;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;

/**
 * Registers routes with the {@link RequestPolicy} that {@link PolicyGate} enforces: every route of one instance
 * has its policy, and {@link #with} gives the routes that need another.
 */
public final class Routes {
    private final RoutesConfig config;
    private final RequestPolicy policy;

    public Routes(RoutesConfig config, RequestPolicy policy) {
        this.config = config;
        this.policy = policy;
    }

    /** The same routes, declaring {@code other} instead. */
    public Routes with(RequestPolicy other) {
        return new Routes(config, other);
    }

    public void get(String path, Handler handler) {
        config.get(path, handler, policy);
    }

    public void post(String path, Handler handler) {
        config.post(path, handler, policy);
    }

    public void put(String path, Handler handler) {
        config.put(path, handler, policy);
    }

    public void patch(String path, Handler handler) {
        config.patch(path, handler, policy);
    }

    public void delete(String path, Handler handler) {
        config.delete(path, handler, policy);
    }
}
