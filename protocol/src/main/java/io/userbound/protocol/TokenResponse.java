package io.userbound.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A successful token endpoint reply in the Salesforce shape (RFC 6749 section 5.1, {@code salesforce-compat.md}
 * sections 2.5 and 9 rule 6). Absent optional members are omitted from JSON.
 *
 * @param accessToken the access token; never null
 * @param scope space-separated scopes; may be null
 * @param instanceUrl origin of the org, no path; never null on Userbound
 * @param id identity URL {@code <base>/id/<orgId>/<userId>}; never null on Userbound
 * @param tokenType always {@code Bearer}
 * @param issuedAt milliseconds since the epoch, as a string; may be null
 * @param signature base64 HMAC-SHA256 of {@code id + issued_at} keyed with the consumer secret; may be null
 * @param expiresIn seconds until the token expires; may be null (real Salesforce omits it)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record TokenResponse(
        @JsonProperty("access_token") String accessToken,
        @JsonProperty("scope") String scope,
        @JsonProperty("instance_url") String instanceUrl,
        @JsonProperty("id") String id,
        @JsonProperty("token_type") String tokenType,
        @JsonProperty("issued_at") String issuedAt,
        @JsonProperty("signature") String signature,
        @JsonProperty("expires_in") Long expiresIn) {

    /** The org id: the second-to-last path segment of {@link #id()}, as Salesforce clients read it. */
    public String organizationId() {
        String[] parts = id == null ? new String[0] : id.split("/");
        return parts.length >= 2 ? parts[parts.length - 2] : null;
    }

    /** The user id: the last path segment of {@link #id()}. */
    public String userId() {
        String[] parts = id == null ? new String[0] : id.split("/");
        return parts.length >= 1 ? parts[parts.length - 1] : null;
    }
}
