/** Operations: metrics (Micrometer, Prometheus) and the housekeeping jobs that purge expired tokens, used assertion ids and old audit rows. */
package io.userbound.server.ops;
