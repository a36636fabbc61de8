package io.userbound.oauth;

import java.util.Map;

/**
 * A token request parsed from HTTP: single-valued form parameters, the client authentication the request carried,
 * and the context recorded in {@code LoginHistory}. Built by {@link TokenRequestParser}.
 *
 * @param grantType never null (a missing one is refused while parsing)
 * @param parameters every form parameter, each present once; never null
 * @param clientAuthentication null when the request carried none
 * @param sourceIp the caller's address; never null
 * @param loginUrl the URL the request was sent to; may be null
 * @param userAgent may be null
 */
public record TokenRequest(
        String grantType,
        Map<String, String> parameters,
        ClientAuthentication clientAuthentication,
        String sourceIp,
        String loginUrl,
        String userAgent) {

    public TokenRequest {
        parameters = Map.copyOf(parameters);
    }

    /** A parameter, or null. */
    public String parameter(String name) {
        return parameters.get(name);
    }
}
