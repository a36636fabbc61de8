/** HTTP plumbing shared by every route: JSON and form bodies within their limits, the one error mapper (OAuth and Salesforce REST shapes), dates, and the connector's connection guard and timeouts. */
package io.userbound.server.http;
