package io.userbound.oauth.token;

import io.userbound.core.model.LoginReason;
import io.userbound.oauth.Debug;
import io.userbound.oauth.OAuthError;
import io.userbound.oauth.OAuthException;
import io.userbound.oauth.audit.RequestOrigin;
import io.userbound.oauth.grant.ClientAuthentication;
import io.userbound.oauth.grant.TokenRequest;
import io.userbound.protocol.token.ClientAuthenticationParameters;
import io.userbound.protocol.token.GrantRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the parts of a token request that HTTP produced into a {@link TokenRequest} (the form parsed once into its
 * typed {@link GrantRequest}), refusing framing errors
 * ({@code salesforce-compat.md} section 9 rule 1). Checks, in order: the body is form-encoded, no parameter is
 * repeated, {@code grant_type} is present and known, the client authentication is well formed and uses one method
 * only (a Basic header, {@code client_secret} in the body, or a {@code client_assertion}; the grant handler
 * verifies a client assertion).
 */
public final class TokenRequestParser {
    /** The only accepted media type; any parameters such as {@code charset} are allowed. */
    public static final String FORM_MEDIA_TYPE = "application/x-www-form-urlencoded";
    private static final int MAX_NAME_IN_DESCRIPTION = 64;

    private final Set<String> grantTypes;

    /** @param grantTypes the {@code grant_type} values served; exact, case-sensitive */
    public TokenRequestParser(Set<String> grantTypes) {
        this.grantTypes = Set.copyOf(grantTypes);
    }

    /**
     * @param form the body's parameters (name to every value), null when the body was not form-encoded
     * @param contentType the request's Content-Type; may be null
     * @param authorizationHeader may be null
     * @param origin never null
     * @throws OAuthException for every framing error
     */
    public TokenRequest parse(Map<String, List<String>> form, String contentType, String authorizationHeader,
            RequestOrigin origin) {
        if (form == null || !isFormContentType(contentType)) {
            throw new OAuthException(OAuthError.UNSUPPORTED_GRANT_TYPE, LoginReason.UNSUPPORTED_GRANT_TYPE,
                    "body is not " + FORM_MEDIA_TYPE + " (Content-Type " + Debug.quote(contentType) + ")");
        }
        Map<String, String> parameters = new HashMap<>(form.size() * 2);
        for (Map.Entry<String, List<String>> e : form.entrySet()) {
            String name = e.getKey();
            List<String> values = e.getValue();
            if (name == null || values == null || values.isEmpty()) {
                continue;
            }
            // RFC 6749 section 3.2: "Request and response parameters MUST NOT be included more than once."
            if (values.size() > 1) {
                throw new OAuthException(
                        OAuthError.INVALID_REQUEST.withDescription("parameter "
                                + Debug.bounded(name, MAX_NAME_IN_DESCRIPTION) + " is repeated"),
                        LoginReason.INVALID_REQUEST, "parameter " + Debug.quote(name) + " sent " + values.size()
                                + " times");
            }
            String value = values.get(0);
            // RFC 6749 section 3.1: "Parameters sent without a value MUST be treated as if they were omitted."
            if (value != null && !value.isEmpty()) {
                parameters.put(name, value);
            }
        }
        String grantType = parameters.get("grant_type");
        if (grantType == null) {
            throw new OAuthException(OAuthError.GRANT_TYPE_MISSING, LoginReason.INVALID_REQUEST,
                    "no grant_type parameter");
        }
        GrantRequest grant = grantTypes.contains(grantType) ? GrantRequest.parse(parameters) : null;
        if (grant == null) {
            throw new OAuthException(OAuthError.UNSUPPORTED_GRANT_TYPE, LoginReason.UNSUPPORTED_GRANT_TYPE,
                    "grant_type " + Debug.quote(grantType) + " is not served");
        }
        return new TokenRequest(grant, clientAuthentication(grant.client(), authorizationHeader), origin);
    }

    /** True when the media type is {@code application/x-www-form-urlencoded}, whatever its parameters. */
    public static boolean isFormContentType(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        return mediaType.equalsIgnoreCase(FORM_MEDIA_TYPE);
    }

    /**
     * Parses {@code Authorization: Basic} client credentials (RFC 6749 section 2.3.1: the client id and secret are
     * form-url-encoded, joined by a colon, then base64-encoded).
     *
     * @param header the header value; may be null
     * @return the credentials, or null when the header is absent or uses another scheme
     * @throws OAuthException {@code invalid_client} (401, Basic challenge) when the Basic value is malformed
     */
    public static ClientAuthentication parseBasic(String header) {
        if (header == null) {
            return null;
        }
        String value = header.strip();
        if (value.length() < 5 || !value.regionMatches(true, 0, "Basic", 0, 5)
                || (value.length() > 5 && value.charAt(5) != ' ')) {
            return null;
        }
        String encoded = value.substring(5).strip();
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon <= 0) {
                throw malformedBasic("no client id or no colon");
            }
            String clientId = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
            String secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
            if (clientId.isEmpty()) {
                throw malformedBasic("empty client id");
            }
            return new ClientAuthentication(clientId, secret, ClientAuthentication.Method.CLIENT_SECRET_BASIC);
        } catch (IllegalArgumentException e) {
            throw malformedBasic("not base64 or bad percent-encoding");
        }
    }

    private static OAuthException malformedBasic(String why) {
        return new OAuthException(OAuthError.INVALID_CLIENT_CREDENTIALS, LoginReason.INVALID_CLIENT_CREDENTIALS,
                "malformed Basic authorization header: " + why).withBasicChallenge();
    }

    private static ClientAuthentication clientAuthentication(ClientAuthenticationParameters body, String header) {
        ClientAuthentication basic = parseBasic(header);
        String clientId = body.clientId();
        String secret = body.clientSecret();
        boolean assertion = body.carriesAssertion();
        if (assertion && (basic != null || secret != null)) {
            // RFC 6749 section 2.3: "The client MUST NOT use more than one authentication method in each request."
            throw new OAuthException(
                    OAuthError.INVALID_REQUEST.withDescription("more than one client authentication method"),
                    LoginReason.INVALID_REQUEST, "client_assertion together with "
                            + (basic != null ? "a Basic header" : "client_secret in the body"));
        }
        if (basic != null) {
            // RFC 6749 section 2.3: "The client MUST NOT use more than one authentication method in each request."
            if (secret != null || (clientId != null && !clientId.equals(basic.clientId()))) {
                throw new OAuthException(
                        OAuthError.INVALID_REQUEST.withDescription("more than one client authentication method"),
                        LoginReason.INVALID_REQUEST, "Basic header together with client_id "
                                + Debug.quote(clientId) + (secret != null ? " and client_secret" : "") + " in the body");
            }
            return basic;
        }
        if (clientId == null) {
            if (secret != null) {
                throw new OAuthException(OAuthError.INVALID_REQUEST.withDescription("client_id is missing"),
                        LoginReason.INVALID_REQUEST, "client_secret in the body without client_id");
            }
            return null;
        }
        return new ClientAuthentication(clientId, secret, secret == null ? ClientAuthentication.Method.NONE
                : ClientAuthentication.Method.CLIENT_SECRET_POST);
    }
}
