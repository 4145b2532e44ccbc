package dev.clarke.lang;

/**
 * A place in the source text, 1-based: the first character of a program is at 1:1. Columns count
 * characters (a tab is one column).
 *
 * @param line   the line, from 1
 * @param column the column, from 1
 */
public record Position(int line, int column) {

    /** Checks that both coordinates are at least 1. */
    public Position {
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException("positions are 1-based, got " + line + ":" + column);
        }
    }

    /** The position as written in error messages, e.g. {@code 1:9}. */
    @Override
    public String toString() {
        return line + ":" + column;
    }

    /**
     * Two lines: the line of {@code source} this position is on, and under it a caret at the
     * column (tabs of the line are repeated in the indentation so the caret lines up in a
     * terminal).
     *
     * @param source the whole program text
     */
    public String pointAt(String source) {
        String[] lines = source.split("\n", -1);
        String text = line <= lines.length ? lines[line - 1] : "";
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        StringBuilder caret = new StringBuilder();
        for (int i = 0; i < column - 1; i++) {
            caret.append(i < text.length() && text.charAt(i) == '\t' ? '\t' : ' ');
        }
        return text + "\n" + caret + "^";
    }
}
