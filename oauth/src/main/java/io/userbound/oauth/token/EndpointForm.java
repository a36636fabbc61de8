package io.userbound.oauth.token;

import io.userbound.core.model.LoginReason;
import io.userbound.oauth.Debug;
import io.userbound.oauth.OAuthError;
import io.userbound.oauth.OAuthException;
import io.userbound.oauth.grant.ClientAuthentication;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters of an introspection (RFC 7662 section 2.1) or revocation (RFC 7009 section 2.1) request and the
 * client authentication it carried, with the framing rules of the token endpoint: every parameter at most once, a
 * parameter without a value counts as omitted, one client authentication method at most.
 *
 * @param parameters single-valued parameters; never null
 * @param client the client authentication presented; null when none
 */
public record EndpointForm(Map<String, String> parameters, ClientAuthentication client) {
    private static final int MAX_NAME_IN_DESCRIPTION = 64;

    public EndpointForm {
        parameters = Map.copyOf(parameters);
    }

    /**
     * @param form name to every value; null when the body was not form-encoded
     * @param authorizationHeader may be null
     * @throws OAuthException {@code invalid_request} for a missing form, a repeated parameter or two client
     *     authentication methods; {@code invalid_client} (401, Basic challenge) for a malformed Basic header
     */
    public static EndpointForm parse(Map<String, List<String>> form, String authorizationHeader) {
        if (form == null) {
            throw new OAuthException(OAuthError.INVALID_REQUEST.withDescription("the body must be "
                    + TokenRequestParser.FORM_MEDIA_TYPE), LoginReason.INVALID_REQUEST, "body is not a form");
        }
        Map<String, String> parameters = new HashMap<>();
        for (Map.Entry<String, List<String>> e : form.entrySet()) {
            List<String> values = e.getValue();
            if (e.getKey() == null || values == null || values.isEmpty()) {
                continue;
            }
            // RFC 6749 section 3.2: "Request and response parameters MUST NOT be included more than once."
            if (values.size() > 1) {
                throw new OAuthException(OAuthError.INVALID_REQUEST.withDescription("parameter "
                        + Debug.bounded(e.getKey(), MAX_NAME_IN_DESCRIPTION) + " is repeated"),
                        LoginReason.INVALID_REQUEST, "parameter " + Debug.quote(e.getKey()) + " repeated");
            }
            String value = values.get(0);
            // RFC 6749 section 3.1: "Parameters sent without a value MUST be treated as if they were omitted."
            if (value != null && !value.isEmpty()) {
                parameters.put(e.getKey(), value);
            }
        }
        return new EndpointForm(parameters, client(parameters, authorizationHeader));
    }

    /** A parameter, or null. */
    public String parameter(String name) {
        return parameters.get(name);
    }

    private static ClientAuthentication client(Map<String, String> parameters, String header) {
        ClientAuthentication basic = TokenRequestParser.parseBasic(header);
        String clientId = parameters.get("client_id");
        String secret = parameters.get("client_secret");
        if (basic != null) {
            // RFC 6749 section 2.3: "The client MUST NOT use more than one authentication method in each request."
            if (secret != null || (clientId != null && !clientId.equals(basic.clientId()))) {
                throw new OAuthException(
                        OAuthError.INVALID_REQUEST.withDescription("more than one client authentication method"),
                        LoginReason.INVALID_REQUEST, "Basic header together with client credentials in the body");
            }
            return basic;
        }
        if (clientId == null) {
            if (secret != null) {
                throw new OAuthException(OAuthError.INVALID_REQUEST.withDescription("client_id is missing"),
                        LoginReason.INVALID_REQUEST, "client_secret without client_id");
            }
            return null;
        }
        return new ClientAuthentication(clientId, secret, secret == null ? ClientAuthentication.Method.NONE
                : ClientAuthentication.Method.CLIENT_SECRET_POST);
    }
}
