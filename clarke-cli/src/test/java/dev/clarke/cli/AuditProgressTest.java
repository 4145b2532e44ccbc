package dev.clarke.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An audit of several batches reports its progress on stderr the way the other long jobs do (the
 * shared {@link JobProgress}: batches done of the total, the percentage, the ETA), ending with the
 * whole job, and keeps stdout for the result.
 */
class AuditProgressTest {

    @Test
    void eightBatchesReportProgressEndingAtTheTotal() throws Exception {
        CliRun r = AuditCommandTest.audit("mlp", "--limit", "8", "--batch", "1", "--json");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.err().strip().lines().filter(l -> l.contains("batches")).toList();
        assertTrue(lines.size() >= 2, r.err());
        assertTrue(lines.stream().allMatch(l -> l.matches("\\d+/8 batches \\(\\d+%\\)  ETA .*")), r.err());
        assertTrue(lines.get(lines.size() - 1).startsWith("8/8 batches (100%)"), r.err());
        assertTrue(r.out().strip().startsWith("{") && r.out().contains("\"batches\": 8"), r.out());
    }
}
