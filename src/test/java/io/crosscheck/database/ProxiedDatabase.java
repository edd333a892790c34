package io.crosscheck.database;

import io.crosscheck.testing.TargetDatabase;
import io.crosscheck.testing.TcpProxy;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** Points the application at a real PostgreSQL through a {@link TcpProxy} that the test can cut and reopen. */
public class ProxiedDatabase implements QuarkusTestResourceLifecycleManager {

    private TcpProxy proxy;

    @Override
    public Map<String, String> start() {
        String target = TargetDatabase.jdbcUrl();
        try {
            proxy = TcpProxy.openTo(target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("quarkus.datasource.jdbc.url", proxy.rewrite(target),
                "quarkus.datasource.username", TargetDatabase.user(),
                "quarkus.datasource.password", TargetDatabase.password());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(proxy, new TestInjector.MatchesType(TcpProxy.class));
    }

    @Override
    public void stop() {
        if (proxy != null) {
            proxy.close();
        }
    }
}
