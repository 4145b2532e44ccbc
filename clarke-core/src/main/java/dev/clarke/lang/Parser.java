package dev.clarke.lang;

import dev.clarke.ad.Comparison;
import dev.clarke.lang.Builtin.ArgKind;
import dev.clarke.lang.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Recursive-descent parser, lowest precedence first:
 *
 * <pre>
 * program  = expr EOF
 * expr     = term (("+" | "-") term)*
 * term     = unary (("*" | "/") unary)*
 * unary    = "-" unary | power
 * power    = postfix ("^" unary)?                  right-associative, above unary minus
 * postfix  = primary ("[" INTEGER "]")*
 * primary  = NUMBER | NAME | NAME "(" args ")" | "(" expr ")" | "[" expr ("," expr)* "]"
 *          | "let" NAME "=" expr "in" expr | "if" "(" test ")" expr "else" expr
 * test     = expr (">" | ">=" | "<" | "<=") expr  only in if and as where's first argument
 * </pre>
 *
 * {@code let} and {@code if} extend as far right as they can. Calls are checked against
 * {@link Builtins} as they are parsed: the name, the number of arguments, and the arguments that
 * must be number literals.
 */
final class Parser {

    /** Deepest nesting of parentheses, calls, unary minus, powers, let and if. */
    static final int MAX_NESTING = 200;
    /** Tallest tree, counting chained operators ({@code 1+1+...}) and indexing ({@code v[0][0]...}) too. */
    static final int MAX_HEIGHT = 2000;

    private final String source;
    private final List<Token> tokens;
    private int at;
    private int nesting;
    private int height;

    private Parser(String source) {
        this.source = source;
        this.tokens = Lexer.tokenize(source);
    }

    /** The tree of {@code source}, or a {@link SyntaxError}. */
    static Expr parse(String source) {
        Parser p = new Parser(source);
        Expr e = p.expr();
        p.expect(Kind.EOF, "end of input");
        return e;
    }

    private Expr expr() {
        Expr left = term();
        int chain = 0;
        while (peek().kind() == Kind.PLUS || peek().kind() == Kind.MINUS) {
            Token op = next();
            chain++;
            grow(1, op);
            left = call(op.kind() == Kind.PLUS ? "add" : "sub", op, left, term());
        }
        height -= chain;
        return left;
    }

    private Expr term() {
        Expr left = unary();
        int chain = 0;
        while (peek().kind() == Kind.STAR || peek().kind() == Kind.SLASH) {
            Token op = next();
            chain++;
            grow(1, op);
            left = call(op.kind() == Kind.STAR ? "mul" : "div", op, left, unary());
        }
        height -= chain;
        return left;
    }

    private Expr unary() {
        if (peek().kind() != Kind.MINUS) {
            return power();
        }
        Token minus = next();
        enter(minus);
        Expr operand = unary();
        leave();
        return call("neg", minus, operand);
    }

    private Expr power() {
        Expr base = postfix();
        if (peek().kind() != Kind.CARET) {
            return base;
        }
        Token caret = next();
        enter(caret);
        Expr exponent = unary();
        leave();
        return call("pow", caret, base, exponent);
    }

    private Expr postfix() {
        Expr e = primary();
        int chain = 0;
        while (peek().kind() == Kind.LBRACKET) {
            Token open = next();
            chain++;
            grow(1, open);
            Token index = next();
            if (index.kind() != Kind.NUMBER || !index.text().chars().allMatch(Character::isDigit)) {
                throw error(index, "expected an integer index but found " + index.describe());
            }
            int i;
            try {
                i = Integer.parseInt(index.text());
            } catch (NumberFormatException tooLarge) {
                throw error(index, "index " + index.text() + " is too large");
            }
            expect(Kind.RBRACKET, "']'");
            e = new Expr.Index(e, i, open.position());
        }
        height -= chain;
        return e;
    }

    private Expr primary() {
        Token t = peek();
        switch (t.kind()) {
            case NUMBER:
                next();
                return new Expr.Num(Double.parseDouble(t.text()), t.position());
            case IDENT:
                next();
                return peek().kind() == Kind.LPAREN ? callByName(t) : new Expr.Ref(t.text(), t.position());
            case LPAREN: {
                next();
                enter(t);
                Expr e = expr();
                leave();
                expect(Kind.RPAREN, "')'");
                return e;
            }
            case LBRACKET:
                return vector();
            case LET:
                return let();
            case IF:
                return conditional();
            default:
                throw error(t, "expected an expression but found " + t.describe());
        }
    }

