/** Logback converters that keep client-chosen text from forging log lines. */
package io.userbound.server.logging;
