/** Who may call a route: each route declares its RequestPolicy (anonymous, a token, a served API version, an API call, a system permission) where it is registered, and one PolicyGate enforces it before the handler and counts API usage. */
package io.userbound.server.auth;
