/**
 * Token requests as typed messages (RFC 6749 section 4, RFC 7523 section 2), shared by the server and the SDK: one
 * record per grant, each with {@code parse(form)} and {@code toForm()}, like the Nimbus OAuth SDK's
 * {@code TokenRequest.parse} and {@code toParameters}. The server refuses framing errors (repeated parameters, a body
 * that is not a form) before it parses; these types neither validate nor throw for a missing parameter, which stays
 * null for the grant to refuse in its own words.
 */
package io.userbound.protocol.token;
