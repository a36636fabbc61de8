package io.userbound.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A token, introspection or revocation endpoint error reply (RFC 6749 section 5.2).
 *
 * @param error one of {@link OAuthErrorCodes}; never null
 * @param errorDescription human-readable text, lower-case Salesforce strings where Salesforce has one; may be null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record TokenErrorResponse(
        @JsonProperty("error") String error,
        @JsonProperty("error_description") String errorDescription) {
}
