package io.userbound.oauth.audit;

/**
 * Where a token request came from, as HTTP saw it: recorded in its {@code LoginHistory} row, never decided on. Later
 * also the request's DPoP proof (RFC 9449), which is bound to the method and URL.
 *
 * @param remoteAddress the caller's address; never null (empty when unknown)
 * @param url the URL the request was sent to; may be null
 * @param userAgent may be null
 */
public record RequestOrigin(String remoteAddress, String url, String userAgent) {
    public RequestOrigin {
        remoteAddress = remoteAddress == null ? "" : remoteAddress;
    }
}
