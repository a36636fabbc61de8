package io.userbound.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.userbound.client.TokenClient;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code userbound token ...}: introspection (RFC 7662) and revocation (RFC 7009) of access tokens. */
@Command(name = "token", description = "Ask the server about an access token, or revoke one.",
        subcommands = {TokenCommand.Introspect.class, TokenCommand.Revoke.class})
final class TokenCommand {

    @Command(name = "introspect", description = {
        "Ask LOGIN_URL/services/oauth2/introspect whether a token is active, authenticating as a connected app "
                + "(consumer key and secret, sent as HTTP Basic). Prints the reply: {\"active\":false}, or the "
                + "token's scope, client_id, username, sub, token_type, exp, iat and nbf.",
        "An app sees its own tokens, and every token of its org when its run-as user holds ViewAllTokens; any other "
                + "token is reported inactive. An inactive token is an answer, not an error (exit 0).",
        "The secret is read from the environment variable named by --client-secret-env, never from the command "
                + "line."})
    static final class Introspect extends BaseCommand {

        @Option(names = "--token", paramLabel = "TOKEN",
                description = "The token to ask about (default: the saved session's).")
        String token;

        @Option(names = "--client-id", required = true, paramLabel = "KEY",
                description = "The calling connected app's consumer key.")
        String clientId;

        @Option(names = "--client-secret-env", required = true, paramLabel = "VAR",
                description = "The environment variable that holds the app's consumer secret.")
        String clientSecretEnv;

        @Option(names = "--login-url", paramLabel = "URL",
                description = "The server (default: the saved session's login URL).")
        String loginUrl;

        @Override
        protected Result execute() {
            String secret = env().env().get(clientSecretEnv);
            if (secret == null || secret.isEmpty()) {
                throw new CliException("MissingSecret", "the environment variable " + clientSecretEnv
                        + " (--client-secret-env) is not set or empty");
            }
            Session session = token == null || loginUrl == null ? savedSession(env()) : null;
            String subject = token != null ? token : tokenOf(session);
            String url = loginUrl != null ? loginUrl : loginUrlOf(session);
            JsonNode reply = tokenClient(env(), url).introspect(subject, clientId, secret);
            ObjectNode json = reply.deepCopy();
            return new Result(json, text(json));
        }

        private static String text(ObjectNode reply) {
            if (!reply.path("active").asBoolean()) {
                return "active: false (unknown, expired or revoked, or not visible to this app)";
            }
            StringBuilder out = new StringBuilder();
            reply.fields().forEachRemaining(e -> {
                String value = e.getValue().asText();
                if (e.getKey().equals("exp") || e.getKey().equals("iat") || e.getKey().equals("nbf")) {
                    value = value + " (" + Instant.ofEpochSecond(e.getValue().asLong()) + ")";
                }
                out.append(out.length() == 0 ? "" : "\n").append(e.getKey()).append(": ").append(value);
            });
            return out.toString();
        }
    }

    @Command(name = "revoke", description = {
        "Revoke a token at LOGIN_URL/services/oauth2/revoke (no client authentication, as Salesforce allows). The "
                + "server answers success for an unknown or already revoked token too.",
        "When the token is the saved session's, the session's token is cleared afterwards: log in again with "
                + "'userbound login jwt'."})
    static final class Revoke extends BaseCommand {

        @Option(names = "--token", paramLabel = "TOKEN",
                description = "The token to revoke (default: the saved session's).")
        String token;

        @Option(names = "--login-url", paramLabel = "URL",
                description = "The server (default: the saved session's login URL).")
        String loginUrl;

        @Override
        protected Result execute() {
            Session session = savedSession(env());
            if (token == null && session == null) {
                throw noSession(env());
            }
            String subject = token != null ? token : tokenOf(session);
            String url = loginUrl != null ? loginUrl : loginUrlOf(session);
            tokenClient(env(), url).revoke(subject);
            boolean cleared = session != null && subject.equals(session.accessToken());
            if (cleared) {
                new Session(null, session.instanceUrl(), session.id(), session.loginUrl(), session.audience(),
                        session.clientId(), session.username(), session.keyFile(), null, Instant.now().toString(),
                        session.flow(), session.clientSecretEnv(), session.authMethod())
                        .save(env());
            }
            ObjectNode json = Output.object();
            json.put("revoked", true);
            json.put("sessionCleared", cleared);
            return new Result(json, "Token revoked." + (cleared ? " The saved session's token was cleared: run "
                    + "'userbound login jwt' (or 'login client-credentials') to log in again." : ""));
        }
    }

    /** The saved session as it is, even without a token (after a revocation); null when there is none. */
    static Session savedSession(CliEnvironment env) {
        Path file = Session.path(env);
        try {
            return Output.MAPPER.readValue(Files.readString(file), Session.class);
        } catch (NoSuchFileException e) {
            return null;
        } catch (JsonProcessingException e) {
            throw new CliException("BadSession", "the session file " + file + " is damaged ("
                    + e.getOriginalMessage() + "): log in again or pass --token and --login-url");
        } catch (IOException e) {
            throw new CliException("IOError", "cannot read the session file " + file + ": " + e.getMessage(), e);
        }
    }

    private static String tokenOf(Session session) {
        if (session == null || session.accessToken() == null) {
            throw new CliException("NoToken", "no --token given and the saved session holds no token (it was "
                    + "revoked, or nobody logged in): pass --token or run 'userbound login jwt'");
        }
        return session.accessToken();
    }

    private static String loginUrlOf(Session session) {
        if (session == null || session.loginUrl() == null) {
            throw new CliException("NoLoginUrl", "no --login-url given and no saved session names one");
        }
        return session.loginUrl();
    }

    private static CliException noSession(CliEnvironment env) {
        return new CliException("NoSession", "no saved session at " + Session.path(env)
                + ": pass --token and --login-url, or run 'userbound login jwt' first");
    }

    /** The SDK's token client over the environment's HTTP client (HTTP/1.1, no redirects, by default). */
    static TokenClient tokenClient(CliEnvironment env, String loginUrl) {
        HttpClient http = env.httpClient() != null ? env.httpClient() : HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        return new TokenClient(http, loginUrl);
    }
}
