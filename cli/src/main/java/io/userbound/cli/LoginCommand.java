package io.userbound.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.userbound.client.JwtBearerTokenSource;
import io.userbound.client.PemKeys;
import io.userbound.client.Token;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code userbound login ...}. */
@Command(name = "login", description = "Log in and save the session for 'userbound api'.",
        subcommands = LoginCommand.Jwt.class)
final class LoginCommand {

    @Command(name = "jwt", description = {
        "Log in with the OAuth 2.0 JWT bearer flow (RFC 7523): sign an assertion with the key, exchange it at "
                + "LOGIN_URL/services/oauth2/token, print the token response and save the session to "
                + "$USERBOUND_HOME/session.json (mode 600).",
        "Works against Userbound and real Salesforce (--login-url https://login.salesforce.com). An encrypted key's "
                + "password is read from USERBOUND_KEY_PASSWORD."})
    static final class Jwt extends BaseCommand {

        @Option(names = "--login-url", required = true, paramLabel = "URL",
                description = "The server, such as http://127.0.0.1:8080 or https://login.salesforce.com.")
        String loginUrl;

        @Option(names = "--client-id", required = true, paramLabel = "KEY",
                description = "The connected app's consumer key (the assertion's iss).")
        String clientId;

        @Option(names = "--username", required = true, paramLabel = "USER",
                description = "The user to log in as (the assertion's sub).")
        String username;

        @Option(names = "--key", required = true, paramLabel = "FILE",
                description = "The private key (PEM: PKCS#8, PKCS#1, EC or encrypted PKCS#8).")
        String key;

        @Option(names = "--audience", paramLabel = "AUD",
                description = "The assertion's aud (default: the login URL without a trailing slash).")
        String audience;

        @Override
        protected Result execute() throws Exception {
            Path keyFile = env().resolve(key);
            JwtBearerTokenSource tokens = JwtBearerTokenSource.builder()
                    .loginUrl(loginUrl)
                    .clientId(clientId)
                    .username(username)
                    .privateKey(PemKeys.readPrivateKey(keyFile, env().keyPassword()))
                    .audience(audience)
                    .httpClient(env().httpClient())
                    .build();
            Token token = tokens.token();
            Session session = Session.of(token, tokens.loginUrl(), tokens.audience(), clientId, username, keyFile);
            session.save(env());

            ObjectNode json = Output.MAPPER.valueToTree(token.raw());
            if (!json()) {
                // stdout carries the token response as JSON either way; the summary goes to stderr
                spec.commandLine().getErr().println("Logged in as " + username + " (user " + token.raw().userId()
                        + ", org " + token.raw().organizationId() + "); session saved to " + Session.path(env()));
            }
            String text = Output.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json);
            return new Result(json, text);
        }
    }
}
