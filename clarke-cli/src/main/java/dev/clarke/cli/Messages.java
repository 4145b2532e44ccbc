package dev.clarke.cli;

/** Keeps error messages to one readable line: input quoted in part, exceptions said in words. */
final class Messages {

    /** The most characters of the user's input quoted in a message. */
    static final int QUOTE = 80;
    /** The longest message line printed. */
    static final int MAX_LINE = 400;

    private Messages() {
    }

    /** {@code text} in single quotes, cut to {@link #QUOTE} characters with its length said, control characters shown as '?'. */
    static String quote(String text) {
        if (text == null) {
            return "(none)";
        }
        String t = text.length() <= QUOTE ? text
                : text.substring(0, QUOTE - 20) + "…" + text.substring(text.length() - 10) + " (" + text.length() + " characters)";
        return "'" + oneLine(t) + "'";
    }

    /** {@code text} on one line of at most {@link #MAX_LINE} characters. */
    static String line(String text) {
        String t = oneLine(text);
        return t.length() <= MAX_LINE ? t : t.substring(0, MAX_LINE - 1) + "…";
    }

    /** What went wrong in {@code e}, in words, even when the exception has no message. */
    static String reason(Throwable e) {
        String m = e.getMessage();
        if (e instanceof java.io.EOFException && (m == null || m.isBlank())) {
            return "the file ends too early (truncated?)";
        }
        if (e instanceof java.util.zip.ZipException) {
            return "corrupt compressed data (" + (m == null ? "gzip" : oneLine(m)) + ")";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.charset.CharacterCodingException) {
            return "not valid UTF-8 text";
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException f) {
            return f.getFile() + " is in the way: it exists, and is not the directory needed";
        }
        if (e instanceof java.nio.file.NotDirectoryException f) {
            return f.getFile() + " is not a directory";
        }
        if (e instanceof java.nio.file.FileSystemException f) {
            return (f.getFile() != null && !f.getFile().isEmpty() ? f.getFile() + ": " : "")
                    + (f.getReason() != null ? f.getReason() : "cannot be used (" + e.getClass().getSimpleName() + ")");
        }
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : oneLine(m);
    }

    private static String oneLine(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c == '\n' || c == '\r' || c == '\t' ? ' ' : Character.isISOControl(c) ? '?' : c);
        }
        return b.toString();
    }
}
