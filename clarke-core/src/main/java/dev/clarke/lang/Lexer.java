package dev.clarke.lang;

import dev.clarke.lang.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Splits source text into tokens. Numbers are {@code 3}, {@code 0.5}, {@code .5}, {@code 5.},
 * {@code 1e-3}; identifiers are {@code [A-Za-z_][A-Za-z0-9_]*}, except the keywords {@code if else
 * let in}; {@code #} starts a comment that runs to the end of the line. The last token is always
 * {@link Kind#EOF}, placed just after the last real token so a caret points where something is
 * missing.
 */
final class Lexer {

    private static final Map<String, Kind> KEYWORDS = Map.of(
            "if", Kind.IF, "else", Kind.ELSE, "let", Kind.LET, "in", Kind.IN);

    private final String src;
    private final List<Token> tokens = new ArrayList<>();
    private int i;
    private int line = 1;
    private int lineStart;
    private Position end = new Position(1, 1);

    private Lexer(String src) {
        this.src = src;
    }

    /** The tokens of {@code source}, ending with EOF; a {@link SyntaxError} at the first bad character. */
    static List<Token> tokenize(String source) {
        Lexer lx = new Lexer(source);
        lx.run();
        return lx.tokens;
    }

    private void run() {
        while (i < src.length()) {
            char c = src.charAt(i);
            if (c == '\n') {
                i++;
                line++;
                lineStart = i;
            } else if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '#') {
                while (i < src.length() && src.charAt(i) != '\n') {
                    i++;
                }
            } else if (isDigit(c) || (c == '.' && i + 1 < src.length() && isDigit(src.charAt(i + 1)))) {
                number();
            } else if (isIdentStart(c)) {
                int start = i;
                while (i < src.length() && isIdentPart(src.charAt(i))) {
                    i++;
                }
                String word = src.substring(start, i);
                add(KEYWORDS.getOrDefault(word, Kind.IDENT), start);
            } else {
                operator(c);
            }
        }
        tokens.add(new Token(Kind.EOF, "", end));
    }

    private void number() {
        int start = i;
        skipDigits();
        if (i < src.length() && src.charAt(i) == '.') {
            i++;
            skipDigits();
        }
        if (i < src.length() && (src.charAt(i) == 'e' || src.charAt(i) == 'E')) {
            int j = i + 1;
            if (j < src.length() && (src.charAt(j) == '+' || src.charAt(j) == '-')) {
                j++;
            }
            if (j >= src.length() || !isDigit(src.charAt(j))) {
                throw error(start, "malformed number '" + src.substring(start, j)
                        + "': an exponent needs digits, as in 1e-3");
            }
            i = j;
            skipDigits();
        }
        String text = src.substring(start, i);
        if (Double.isInfinite(Double.parseDouble(text))) {
            throw error(start, "number '" + text + "' is too large");
        }
        add(Kind.NUMBER, start);
    }

    private void operator(char c) {
        int start = i;
        char next = i + 1 < src.length() ? src.charAt(i + 1) : '\0';
        Kind kind;
        int len = 1;
        switch (c) {
            case '+': kind = Kind.PLUS; break;
            case '-': kind = Kind.MINUS; break;
            case '*':
                if (next == '*') {
                    throw error(start, "unexpected '**': write a power as x^2");
                }
                kind = Kind.STAR;
                break;
            case '/': kind = Kind.SLASH; break;
            case '^': kind = Kind.CARET; break;
            case '(': kind = Kind.LPAREN; break;
            case ')': kind = Kind.RPAREN; break;
            case '[': kind = Kind.LBRACKET; break;
            case ']': kind = Kind.RBRACKET; break;
            case ',': kind = Kind.COMMA; break;
            case '=':
                if (next == '=') {
                    throw error(start, "unexpected '==': the comparisons are >, >=, < and <=");
                }
                kind = Kind.ASSIGN;
                break;
            case '>':
                kind = next == '=' ? Kind.GE : Kind.GT;
                len = next == '=' ? 2 : 1;
                break;
            case '<':
                kind = next == '=' ? Kind.LE : Kind.LT;
                len = next == '=' ? 2 : 1;
                break;
            default:
                throw error(start, "unexpected character " + show(c));
        }
        i += len;
        add(kind, start);
    }

    private static String show(char c) {
        return c >= ' ' && c < 0x7f || Character.isLetterOrDigit(c) ? "'" + c + "'"
                : String.format("U+%04X", (int) c);
    }

    private void add(Kind kind, int start) {
        Position p = new Position(line, start - lineStart + 1);
        tokens.add(new Token(kind, src.substring(start, i), p));
        end = new Position(line, i - lineStart + 1);
    }

    private SyntaxError error(int at, String detail) {
        return new SyntaxError(src, new Position(line, at - lineStart + 1), detail);
    }

    private void skipDigits() {
        while (i < src.length() && isDigit(src.charAt(i))) {
            i++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentStart(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
    }

    private static boolean isIdentPart(char c) {
        return isIdentStart(c) || isDigit(c);
    }
}
