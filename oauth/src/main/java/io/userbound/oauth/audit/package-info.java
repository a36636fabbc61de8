/** The audit state of one token request (LoginAttempt: where it came from and what was resolved), which becomes its one LoginHistory row. */
package io.userbound.oauth.audit;
