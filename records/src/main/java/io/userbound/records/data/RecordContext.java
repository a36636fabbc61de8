package io.userbound.records.data;

import io.userbound.records.access.AccessSnapshot;

/**
 * Who makes a record API call: the token's user and app. Every read is evaluated for {@code access}; every write
 * is recorded against {@code userId} and, in field history, {@code consumerKey}.
 *
 * @param consumerKey the consumer key of the token's app; null when the token has no app
 * @param apiVersion the major API version of the request path, used in {@code attributes.url}
 */
public record RecordContext(String orgId, String userId, String consumerKey, AccessSnapshot access, int apiVersion) {
    /** {@code /services/data/vNN.0} */
    public String basePath() {
        return "/services/data/v" + apiVersion + ".0";
    }
}
