package io.userbound.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** With {@code perMethod()}, every test gets a server of its own, stopped after it. */
class PerMethodTest {
    @RegisterExtension
    static final UserboundExtension userbound = UserboundExtension.builder().perMethod().build();

    static final Set<String> orgs = new HashSet<>();

    @RepeatedTest(2)
    void whenTestsRunThenEachHasItsOwnOrg(UserboundServer server) {
        String org = server.runningServer().bootstrapResult().orgId();

        assertThat(orgs.add(org)).as("a fresh org %s", org).isTrue();
    }
}
