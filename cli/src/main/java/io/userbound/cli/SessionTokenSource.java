package io.userbound.cli;

import io.userbound.client.ClientCredentialsTokenSource;
import io.userbound.client.JwtBearerTokenSource;
import io.userbound.client.PemKeys;
import io.userbound.client.Token;
import io.userbound.client.TokenSource;
import io.userbound.protocol.TokenResponse;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The token of the saved session; when the API refuses it, logs in again with the saved key (when the session
 * names one) and saves the new session.
 */
final class SessionTokenSource implements TokenSource {

    private final CliEnvironment env;
    private Session session;
    private Token token;

    SessionTokenSource(CliEnvironment env, Session session) {
        this.env = env;
        this.session = session;
        Instant expiresAt = parseOrNow(session.expiresAt());
        TokenResponse raw = new TokenResponse(session.accessToken(), null, session.instanceUrl(), session.id(),
                "Bearer", null, null, null);
        this.token = new Token(session.accessToken(), session.instanceUrl(), session.id(), expiresAt, raw);
    }

    private static Instant parseOrNow(String instant) {
        try {
            return instant == null ? Instant.now() : Instant.parse(instant);
        } catch (java.time.format.DateTimeParseException e) {
            return Instant.now();
        }
    }

    @Override
    public synchronized Token token() {
        // the server decides whether the saved token is still good: a 401 leads to refresh()
        return token;
    }

    @Override
    public synchronized Token refresh() {
        if (!session.canLogInAgain()) {
            throw new CliException("SessionExpired", "the saved session was refused and names no key to log in "
                    + "again: run 'userbound login " + (session.isClientCredentials() ? "client-credentials"
                            : "jwt") + "' again");
        }
        if (session.isClientCredentials()) {
            ClientCredentialsTokenSource tokens = LoginCommand.ClientCredentials.source(env, session.loginUrl(),
                    session.clientId(), session.clientSecretEnv(),
                    session.keyFile() == null ? null : Path.of(session.keyFile()), session.audience(),
                    authMethod(session.authMethod()));
            token = tokens.token();
            session = Session.ofClientCredentials(token, session.loginUrl(), session.audience(), session.clientId(),
                    session.keyFile() == null ? null : Path.of(session.keyFile()), session.clientSecretEnv(),
                    session.authMethod());
            session.save(env);
            return token;
        }
        JwtBearerTokenSource tokens = JwtBearerTokenSource.builder()
                .loginUrl(session.loginUrl())
                .audience(session.audience())
                .clientId(session.clientId())
                .username(session.username())
                .privateKey(PemKeys.readPrivateKey(Path.of(session.keyFile()), env.keyPassword()))
                .httpClient(env.httpClient())
                .build();
        token = tokens.token();
        session = Session.of(token, session.loginUrl(), session.audience(), session.clientId(), session.username(),
                Path.of(session.keyFile()));
        session.save(env);
        return token;
    }

    private static ClientCredentialsTokenSource.AuthMethod authMethod(String value) {
        for (ClientCredentialsTokenSource.AuthMethod m : ClientCredentialsTokenSource.AuthMethod.values()) {
            if (m.name().equals(value)) {
                return m;
            }
        }
        throw new CliException("BadSession", "the session file names no known client authentication method ("
                + value + "): log in again");
    }

    @Override
    public synchronized Token refresh(Token rejected) {
        return rejected != null && rejected != token ? token : refresh();
    }
}
