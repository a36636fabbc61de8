package io.userbound.testkit;

import io.userbound.client.RestClient;
import java.security.PrivateKey;

/**
 * The org's bootstrapped admin, as the CLI logs in: JWT bearer to the CLI's connected app with the key the first
 * start generated into the data directory.
 *
 * @param username the admin's username; never null
 * @param consumerKey the CLI app's consumer key ({@code client_id}); never null
 * @param privateKey the CLI app's private key; never null
 * @param rest the SDK's REST client logged in as the admin (it holds every setup permission); never null
 */
public record Admin(String username, String consumerKey, PrivateKey privateKey, RestClient rest) {
}
