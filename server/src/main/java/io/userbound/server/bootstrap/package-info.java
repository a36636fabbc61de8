/** The first start of a data directory (architecture.md section 7): the org's rows through core's OrgProvisioner, the CLI's key pair, certificate and profile, and the records module's setup. */
package io.userbound.server.bootstrap;
