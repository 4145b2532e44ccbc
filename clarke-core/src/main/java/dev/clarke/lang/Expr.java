package dev.clarke.lang;

import dev.clarke.ad.Comparison;
import java.util.List;
import java.util.Objects;

/**
 * A node of a parsed program. Operators are calls of the primitive they stand for: {@code a + b}
 * is {@code Call("add", [a, b])} at the {@code +}, {@code -a} is {@code Call("neg", [a])}, and
 * {@code a ^ b} is {@code Call("pow", [a, b])}. {@link #show()} prints a tree as an S-expression,
 * e.g. {@code (add 1 (mul 2 x))}.
 */
public sealed interface Expr permits Expr.Num, Expr.Ref, Expr.Call, Expr.If, Expr.Let, Expr.Vector,
        Expr.Index, Expr.Compare {

    /**
     * Where the node starts (for a call, its name; for an operator, the operator).
     *
     * @return the node's position
     */
    Position position();

    /**
     * The tree as an S-expression: {@code (f a b)}, {@code (if (> x 0) a b)}, {@code (let v e body)}, {@code [a b]}, {@code (at e 0)}.
     *
     * @return the S-expression
     */
    default String show() {
        return DeepStack.run(ExprTrees.height(this), () -> {
            StringBuilder sb = new StringBuilder();
            Show.append(sb, this);
            return sb.toString();
        });
    }

    /**
     * A number literal.
     *
     * @param value    its value, finite
     * @param position where it is written
     */
    record Num(double value, Position position) implements Expr {
        /**
         * Checks the value is finite.
         *
         * @param value the number
         * @param position where it is
         */
        public Num {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("a number literal must be finite, got " + value);
            }
            Objects.requireNonNull(position);
        }
    }

    /**
     * A variable: an input from the environment or a {@code let}-bound name.
     *
     * @param name     the name
     * @param position where it is written
     */
    record Ref(String name, Position position) implements Expr {
        /**
         * Checks for nulls.
         *
         * @param name the variable's name
         * @param position where it is
         */
        public Ref {
            Objects.requireNonNull(name);
            Objects.requireNonNull(position);
        }
    }

    /**
     * A call of a primitive by name (operators included).
     *
     * @param name     the primitive, e.g. {@code relu}
     * @param args     the arguments in order
     * @param position the name's (or operator's) position
     */
    record Call(String name, List<Expr> args, Position position) implements Expr {
        /**
         * Copies the arguments.
         *
         * @param name the function's name
         * @param args the arguments
         * @param position where the name is
         */
        public Call {
            Objects.requireNonNull(name);
            args = List.copyOf(args);
            Objects.requireNonNull(position);
        }
    }

    /**
     * The lazy conditional {@code if (test) then else otherwise}.
     *
     * @param test      the comparison deciding the branch; it contributes no derivative
     * @param then      evaluated only when the test holds
     * @param otherwise evaluated only when it does not
     * @param position  the {@code if} keyword's position
     */
    record If(Compare test, Expr then, Expr otherwise, Position position) implements Expr {
        /**
         * Checks for nulls.
         *
         * @param test the comparison
         * @param then the branch taken when it holds
         * @param otherwise the branch taken when it does not
         * @param position where {@code if} is
         */
        public If {
            Objects.requireNonNull(test);
            Objects.requireNonNull(then);
            Objects.requireNonNull(otherwise);
            Objects.requireNonNull(position);
        }
    }

    /**
     * {@code let name = value in body}: {@code name} is bound in {@code body} only.
     *
     * @param name     the bound name (may shadow an input or an outer binding)
     * @param value    the bound expression
     * @param body     the scope of the binding
     * @param position the {@code let} keyword's position
     */
    record Let(String name, Expr value, Expr body, Position position) implements Expr {
        /**
         * Checks for nulls.
         *
         * @param name the bound variable
         * @param value its value
         * @param body the expression it is bound in
         * @param position where {@code let} is
         */
        public Let {
            Objects.requireNonNull(name);
            Objects.requireNonNull(value);
            Objects.requireNonNull(body);
            Objects.requireNonNull(position);
        }
    }

    /**
     * A vector literal {@code [e1, e2, ...]}: the elements (scalars or vectors) concatenated into one
     * 1-D value.
     *
     * @param elements at least one
     * @param position the {@code [}'s position
     */
    record Vector(List<Expr> elements, Position position) implements Expr {
        /**
         * Copies the elements and checks there is at least one.
         *
         * @param elements the elements
         * @param position where the bracket is
         */
        public Vector {
            elements = List.copyOf(elements);
            if (elements.isEmpty()) {
                throw new IllegalArgumentException("a vector literal needs at least one element");
            }
            Objects.requireNonNull(position);
        }
    }

    /**
     * Indexing {@code target[index]} along the first axis, 0-based.
     *
     * @param target   the indexed expression
     * @param index    the index, at least 0
     * @param position the {@code [}'s position
     */
    record Index(Expr target, int index, Position position) implements Expr {
        /**
         * Checks the index is not negative.
         *
         * @param target the vector indexed
         * @param index the index, from 0
         * @param position where the bracket is
         */
        public Index {
            Objects.requireNonNull(target);
            if (index < 0) {
                throw new IllegalArgumentException("an index must be >= 0, got " + index);
            }
            Objects.requireNonNull(position);
        }
    }

    /**
     * A comparison {@code left OP right}; only the test of {@link If} and the first argument of
     * {@code where}.
     *
     * @param left     the left operand
     * @param op       the comparison
     * @param right    the right operand
     * @param position the operator's position
     */
    record Compare(Expr left, Comparison op, Expr right, Position position) implements Expr {
        /**
         * Checks for nulls.
         *
         * @param left the left operand
         * @param op the comparison
         * @param right the right operand
         * @param position where the operator is
         */
        public Compare {
            Objects.requireNonNull(left);
            Objects.requireNonNull(op);
            Objects.requireNonNull(right);
            Objects.requireNonNull(position);
        }
    }
}
