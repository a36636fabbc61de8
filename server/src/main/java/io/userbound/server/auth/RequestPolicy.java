package io.userbound.server.auth;

import io.javalin.security.RouteRole;
import io.userbound.core.model.SystemPermission;
import java.util.Objects;

/**
 * Who may call a route, declared with the route ({@link Routes}) and enforced before its handler by the one
 * {@link PolicyGate}. A route without a policy is refused at startup.
 *
 * @param credentials where the access token is read from ({@link Credentials#NONE}: an anonymous route)
 * @param versioned whether the path's {@code {version}} must name a served API version (else 404
 *     {@code NOT_FOUND}, checked after the token)
 * @param metered whether the call counts as an API call ({@code Sforce-Limit-Info}), after the version check
 * @param permission the system permission the caller must hold, last of all; null for none
 * @param what with {@code permission}: the action for {@link io.userbound.core.admin.Caller#require}'s refusal
 * @param refusal with {@code permission}: the whole refusal message instead of {@code what}'s wording; may be null
 */
public record RequestPolicy(Credentials credentials, boolean versioned, boolean metered, SystemPermission permission,
        String what, String refusal) implements RouteRole {

    /** Where a route reads the caller's access token. */
    enum Credentials {
        /** None: anyone may call (token, metadata, health; the client authenticates in the body if at all). */
        NONE,
        /** {@code Authorization: Bearer} (or {@code OAuth}). */
        HEADER,
        /** The {@code Authorization} header, or else the {@code oauth_token} query parameter (identity URLs). */
        HEADER_OR_QUERY
    }

    /** Anyone may call. */
    public static final RequestPolicy ANONYMOUS = new RequestPolicy(Credentials.NONE, false, false, null, null, null);
    /** Any valid token in the {@code Authorization} header. */
    public static final RequestPolicy TOKEN = new RequestPolicy(Credentials.HEADER, false, false, null, null, null);
    /** Any valid token, in the header or the {@code oauth_token} query parameter. */
    public static final RequestPolicy TOKEN_OR_QUERY =
            new RequestPolicy(Credentials.HEADER_OR_QUERY, false, false, null, null, null);
    /** Any valid token, on a {@code /services/data/{version}/...} path whose version is served. */
    public static final RequestPolicy VERSIONED = new RequestPolicy(Credentials.HEADER, true, false, null, null, null);
    /** As {@link #VERSIONED}, and the call is counted as an API call (the record API). */
    public static final RequestPolicy API_CALL = new RequestPolicy(Credentials.HEADER, true, true, null, null, null);

    public RequestPolicy {
        Objects.requireNonNull(credentials, "credentials");
        if (credentials == Credentials.NONE && (versioned || metered || permission != null)) {
            throw new IllegalArgumentException("an anonymous route has no caller to check");
        }
    }

    /** This policy, and the caller must hold {@code permission}, else {@code Caller.require(permission, what)}. */
    public RequestPolicy requiring(SystemPermission permission, String what) {
        return new RequestPolicy(credentials, versioned, metered, Objects.requireNonNull(permission), what, null);
    }

    /** This policy, and the caller must hold {@code permission}, else 403 {@code INSUFFICIENT_ACCESS} {@code refusal}. */
    public RequestPolicy requiringOrRefusing(SystemPermission permission, String refusal) {
        return new RequestPolicy(credentials, versioned, metered, Objects.requireNonNull(permission), null,
                Objects.requireNonNull(refusal));
    }
}
