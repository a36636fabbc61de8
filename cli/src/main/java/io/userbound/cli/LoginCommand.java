package io.userbound.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.userbound.client.ClientCredentialsTokenSource;
import io.userbound.client.JwtBearerTokenSource;
import io.userbound.client.PemKeys;
import io.userbound.client.Token;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code userbound login ...}. */
@Command(name = "login", description = "Log in and save the session for 'userbound api'.",
        subcommands = {LoginCommand.Jwt.class, LoginCommand.ClientCredentials.class})
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

    /** Exactly one way to prove the client's identity. */
    static final class Credentials {
        @Option(names = "--client-secret-env", required = true, paramLabel = "VAR",
                description = "The environment variable holding the consumer secret (never pass a secret as an "
                        + "argument: it would show in the process list and the shell history).")
        String clientSecretEnv;

        @Option(names = "--key", required = true, paramLabel = "FILE",
                description = "A private key (PEM) whose certificate the app holds: private_key_jwt (RFC 7523 "
                        + "section 2.2). Userbound only; Salesforce's client credentials flow takes secrets.")
        String key;
    }

    @Command(name = "client-credentials", description = {
        "Log in with the OAuth 2.0 client credentials flow (RFC 6749 section 4.4): the token runs as the app's run-as "
                + "user. Prints the token response as JSON and saves the session to $USERBOUND_HOME/session.json "
                + "(mode 600; it names the secret's environment variable or the key file, never the secret).",
        "The secret goes in an Authorization: Basic header (or in the body with --secret-in-body); --key signs a "
                + "client assertion instead. Against Salesforce use the org's My Domain URL as --login-url."})
    static final class ClientCredentials extends BaseCommand {

        @Option(names = "--login-url", required = true, paramLabel = "URL",
                description = "The server, such as http://127.0.0.1:8080 or https://acme.my.salesforce.com.")
        String loginUrl;

        @Option(names = "--client-id", required = true, paramLabel = "KEY",
                description = "The connected app's consumer key.")
        String clientId;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Credentials credentials;

        @Option(names = "--secret-in-body",
                description = "Send client_id and client_secret in the form body (client_secret_post) instead of a "
                        + "Basic header.")
        boolean secretInBody;

        @Option(names = "--audience", paramLabel = "AUD",
                description = "With --key: the client assertion's aud (default: the token endpoint URL).")
        String audience;

        @Override
        protected Result execute() throws Exception {
            if (credentials.key != null && secretInBody) {
                throw new ParameterException(spec.commandLine(), "--secret-in-body goes with --client-secret-env,"
                        + " not with --key");
            }
            if (credentials.key == null && audience != null) {
                throw new ParameterException(spec.commandLine(), "--audience goes with --key");
            }
            Path keyFile = credentials.key == null ? null : env().resolve(credentials.key);
            ClientCredentialsTokenSource.AuthMethod method = keyFile != null
                    ? ClientCredentialsTokenSource.AuthMethod.PRIVATE_KEY_JWT
                    : secretInBody ? ClientCredentialsTokenSource.AuthMethod.CLIENT_SECRET_POST
                            : ClientCredentialsTokenSource.AuthMethod.CLIENT_SECRET_BASIC;
            ClientCredentialsTokenSource tokens = source(env(), loginUrl, clientId, credentials.clientSecretEnv,
                    keyFile, audience, method);
            Token token = tokens.token();
            Session session = Session.ofClientCredentials(token, tokens.loginUrl(), tokens.audience(), clientId,
                    keyFile, credentials.clientSecretEnv, method.name());
            session.save(env());

            ObjectNode json = Output.MAPPER.valueToTree(token.raw());
            if (!json()) {
                // stdout carries the token response as JSON either way; the summary goes to stderr
                spec.commandLine().getErr().println("Logged in with client credentials as the run-as user "
                        + token.raw().userId() + " (org " + token.raw().organizationId() + "); session saved to "
                        + Session.path(env()));
            }
            String text = Output.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json);
            return new Result(json, text);
        }

        /** A token source for a client credentials login, reading the secret from the environment now. */
        static ClientCredentialsTokenSource source(CliEnvironment env, String loginUrl, String clientId,
                String secretVariable, Path keyFile, String audience, ClientCredentialsTokenSource.AuthMethod method) {
            ClientCredentialsTokenSource.Builder b = ClientCredentialsTokenSource.builder()
                    .loginUrl(loginUrl)
                    .clientId(clientId)
                    .authMethod(method)
                    .httpClient(env.httpClient());
            if (method == ClientCredentialsTokenSource.AuthMethod.PRIVATE_KEY_JWT) {
                if (keyFile == null) {
                    throw new CliException("BadSession", "a private_key_jwt login needs a key file: log in again");
                }
                b.privateKey(PemKeys.readPrivateKey(keyFile, env.keyPassword())).audience(audience);
            } else {
                if (secretVariable == null) {
                    throw new CliException("BadSession", "the session names no secret variable: log in again");
                }
                String secret = env.env().get(secretVariable);
                if (secret == null || secret.isEmpty()) {
                    throw new CliException("MissingSecret", "the environment variable " + secretVariable
                            + " holds no consumer secret");
                }
                b.clientSecret(secret);
            }
            return b.build();
        }
    }
}
