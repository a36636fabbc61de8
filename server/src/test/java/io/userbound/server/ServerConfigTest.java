package io.userbound.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.userbound.server.http.HttpLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServerConfigTest {
    @Test
    void whenNoArgumentsThenDefaults() {
        ServerConfig c = ServerConfig.parse();

        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.dataDir()).isEqualTo(Path.of("data"));
        assertThat(c.baseUrl()).isNull();
        assertThat(c.effectiveBaseUrl(8080)).isEqualTo("http://127.0.0.1:8080");
        assertThat(c.effectiveDbUrl()).startsWith("jdbc:h2:file:").contains("data");
        assertThat(c.extraAudiences()).isEmpty();
        assertThat(c.adminUsername()).isEqualTo("admin@userbound.local");
        assertThat(c.secretPepperFile()).isNull();
        assertThat(c.effectiveSecretPepperFile()).isEqualTo(Path.of("data", "secret-pepper"));
        assertThat(c.loginHistoryRetentionDays()).isEqualTo(180);
        assertThat(c.httpLimits()).isEqualTo(new HttpLimits(Duration.ofSeconds(30), Duration.ofSeconds(15),
                Duration.ofSeconds(60), 10_000, 256));
    }

    @Test
    void whenHttpLimitsGivenThenParsedInSecondsAndCounts() {
        ServerConfig c = ServerConfig.parse("--idle-timeout", "5", "--header-timeout=0.5", "--body-timeout", "120",
                "--max-connections", "0", "--max-connections-per-address", "0");

        assertThat(c.httpLimits()).isEqualTo(new HttpLimits(Duration.ofSeconds(5), Duration.ofMillis(500),
                Duration.ofSeconds(120), 0, 0));
    }

    @Test
    void whenPepperFileGivenByOptionOrEnvironmentThenTheOptionWins() {
        Map<String, String> env = Map.of("USERBOUND_SECRET_PEPPER_FILE", "/etc/userbound/pepper");

        assertThat(ServerConfig.parse(env).effectiveSecretPepperFile()).isEqualTo(Path.of("/etc/userbound/pepper"));
        assertThat(ServerConfig.parse(env, "--secret-pepper-file", "/run/pepper").effectiveSecretPepperFile())
                .isEqualTo(Path.of("/run/pepper"));
        assertThat(ServerConfig.parse(Map.of("USERBOUND_SECRET_PEPPER_FILE", " "), "--data", "/d")
                .effectiveSecretPepperFile()).isEqualTo(Path.of("/d/secret-pepper"));
        assertThat(ServerConfig.parse("--login-history-retention-days=30").loginHistoryRetentionDays())
                .isEqualTo(30);
    }

    @Test
    void whenEveryOptionGivenThenParsed() {
        ServerConfig c = ServerConfig.parse("--port", "9000", "--data", "/tmp/ub", "--base-url",
                "https://ub.example.com/", "--db-url", "jdbc:postgresql://db/ub", "--db-user", "ub",
                "--db-password=secret", "--audience", "https://login.salesforce.com", "--audience",
                "https://test.salesforce.com", "--host", "0.0.0.0", "--admin-username", "Root@Acme.Test");

        assertThat(c.port()).isEqualTo(9000);
        assertThat(c.dataDir()).isEqualTo(Path.of("/tmp/ub"));
        assertThat(c.baseUrl()).isEqualTo("https://ub.example.com");
        assertThat(c.effectiveBaseUrl(1)).isEqualTo("https://ub.example.com");
        assertThat(c.effectiveDbUrl()).isEqualTo("jdbc:postgresql://db/ub");
        assertThat(c.dbUser()).isEqualTo("ub");
        assertThat(c.dbPassword()).isEqualTo("secret");
        assertThat(c.extraAudiences()).containsExactlyInAnyOrder("https://login.salesforce.com",
                "https://test.salesforce.com");
        assertThat(c.host()).isEqualTo("0.0.0.0");
        assertThat(c.adminUsername()).isEqualTo("root@acme.test");
        assertThat(ServerConfig.parse("--host", "0.0.0.0").effectiveBaseUrl(81)).isEqualTo("http://127.0.0.1:81");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--port abc|--port must be a number",
        "--port 70000|--port must be between",
        "--port|needs a value",
        "--verbose|unknown option --verbose",
        "serve|unexpected argument",
        "--base-url ftp://x|--base-url must be an absolute http(s) URL",
        "--base-url https://x/?q=1|--base-url must have no query",
        "--audience nope|--audience must be an absolute http(s) URL",
        "--db-url postgres://x|--db-url must be a JDBC URL",
        "--admin-username root|--admin-username must be email-shaped",
        "--secret-pepper-file|needs a value",
        "--login-history-retention-days 0|--login-history-retention-days must be between 1 and 36500",
        "--login-history-retention-days x|--login-history-retention-days must be a number",
        "--idle-timeout soon|--idle-timeout must be a number of seconds",
        "--header-timeout 0|--header-timeout must be between 0.1 s and 1 h",
        "--body-timeout 7200|--body-timeout must be between 0.1 s and 1 h",
        "--max-connections -1|--max-connections must be 0 (no limit) or more",
        "--max-connections-per-address x|--max-connections-per-address must be a number"})
    void whenOptionBadThenOneClearLine(String args, String message) {
        assertThatThrownBy(() -> ServerConfig.parse(args.split(" ")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
