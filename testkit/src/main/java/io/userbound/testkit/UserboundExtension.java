package io.userbound.testkit;

import io.userbound.client.RestClient;
import io.userbound.client.TokenClient;
import io.userbound.server.ServerConfig;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that runs tests against a real Userbound server in the test's JVM: a random loopback port,
 * a fresh temporary data directory and, unless {@link Builder#database} says otherwise, an in-memory H2 database.
 * The first start bootstraps a fresh org with its admin, exactly as {@code userbound serve} does on an empty data
 * directory.
 *
 * <p>Register it with {@link Userbound @Userbound} or {@code @ExtendWith(UserboundExtension.class)} for the defaults,
 * or as a static field to configure it and reach the server from fields and static methods:
 * <pre>{@code
 * @RegisterExtension
 * static final UserboundExtension userbound = UserboundExtension.builder().build();
 * }</pre>
 *
 * <p><b>Lifecycle.</b> One server per test class by default: started before the class's {@code @BeforeAll} methods,
 * stopped after its {@code @AfterAll} methods, shared by its tests (so tests should not depend on each other's
 * records). With {@link Builder#perMethod()}, or when registered on an instance field, each test gets its own server.
 *
 * <p><b>Parameters.</b> Test, lifecycle and constructor parameters of these types are resolved:
 * <ul>
 *   <li>{@link UserboundServer}: the server (its {@link UserboundServer#baseUrl() base URL}, more integration users);
 *   <li>{@link Admin}: the bootstrapped admin, with an SDK {@link RestClient} logged in through the CLI's app;
 *   <li>{@link IntegrationUser}: the ready integration user ({@link UserboundServer#integration()}): a connected app
 *       with a generated key pair and certificate, granted to the user, who may read, create, edit and delete
 *       {@code Account};
 *   <li>{@link RestClient}: the SDK's REST client logged in as that integration user (JWT bearer);
 *   <li>{@link TokenClient}: the SDK's token client for the server's token endpoint.
 * </ul>
 * Everything is set up through the SDK and the admin REST API, the surfaces a user's own code uses. Thread-safe.
 */
public final class UserboundExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            UserboundExtension.class);
    private static final Set<Class<?>> RESOLVED = Set.of(UserboundServer.class, Admin.class, IntegrationUser.class,
            RestClient.class, TokenClient.class);

    private final Supplier<? extends ExternalDatabase> database;
    private final UnaryOperator<ServerConfig> configure;
    private final boolean perMethod;
    private volatile UserboundServer current;

    /** The defaults: one server per class on in-memory H2 (the constructor {@code @ExtendWith} uses). */
    public UserboundExtension() {
        this(new Builder());
    }

    private UserboundExtension(Builder b) {
        this.database = b.database;
        this.configure = b.configure;
        this.perMethod = b.perMethod;
    }

    /** A builder of a configured extension. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The server of the running test class (or test, with {@link Builder#perMethod()}).
     *
     * @throws IllegalStateException when no server runs (outside a test, or before the extension started one)
     */
    public UserboundServer server() {
        UserboundServer s = current;
        if (s == null) {
            throw new IllegalStateException("no Userbound server runs: register the extension on a static field, or "
                    + "ask for the server as a parameter");
        }
        return s;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (!perMethod) {
            start(context);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (perMethod || find(context) == null) {
            start(context);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        stop(context);
    }

    private void start(ExtensionContext context) {
        UserboundServer s = UserboundServer.start(database, configure);
        context.getStore(NAMESPACE).put(context.getUniqueId(), s);
        current = s;
    }

    /** Stops the server started for exactly this context, if any. */
    private void stop(ExtensionContext context) {
        UserboundServer s = context.getStore(NAMESPACE).remove(context.getUniqueId(), UserboundServer.class);
        if (s != null) {
            if (current == s) {
                current = null;
            }
            s.close();
        }
    }

    /** The server of this context or the nearest enclosing one. */
    private static UserboundServer find(ExtensionContext context) {
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            UserboundServer s = c.getStore(NAMESPACE).get(c.getUniqueId(), UserboundServer.class);
            if (s != null) {
                return s;
            }
        }
        return null;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return RESOLVED.contains(parameter.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        UserboundServer s = find(context);
        if (s == null) {
            throw new ParameterResolutionException("no Userbound server runs yet for " + context.getDisplayName());
        }
        Class<?> type = parameter.getParameter().getType();
        if (type == UserboundServer.class) {
            return s;
        }
        if (type == Admin.class) {
            return s.admin();
        }
        if (type == IntegrationUser.class) {
            return s.integration();
        }
        if (type == RestClient.class) {
            return s.integration().rest();
        }
        return s.integration().tokenClient();
    }

    /** Configures a {@link UserboundExtension}. */
    public static final class Builder {
        private Supplier<? extends ExternalDatabase> database;
        private UnaryOperator<ServerConfig> configure = UnaryOperator.identity();
        private boolean perMethod;

        private Builder() {
        }

        /**
         * Runs each server on the database this supplier makes for it (for example a fresh PostgreSQL schema),
         * closed after that server stopped; null (the default) for a fresh in-memory H2.
         */
        public Builder database(Supplier<? extends ExternalDatabase> supplier) {
            this.database = supplier;
            return this;
        }

        /**
         * Adjusts each server's configuration (for example {@code c -> c.withLoginHistoryRetentionDays(1)}); the port,
         * data directory and database are set before.
         */
        public Builder configure(UnaryOperator<ServerConfig> configure) {
            this.configure = Objects.requireNonNull(configure, "configure");
            return this;
        }

        /** A fresh server for every test instead of one per class. */
        public Builder perMethod() {
            this.perMethod = true;
            return this;
        }

        public UserboundExtension build() {
            return new UserboundExtension(this);
        }
    }
}
