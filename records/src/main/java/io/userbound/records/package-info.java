/**
 * The record API's rules, free of HTTP and SQL drivers: object and field metadata, record CRUD, the SOQL subset
 * (parser and planner), the access evaluator (object permissions, field-level security, sharing) and field history.
 */
package io.userbound.records;
