package dev.clarke.pap;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints an {@link Analytic} that is a graph, not a tree, in size proportional to the graph: every
 * operation used more than once is printed once, as {@code let t1 = ... in}, and named where it is
 * used. Without sharing the text is {@link Compose#show}'s. A program of n lets that each use the
 * previous value twice has a branch of 2ⁿ tree nodes and n graph nodes; printed as a tree it would
 * not fit in memory.
 */
final class SharedShow {

    private SharedShow() {
    }

    static String show(Analytic root, List<String> names) {
        List<Analytic> shared = sharedInPostOrder(root);
        if (shared.isEmpty()) {
            return Compose.show(root, names);
        }
        String prefix = freshPrefix(names);
        Map<Analytic, String> named = new IdentityHashMap<>();
        StringBuilder sb = new StringBuilder();
        for (Analytic node : shared) {
            String text = Compose.show(node, names, named);
            String name = prefix + (named.size() + 1);
            named.put(node, name);
            sb.append("let ").append(name).append(" = ").append(text).append(" in ");
        }
        return sb.append(Compose.show(root, names, named)).toString();
    }

    /** The operations reachable from {@code root} through two or more edges, each after the ones it uses. */
    private static List<Analytic> sharedInPostOrder(Analytic root) {
        Map<Analytic, Integer> uses = new IdentityHashMap<>();
        List<Analytic> postOrder = new ArrayList<>();
        Deque<Object[]> stack = new ArrayDeque<>();
        uses.put(root, 1);
        stack.push(new Object[] {root, 0});
        while (!stack.isEmpty()) {
            Object[] top = stack.peek();
            Analytic node = (Analytic) top[0];
            List<Analytic> children = children(node);
            int next = (Integer) top[1];
            if (next == children.size()) {
                stack.pop();
                postOrder.add(node);
                continue;
            }
            top[1] = next + 1;
            Analytic child = children.get(next);
            Integer n = uses.get(child);
            uses.put(child, n == null ? 1 : n + 1);
            if (n == null) {
                stack.push(new Object[] {child, 0});
            }
        }
        List<Analytic> out = new ArrayList<>();
        for (Analytic node : postOrder) {
            if (uses.get(node) > 1 && !children(node).isEmpty()) {
                out.add(node);
            }
        }
        return out;
    }

    private static List<Analytic> children(Analytic e) {
        if (e instanceof Analytic.Call c) {
            return c.args();
        }
        if (e instanceof Analytic.Power p) {
            return List.of(p.base());
        }
        return List.of();
    }

    /** A name prefix such that no argument is called prefix + digits. */
    private static String freshPrefix(List<String> names) {
        String prefix = "t";
        while (clashes(prefix, names)) {
            prefix += "t";
        }
        return prefix;
    }

    private static boolean clashes(String prefix, List<String> names) {
        for (String n : names) {
            if (n.startsWith(prefix) && n.length() > prefix.length() && n.substring(prefix.length()).chars().allMatch(Character::isDigit)) {
                return true;
            }
        }
        return false;
    }
}
