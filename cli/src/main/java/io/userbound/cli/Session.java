package io.userbound.cli;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.userbound.client.SecureFiles;
import io.userbound.client.Token;
import io.userbound.protocol.TokenResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The saved login: {@code $USERBOUND_HOME/session.json}, mode 600. It holds the access token and what is needed to
 * log in again (login URL, audience, client id, username and the path of the key file, never the key itself; for
 * client credentials the <em>name</em> of the environment variable holding the secret, never the secret).
 *
 * @param accessToken the bearer token
 * @param instanceUrl where API calls go
 * @param id the identity URL
 * @param loginUrl the login URL used
 * @param audience the assertion audience used
 * @param clientId the consumer key
 * @param username the user
 * @param keyFile the absolute path of the private key file; may be null
 * @param expiresAt when the token is expected to expire; may be null
 * @param savedAt when the session was saved
 * @param flow {@value #CLIENT_CREDENTIALS} for a client credentials login; null for the JWT bearer flow
 * @param clientSecretEnv client credentials: the environment variable that holds the secret; may be null
 * @param authMethod client credentials: {@code CLIENT_SECRET_BASIC}, {@code CLIENT_SECRET_POST} or
 *     {@code PRIVATE_KEY_JWT}; may be null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
record Session(String accessToken, String instanceUrl, String id, String loginUrl, String audience, String clientId,
        String username, String keyFile, String expiresAt, String savedAt, String flow, String clientSecretEnv,
        String authMethod) {

    static final String FILE = "session.json";
    static final String CLIENT_CREDENTIALS = "client-credentials";

    /** A JWT bearer session. */
    static Session of(Token token, String loginUrl, String audience, String clientId, String username,
            Path keyFile) {
        TokenResponse raw = token.raw();
        return new Session(token.accessToken(), token.instanceUrl(), raw.id(), loginUrl, audience, clientId,
                username, keyFile == null ? null : keyFile.toAbsolutePath().toString(), token.expiresAt().toString(),
                Instant.now().toString(), null, null, null);
    }

    /** A client credentials session; the run-as user's id stands in for the username. */
    static Session ofClientCredentials(Token token, String loginUrl, String audience, String clientId,
            Path keyFile, String clientSecretEnv, String authMethod) {
        TokenResponse raw = token.raw();
        return new Session(token.accessToken(), token.instanceUrl(), raw.id(), loginUrl, audience, clientId,
                null, keyFile == null ? null : keyFile.toAbsolutePath().toString(), token.expiresAt().toString(),
                Instant.now().toString(), CLIENT_CREDENTIALS, clientSecretEnv, authMethod);
    }

    /** True for a client credentials login. */
    boolean isClientCredentials() {
        return CLIENT_CREDENTIALS.equals(flow);
    }

    static Path path(CliEnvironment env) {
        return env.home().resolve(FILE);
    }

    /** Loads the session; a clear error when there is none or it is damaged. */
    static Session load(CliEnvironment env) {
        Path file = path(env);
        Session session;
        try {
            session = Output.MAPPER.readValue(Files.readString(file), Session.class);
        } catch (NoSuchFileException e) {
            throw new CliException("NoSession", "no saved session at " + file
                    + ": run 'userbound login jwt --login-url URL --client-id KEY --username USER --key FILE' first");
        } catch (JsonProcessingException e) {
            throw new CliException("BadSession", "the session file " + file + " is damaged ("
                    + e.getOriginalMessage() + "): log in again");
        } catch (IOException e) {
            throw new CliException("IOError", "cannot read the session file " + file + ": " + e.getMessage(), e);
        }
        if (session.accessToken() == null || session.instanceUrl() == null) {
            throw new CliException("BadSession", "the session file " + file
                    + " has no access token or instance URL: log in again");
        }
        return session;
    }

    /** Saves atomically with mode 600. */
    void save(CliEnvironment env) {
        try {
            SecureFiles.write(path(env), Output.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(this)
                    + "\n", true);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** True when the session holds what a new login of its flow needs. */
    boolean canLogInAgain() {
        if (isClientCredentials()) {
            return loginUrl != null && clientId != null && (keyFile != null || clientSecretEnv != null);
        }
        return loginUrl != null && clientId != null && username != null && keyFile != null;
    }
}
