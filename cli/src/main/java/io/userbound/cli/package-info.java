/**
 * The {@code userbound} command line: keys and certificates, JWT bearer login, raw API calls, the admin commands over
 * the admin HTTP surface ({@code docs/admin-api.md}), and {@code serve}. Commands hold no logic of their own beyond
 * argument handling and output; the work is done by {@code io.userbound.client}.
 *
 * <p>Output contract: exit code 0 on success, 1 on an error, 2 on a usage error. Without {@code --json} a short
 * readable text goes to stdout and an error is one line on stderr. With {@code --json} exactly one JSON object goes
 * to stdout, errors included ({@code {"status":1,"name":"...","message":"..."}}).
 */
package io.userbound.cli;
