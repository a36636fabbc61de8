package io.userbound.cli;

import io.userbound.client.JwtBearerTokenSource;
import io.userbound.client.PemKeys;
import io.userbound.client.RestClient;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * An admin command: logs in with the CLI profile of the server's data directory (JWT bearer, as any integration)
 * and calls the admin HTTP surface.
 */
abstract class AdminBase extends BaseCommand {

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "data",
            description = "The server's data directory, which holds cli-profile.json (default: ./${DEFAULT-VALUE}).")
    String dataDir;

    /** A client logged in as the profile's admin user. */
    AdminClient admin() {
        Path dir = env().resolve(dataDir);
        CliProfile profile = CliProfile.load(dir);
        JwtBearerTokenSource tokens = JwtBearerTokenSource.builder()
                .loginUrl(profile.serverUrl())
                .clientId(profile.consumerKey())
                .username(profile.username())
                .privateKey(PemKeys.readPrivateKey(profile.keyPath(dir), env().keyPassword()))
                .httpClient(env().httpClient())
                .build();
        return new AdminClient(new RestClient(tokens, env().httpClient(), RestClient.DEFAULT_API_VERSION));
    }
}
