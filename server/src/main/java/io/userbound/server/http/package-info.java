/** The HTTP connector's limits: timeouts and connection caps against slow and greedy clients. */
package io.userbound.server.http;
