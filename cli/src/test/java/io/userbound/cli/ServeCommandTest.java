package io.userbound.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.userbound.server.ServerConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ServeCommandTest {

    private static ServeCommand parse(String... args) {
        CommandLine cl = Userbound.commandLine(new CliEnvironment(Map.of(), Path.of("."), Path.of("."), null));
        return (ServeCommand) cl.parseArgs(args).subcommand().commandSpec().userObject();
    }

    @Test
    void whenServeOptionsAreGivenThenTheServerParsesTheSameConfiguration() {
        ServeCommand serve = parse("serve", "--port", "9090", "--data", "var/ub", "--base-url",
                "https://ub.example/", "--db-url", "jdbc:postgresql://db/ub", "--db-user", "ub", "--audience",
                "https://login.salesforce.com", "--audience", "https://test.salesforce.com", "--admin-username",
                "Root@Acme.Test", "--secret-pepper-file", "/shared/pepper", "--login-history-retention-days", "90");

        ServerConfig config = ServerConfig.parse(serve.serverArgs());

        assertThat(config.port()).isEqualTo(9090);
        assertThat(config.dataDir()).isEqualTo(Path.of("var/ub"));
        assertThat(config.baseUrl()).isEqualTo("https://ub.example");
        assertThat(config.dbUrl()).isEqualTo("jdbc:postgresql://db/ub");
        assertThat(config.dbUser()).isEqualTo("ub");
        assertThat(config.extraAudiences())
                .containsExactlyInAnyOrder("https://login.salesforce.com", "https://test.salesforce.com");
        assertThat(config.adminUsername()).isEqualTo("root@acme.test");
        assertThat(config.secretPepperFile()).isEqualTo(Path.of("/shared/pepper"));
        assertThat(config.loginHistoryRetentionDays()).isEqualTo(90);
    }

    @Test
    void whenNoOptionsAreGivenThenTheServerDefaultsApply() {
        ServeCommand serve = parse("serve");

        assertThat(serve.serverArgs()).isEmpty();
        assertThat(ServerConfig.parse(serve.serverArgs())).isEqualTo(ServerConfig.defaults());
    }

    @Test
    void whenFirstWordIsServeThenTheProcessIsKeptAlive() {
        assertThat(Userbound.isServe(new String[] {"--verbose", "serve", "--port", "1"})).isTrue();
        assertThat(Userbound.isServe(new String[] {"keys", "create"})).isFalse();
        assertThat(Userbound.isServe(new String[0])).isFalse();
    }
}
