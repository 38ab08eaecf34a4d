package dev.legends.release.analysis;

import dev.legends.core.LegendsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A successCondition or failureCondition over one measured value, written as Argo Rollouts writes
 * them ({@code result >= 0.95}, {@code result < 500 && result > 0}) or as structured thresholds
 * ({@code {min: 0.95}}, {@code {max: 500}}, both inclusive). Only {@code result}, numbers,
 * comparisons, {@code && || !} and parentheses: enough for thresholds, nothing that can run code.
 */
public record Condition(String text, Node root) {
    public boolean test(double result) {
        return root.eval(result);
    }

    @Override
    public String toString() {
        return text;
    }

    public static Condition parse(Object spec, String field) {
        if (spec == null) {
            return null;
        }
        if (spec instanceof Map<?, ?> m) {
            List<String> parts = new ArrayList<>();
            for (var e : m.entrySet()) {
                String op = switch (String.valueOf(e.getKey())) {
                    case "min" -> ">=";
                    case "max" -> "<=";
                    case "above" -> ">";
                    case "below" -> "<";
                    default -> throw LegendsException.invalid(field + ": unknown threshold '" + e.getKey() + "' (use min, max, above or below)");
                };
                if (!(e.getValue() instanceof Number)) {
                    throw LegendsException.invalid(field + "." + e.getKey() + ": '" + e.getValue() + "' is not a number");
                }
                parts.add("result " + op + " " + e.getValue());
            }
            if (parts.isEmpty()) {
                throw LegendsException.invalid(field + ": an empty threshold");
            }
            return parse(String.join(" && ", parts), field);
        }
        String text = spec.toString().trim();
        try {
            Parser p = new Parser(text);
            Node n = p.or();
            p.skipSpace();
            if (p.pos != text.length()) {
                throw p.error("unexpected '" + text.substring(p.pos) + "'");
            }
            return new Condition(text, n);
        } catch (IllegalStateException e) {
            throw LegendsException.invalid(field + ": '" + text + "': " + e.getMessage());
        }
    }

    /** A boolean or numeric node of the expression. */
    public sealed interface Node {
        default boolean eval(double result) {
            throw new IllegalStateException("not a condition");
        }

        default double value(double result) {
            throw new IllegalStateException("not a number");
        }
    }

    record Num(double v) implements Node {
        @Override
        public double value(double result) {
            return v;
        }
    }

    record Result() implements Node {
        @Override
        public double value(double result) {
            return result;
        }
    }

    record Compare(Node left, String op, Node right) implements Node {
        @Override
        public boolean eval(double result) {
            double a = left.value(result);
            double b = right.value(result);
            return switch (op) {
                case "<" -> a < b;
                case "<=" -> a <= b;
                case ">" -> a > b;
                case ">=" -> a >= b;
                case "==" -> a == b;
                default -> a != b;
            };
        }
    }

    record And(Node left, Node right) implements Node {
        @Override
        public boolean eval(double result) {
            return left.eval(result) && right.eval(result);
        }
    }

    record Or(Node left, Node right) implements Node {
        @Override
        public boolean eval(double result) {
            return left.eval(result) || right.eval(result);
        }
    }

    record Not(Node inner) implements Node {
        @Override
        public boolean eval(double result) {
            return !inner.eval(result);
        }
    }

    private static final class Parser {
        final String s;
        int pos;

        Parser(String s) {
            this.s = s;
        }

        Node or() {
            Node n = and();
            while (eat("||")) {
                n = new Or(n, and());
            }
            return n;
        }

        Node and() {
            Node n = unary();
            while (eat("&&")) {
                n = new And(n, unary());
            }
            return n;
        }

        Node unary() {
            if (eat("!")) {
                return new Not(unary());
            }
            if (eat("(")) {
                Node n = or();
                if (!eat(")")) {
                    throw error("missing ')'");
                }
                return n;
            }
            Node left = operand();
            for (String op : List.of("<=", ">=", "==", "!=", "<", ">")) {
                if (eat(op)) {
                    return new Compare(left, op, operand());
                }
            }
            throw error("expected a comparison such as result >= 0.95");
        }

        Node operand() {
            skipSpace();
            if (s.startsWith("result", pos)) {
                pos += "result".length();
                return new Result();
            }
            int start = pos;
            while (pos < s.length() && (Character.isDigit(s.charAt(pos)) || ".-+eE".indexOf(s.charAt(pos)) >= 0)) {
                pos++;
            }
            if (start == pos) {
                throw error("expected 'result' or a number at position " + start);
            }
            try {
                return new Num(Double.parseDouble(s.substring(start, pos)));
            } catch (NumberFormatException e) {
                throw error("'" + s.substring(start, pos) + "' is not a number");
            }
        }

        boolean eat(String token) {
            skipSpace();
            if (s.startsWith(token, pos)) {
                pos += token.length();
                return true;
            }
            return false;
        }

        void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        IllegalStateException error(String message) {
            return new IllegalStateException(message);
        }
    }
}
