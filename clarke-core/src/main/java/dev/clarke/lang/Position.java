package dev.clarke.lang;

/**
 * A place in the source text, 1-based: the first character of a program is at 1:1. Columns count
 * characters (a tab is one column).
 *
 * @param line   the line, from 1
 * @param column the column, from 1
 */
public record Position(int line, int column) {

    /** The widest part of a source line that {@link #pointAt} shows. */
    public static final int WINDOW = 80;

    /**
     * Checks that both coordinates are at least 1.
     *
     * @param line the line, from 1
     * @param column the column, from 1
     */
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
     * terminal). A line longer than {@link #WINDOW} characters is shown as the window of that width
     * around the column, its cut ends marked with {@code …}, so that a message stays short whatever
     * the input.
     *
     * @param source the whole program text
     * @return the two lines, joined by a newline
     */
    public String pointAt(String source) {
        String[] lines = source.split("\n", -1);
        String text = line <= lines.length ? lines[line - 1] : "";
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        int col = column;
        if (text.length() > WINDOW) {
            int from = Math.max(0, Math.min(column - 1 - WINDOW / 2, text.length() - WINDOW));
            int to = Math.min(text.length(), from + WINDOW);
            col = column - from + (from > 0 ? 1 : 0);
            text = (from > 0 ? "…" : "") + text.substring(from, to) + (to < text.length() ? "…" : "");
        }
        StringBuilder caret = new StringBuilder();
        for (int i = 0; i < col - 1; i++) {
            caret.append(i < text.length() && text.charAt(i) == '\t' ? '\t' : ' ');
        }
        return text + "\n" + caret + "^";
    }
}
