/** The catalog of object definitions: the standard objects and the custom objects and fields of an org, read through the metadata port and cached for 1 s. */
package io.userbound.records.catalog;
