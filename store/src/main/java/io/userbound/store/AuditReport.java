package io.userbound.store;

import java.util.List;
import java.util.Map;

/**
 * What {@code admin audit verify} found.
 *
 * @param rows rows checked, per table ({@link AuditSource#apiName()})
 * @param chains chains registered
 * @param checkpoints checkpoints checked
 * @param purges purge records checked
 * @param problems what was altered, deleted or inserted, in table, chain and number order (at most
 *     {@link AuditVerifier#MAX_PROBLEMS}); empty when the audit is intact
 * @param problemCount how many problems there were in all
 */
public record AuditReport(Map<String, Long> rows, int chains, int checkpoints, int purges, List<Problem> problems,
        long problemCount) {

    /** True when nothing was altered, deleted or inserted. */
    public boolean intact() {
        return problemCount == 0;
    }

    /**
     * One finding.
     *
     * @param kind {@code altered}, {@code deleted} or {@code inserted}
     * @param table the table's API name, or {@code AuditChain}, {@code AuditCheckpoint}, {@code AuditPurge}
     * @param id the row's id; for a deleted row, null (it is gone: {@code detail} names its neighbours)
     * @param chain the chain; null for a row that names none
     * @param seq the row's number in its chain; 0 when it has none
     * @param detail what exactly is wrong
     */
    public record Problem(String kind, String table, String id, String chain, long seq, String detail) {
    }
}
