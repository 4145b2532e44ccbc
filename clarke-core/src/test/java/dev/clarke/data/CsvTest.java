package dev.clarke.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.tensor.Shape;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {

    private static Csv.Table table(String text) throws IOException {
        return Csv.parseTable(new StringReader(text), "t.csv");
    }

    private static String error(String text) {
        return assertThrows(IOException.class, () -> table(text)).getMessage();
    }

    @Test
    void quotedNumbersAreNumbers() throws IOException {
        Csv.Table t = table("\"1\",\"2\",\"0\"\n\"3.5\", \"-1\" ,\"1\"\r\n");
        assertEquals(List.of(), t.header());
        assertEquals(List.of(), t.classNames());
        assertArrayEquals(new float[] {1, 2, 3.5f, -1}, t.data().features());
        assertArrayEquals(new int[] {0, 1}, t.data().labels());
        assertEquals(Shape.of(2), t.data().sampleShape());
    }

    @Test
    void byteOrderMarkAndHeaderWithANonNumericFeatureCell() throws IOException {
        Csv.Table t = table("\uFEFFwidth,\"height, cm\",label\n1,2,0\n3,4,2\n");
        assertEquals(List.of("width", "height, cm", "label"), t.header());
        assertArrayEquals(new float[] {1, 2, 3, 4}, t.data().features());
        assertArrayEquals(new int[] {0, 2}, t.data().labels());
        assertEquals(3, t.data().classes());
    }

    @Test
    void stringLabelsAreSortedNamesMappedToIndices() throws IOException {
        Csv.Table t = table("a,b,animal\n1,2,dog\n3,4,cat\n5,6,dog\n7,8,\"big, red\"\n");
        assertEquals(List.of("big, red", "cat", "dog"), t.classNames());
        assertArrayEquals(new int[] {2, 1, 2, 0}, t.data().labels());
        assertEquals(3, t.data().classes());
        assertEquals(4, t.data().size());
    }

    @Test
    void aNonNumericLabelAboveNumericLabelsIsAHeader() throws IOException {
        Csv.Table t = table("1,2,class\n1,2,0\n3,4,1\n");
        assertEquals(List.of("1", "2", "class"), t.header());
        assertEquals(2, t.data().size());
        assertEquals(List.of(), t.classNames());
    }

    @Test
    void anAllNumericFirstRowIsData() throws IOException {
        Csv.Table t = table("1,2,0\n3,4,1\n");
        assertEquals(List.of(), t.header());
        assertEquals(2, t.data().size());
    }

    @Test
    void blankLinesAreSkippedAndLineNumbersCountThem() {
        String m = error("1,2,0\n\n3,1\n");
        assertTrue(m.contains("line 3") && m.contains("2 cells, expected 3"), m);
    }

    @Test
    void aMissingCellIsAnErrorNamingLineAndColumn() {
        String m = error("x,y,label\n1,2,0\n3,,1\n");
        assertTrue(m.contains("line 3, column 2") && m.contains("empty cell"), m);
        m = error("1,2,0\n1,2\n");
        assertTrue(m.contains("line 2"), m);
        m = error("1,2,0\n1,2,0,4\n");
        assertTrue(m.contains("line 2") && m.contains("4 cells"), m);
    }

    @Test
    void aLineBreakInsideQuotesKeepsLaterLineNumbersRight() {
        // The second record spans lines 2 and 3; the bad feature is on line 4.
        String m = error("1,2,0\n1,2,\"cat\ndog\"\n1,x,1\n");
        assertTrue(m.contains("line 4, column 2") && m.contains("'x'"), m);
    }

    @Test
    void badFeaturesAndLabels() {
        assertTrue(error("1,2,0.5\n").contains("line 1"));
        assertTrue(error("1,2,0\n3,4,-1\n").contains("line 2"));
        assertTrue(error("1,2,0\n3,Infinity,1\n").contains("not a finite number"));
        assertTrue(error("1,2,0\n1,0x10,0\n").contains("line 2, column 2"));
        assertTrue(error("a,b\n").contains("a header and no data rows"));
        assertTrue(error("5\n").contains("at least one feature and a label"));
        assertTrue(error("").contains("no data rows"));
        assertTrue(error("1,2,0\n\"3,4,1\n").startsWith("t.csv"));
    }

    /**
     * Labels are counted from the second record on (the first may be a header): 100,001 distinct names
     * there, lines 2 to 100,002, cross the bound on the last line.
     */
    @Test
    void theNumberOfDistinctLabelsIsBounded() {
        StringBuilder sb = new StringBuilder("1,first\n");
        for (int i = 0; i <= Csv.MAX_CLASSES; i++) {
            sb.append("1,c").append(i).append('\n');
        }
        String m = error(sb.toString());
        assertTrue(m.contains("line " + (Csv.MAX_CLASSES + 2)) && m.contains("distinct labels"), m);
    }
}