    private Expr vector() {
        Token open = next();
        enter(open);
        List<Expr> elements = new ArrayList<>();
        elements.add(expr());
        while (peek().kind() == Kind.COMMA) {
            next();
            elements.add(expr());
        }
        leave();
        expect(Kind.RBRACKET, "',' or ']'");
        return new Expr.Vector(elements, open.position());
    }

    private Expr let() {
        Token let = next();
        enter(let);
        Token name = next();
        if (name.kind() != Kind.IDENT) {
            throw error(name, "expected a variable name but found " + name.describe());
        }
        expect(Kind.ASSIGN, "'='");
        Expr value = expr();
        expect(Kind.IN, "'in'");
        Expr body = expr();
        leave();
        return new Expr.Let(name.text(), value, body, let.position());
    }

    private Expr conditional() {
        Token kw = next();
        enter(kw);
        expect(Kind.LPAREN, "'('");
        Expr.Compare test = test();
        expect(Kind.RPAREN, "')'");
        Expr then = expr();
        expect(Kind.ELSE, "'else'");
        Expr otherwise = expr();
        leave();
        return new Expr.If(test, then, otherwise, kw.position());
    }

    private Expr.Compare test() {
        Expr left = expr();
        Token op = peek();
        if (!op.isComparison()) {
            throw error(op, "expected a comparison ('>', '>=', '<' or '<=') but found " + op.describe());
        }
        next();
        return new Expr.Compare(left, Comparison.bySymbol(op.text()), expr(), op.position());
    }

    private Expr callByName(Token name) {
        Builtin b = Builtins.lookup(name.text());
        if (b == null) {
            String hint = Builtins.suggest(name.text(), Builtins.names());
            throw error(name, "unknown function '" + name.text() + "'" + (hint == null ? "" : ": did you mean '" + hint + "'?"));
        }
        next();
        enter(name);
        List<Expr> args = new ArrayList<>();
        if (peek().kind() != Kind.RPAREN) {
            do {
                args.add(b.kind(args.size()) == ArgKind.TEST ? test() : expr());
            } while (peek().kind() == Kind.COMMA && next() != null);
        }
        leave();
        expect(Kind.RPAREN, args.size() >= b.maxArgs() ? "')'" : "',' or ')'");
        if (!b.accepts(args.size())) {
            throw error(name, b.arityMessage(args.size()));
        }
        for (int i = 0; i < args.size(); i++) {
            checkLiteral(b, i, args.get(i));
        }
        return new Expr.Call(b.name(), args, name.position());
    }

    private void checkLiteral(Builtin b, int i, Expr arg) {
        ArgKind kind = b.kind(i);
        if (kind != ArgKind.NUMBER && kind != ArgKind.INDEX) {
            return;
        }
        Double v = Builtins.fold(arg);
        if (v == null) {
            throw new SyntaxError(source, arg.position(), b.name() + ": " + b.label(i)
                    + " must be a number literal" + (kind == ArgKind.INDEX ? " (an integer >= 0)" : ""));
        }
        if (kind == ArgKind.INDEX && (v != Math.rint(v) || v < 0 || v > Integer.MAX_VALUE)) {
            throw new SyntaxError(source, arg.position(), b.name() + ": " + b.label(i)
                    + " must be an integer >= 0, got " + Show.number(v));
        }
    }

    private Expr call(String name, Token op, Expr... args) {
        return new Expr.Call(name, List.of(args), op.position());
    }

    // ---- tokens ------------------------------------------------------------------------------

    private Token peek() {
        return tokens.get(at);
    }

    private Token next() {
        Token t = tokens.get(at);
        if (t.kind() != Kind.EOF) {
            at++;
        }
        return t;
    }

    private Token expect(Kind kind, String what) {
        Token t = peek();
        if (t.kind() != kind) {
            String hint = t.isComparison()
                    ? " (a comparison may only be the test of 'if (...)' or the first argument of 'where')" : "";
            throw error(t, "expected " + what + " but found " + t.describe() + hint);
        }
        return next();
    }

    private void enter(Token t) {
        nesting++;
        grow(1, t);
        if (nesting > MAX_NESTING) {
            throw error(t, "the expression is nested too deeply (more than " + MAX_NESTING + " levels)");
        }
    }

    private void leave() {
        nesting--;
        height--;
    }

    private void grow(int by, Token t) {
        height += by;
        if (height > MAX_HEIGHT) {
            throw error(t, "the expression is too deep (more than " + MAX_HEIGHT + " levels of operators)");
        }
    }

    private SyntaxError error(Token t, String detail) {
        return new SyntaxError(source, t.position(), detail);
    }
}
