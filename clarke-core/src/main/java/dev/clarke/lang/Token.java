package dev.clarke.lang;

/**
 * One token of the source text.
 *
 * @param kind     what it is
 * @param text     the characters as written (empty at the end of input)
 * @param position where it starts
 */
record Token(Kind kind, String text, Position position) {

    /** The kinds of token. */
    enum Kind {
        NUMBER, IDENT, IF, ELSE, LET, IN,
        PLUS, MINUS, STAR, SLASH, CARET, LPAREN, RPAREN, LBRACKET, RBRACKET, COMMA, ASSIGN,
        GT, GE, LT, LE, EOF
    }

    /** The token as named in "expected ... but found X": {@code 'else'}, or {@code end of input}. */
    String describe() {
        return kind == Kind.EOF ? "end of input" : "'" + text + "'";
    }

    /** Whether this is one of the comparison operators {@code > >= < <=}. */
    boolean isComparison() {
        return kind == Kind.GT || kind == Kind.GE || kind == Kind.LT || kind == Kind.LE;
    }
}
