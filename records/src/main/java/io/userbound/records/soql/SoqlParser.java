package io.userbound.records.soql;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Recursive-descent parser for the SOQL subset described in the package documentation. Stateless and thread-safe.
 *
 * <p>Over 400 lines on purpose: one method per production of one grammar, read top to bottom in the grammar's order;
 * split across classes, a production and the ones it calls would no longer sit together.
 */
public final class SoqlParser {
    /** Longest accepted query, in chars (Salesforce's documented SOQL statement limit). */
    public static final int MAX_LENGTH = 100_000;
    /** Deepest accepted nesting of parentheses and NOT in a WHERE clause. */
    public static final int MAX_DEPTH = 100;

    /** Words that never name a field or object (Salesforce's reserved SOQL keywords). */
    private static final Set<String> RESERVED = Set.of("AND", "ASC", "DESC", "EXCLUDES", "FIRST", "FROM", "GROUP",
            "HAVING", "IN", "INCLUDES", "LAST", "LIKE", "LIMIT", "NOT", "NULL", "NULLS", "OR", "SELECT", "WHERE",
            "WITH");
    /** Words after the object name that start a clause instead of being an alias. */
    private static final Set<String> NOT_ALIAS = Set.of("ORDER", "OFFSET", "FOR", "USING", "UPDATE", "TYPEOF");
    private static final Set<String> AGGREGATES = Set.of("AVG", "COUNT", "COUNT_DISTINCT", "MIN", "MAX", "SUM");

    private final String src;
    private final List<Token> tokens;
    private int pos;
    private int depth;

    private SoqlParser(String src, List<Token> tokens) {
        this.src = src;
        this.tokens = tokens;
    }

    /**
     * Parses one query.
     *
     * @param soql the query text; null or blank is rejected
     * @return the query tree; never null
     * @throws SoqlException always {@link SoqlErrorCode#MALFORMED_QUERY}, for any input that is not in the subset
     */
    public static SoqlQuery parse(String soql) {
        String text = soql == null ? "" : soql;
        if (text.length() > MAX_LENGTH) {
            throw SoqlException.malformed(text, 0,
                    "SOQL statements cannot be longer than " + MAX_LENGTH + " characters");
        }
        SoqlParser parser = new SoqlParser(text, SoqlLexer.tokenize(text));
        return parser.query();
    }

    private SoqlQuery query() {
        expectKeyword("SELECT");
        Selection selection = selection();
        expectKeyword("FROM");
        Token objectName = expectName();
        Optional<String> alias = peek().is(Token.Type.IDENT) && isName(peek()) && !NOT_ALIAS.contains(upper(peek()))
                ? Optional.of(next().text()) : Optional.empty();
        ObjectRef from = new ObjectRef(objectName.text(), objectName.start(), alias);
        rejectIfKeyword("USING", "USING SCOPE is not supported");

        Optional<Condition> where = Optional.empty();
        if (acceptKeyword("WHERE")) {
            where = Optional.of(condition());
        }
        SecurityMode security = SecurityMode.NONE;
        if (peek().isKeyword("WITH")) {
            next();
            Token mode = next();
            if (mode.isKeyword("SECURITY_ENFORCED")) {
                security = SecurityMode.SECURITY_ENFORCED;
            } else if (mode.isKeyword("USER_MODE")) {
                security = SecurityMode.USER_MODE;
            } else if (mode.isKeyword("DATA")) {
                throw malformed(mode, "WITH DATA CATEGORY is not supported");
            } else {
                throw unexpected(mode);
            }
        }
        rejectIfKeyword("GROUP", "GROUP BY is not supported");
        rejectIfKeyword("HAVING", "HAVING is not supported");
        List<OrderItem> orderBy = List.of();
        if (acceptKeyword("ORDER")) {
            expectKeyword("BY");
            orderBy = orderBy();
        }
        Optional<IntLiteral> limit = Optional.empty();
        if (acceptKeyword("LIMIT")) {
            limit = Optional.of(nonNegativeInt("LIMIT"));
        }
        Optional<IntLiteral> rowOffset = Optional.empty();
        if (acceptKeyword("OFFSET")) {
            rowOffset = Optional.of(nonNegativeInt("OFFSET"));
        }
        if (peek().isKeyword("FOR") || peek().isKeyword("UPDATE")) {
            Token first = peek();
            Token second = peek(1);
            String what = second.is(Token.Type.IDENT) ? upper(first) + " " + upper(second) : upper(first);
            throw malformed(first, what + " is not supported");
        }
        if (!peek().is(Token.Type.EOF)) {
            throw unexpected(peek());
        }
        Selection stripped = stripAlias(selection, alias);
        return new SoqlQuery(src, stripped, from, where.map(c -> stripAlias(c, alias)), security,
                orderBy.stream().map(o -> new OrderItem(stripAlias(o.field(), alias), o.direction(), o.nulls(),
                        o.offset())).toList(), limit, rowOffset);
    }

    // ---------------------------------------------------------------- SELECT list

    private Selection selection() {
        Token first = peek();
        if (first.isKeyword("COUNT") && peek(1).is(Token.Type.LPAREN)) {
            if (peek(2).is(Token.Type.RPAREN)) {
                pos += 3;
                return new Selection.CountAll(first.start());
            }
            throw malformed(first, "COUNT(field) is not supported; only COUNT() is");
        }
        List<FieldPath> fields = new ArrayList<>();
        fields.add(selectItem());
        while (accept(Token.Type.COMMA)) {
            fields.add(selectItem());
        }
        return new Selection.Fields(fields);
    }

    private FieldPath selectItem() {
        Token t = peek();
        if (t.is(Token.Type.LPAREN) && peek(1).isKeyword("SELECT")) {
            throw malformed(t, "Sub-queries are not supported");
        }
        // TYPEOF starts a clause only before a name ("TYPEOF What WHEN ..."); before FROM or a comma it is a field
        // name, as it is after an alias (a.TYPEOF), so that both spellings read alike (found by SoqlCoverageFuzzTest)
        if (t.isKeyword("TYPEOF") && isName(peek(1))) {
            throw malformed(t, "TYPEOF is not supported");
        }
        if (t.is(Token.Type.IDENT) && peek(1).is(Token.Type.LPAREN)) {
            if (t.isKeyword("COUNT") && peek(2).is(Token.Type.RPAREN)) {
                throw malformed(t, "COUNT() must be the only element in the SELECT list");
            }
            throw unsupportedFunction(t);
        }
        return fieldPath();
    }

    private SoqlException unsupportedFunction(Token name) {
        String upper = upper(name);
        if (upper.equals("COUNT")) {
            return malformed(name, "COUNT(field) is not supported; only COUNT() is");
        }
        if (AGGREGATES.contains(upper)) {
            return malformed(name, "Aggregate function " + upper + "() is not supported");
        }
        return malformed(name, "Function " + name.text() + "() is not supported");
    }

    private FieldPath fieldPath() {
        Token first = expectName();
        List<String> names = new ArrayList<>();
        List<Integer> offsets = new ArrayList<>();
        names.add(first.text());
        offsets.add(first.start());
        while (accept(Token.Type.DOT)) {
            Token segment = expectName();
            names.add(segment.text());
            offsets.add(segment.start());
        }
        return new FieldPath(names, offsets, first.start());
    }

    // ---------------------------------------------------------------- WHERE

    /** condition := unary { AND unary } | unary { OR unary } -- AND and OR never mix without parentheses. */
    private Condition condition() {
        Condition first = unary();
        Token op = peek();
        boolean isAnd = op.isKeyword("AND");
        if (!isAnd && !op.isKeyword("OR")) {
            return first;
        }
        String other = isAnd ? "OR" : "AND";
        List<Condition> operands = new ArrayList<>();
        operands.add(first);
        while (acceptKeyword(isAnd ? "AND" : "OR")) {
            operands.add(unary());
            if (peek().isKeyword(other)) {
                throw unexpected(peek());
            }
        }
        return isAnd ? new Condition.And(operands, first.offset()) : new Condition.Or(operands, first.offset());
    }

    /** unary := NOT unary | '(' condition ')' | comparison */
    private Condition unary() {
        Token t = peek();
        if (t.isKeyword("NOT") || t.is(Token.Type.LPAREN)) {
            if (++depth > MAX_DEPTH) {
                throw malformed(t, "Conditions nested deeper than " + MAX_DEPTH + " levels are not supported");
            }
            try {
                next();
                if (t.isKeyword("NOT")) {
                    return new Condition.Not(unary(), t.start());
                }
                if (peek().isKeyword("SELECT")) {
                    throw malformed(t, "Sub-queries are not supported");
                }
                Condition inner = condition();
                expectRightParen();
                return inner;
            } finally {
                depth--;
            }
        }
        return comparison();
    }

    private Condition comparison() {
        Token start = peek();
        if (start.is(Token.Type.IDENT) && peek(1).is(Token.Type.LPAREN) && isName(start)) {
            throw unsupportedFunction(start);
        }
        if (start.is(Token.Type.COLON)) {
            throw malformed(start, "Bind variables only allowed in Apex code");
        }
        FieldPath field = fieldPath();
        Token op = next();
        if (op.is(Token.Type.OPERATOR)) {
            return new Condition.Comparison(field, operator(op.text()), value(), field.offset(), op.start());
        }
        if (op.isKeyword("LIKE")) {
            return new Condition.Comparison(field, ComparisonOperator.LIKE, stringValue(), field.offset(), op.start());
        }
        if (op.isKeyword("IN")) {
            return new Condition.SetComparison(field, SetOperator.IN, valueList(false), field.offset(), op.start());
        }
        if (op.isKeyword("NOT")) {
            expectKeyword("IN");
            return new Condition.SetComparison(field, SetOperator.NOT_IN, valueList(false), field.offset(),
                    op.start());
        }
        if (op.isKeyword("INCLUDES") || op.isKeyword("EXCLUDES")) {
            SetOperator set = op.isKeyword("INCLUDES") ? SetOperator.INCLUDES : SetOperator.EXCLUDES;
            return new Condition.SetComparison(field, set, valueList(true), field.offset(), op.start());
        }
        throw unexpected(op);
    }

    private static ComparisonOperator operator(String text) {
        switch (text) {
            case "=": return ComparisonOperator.EQ;
            case "!=": case "<>": return ComparisonOperator.NE;
            case "<": return ComparisonOperator.LT;
            case "<=": return ComparisonOperator.LE;
            case ">": return ComparisonOperator.GT;
            case ">=": return ComparisonOperator.GE;
            default: throw new IllegalStateException("lexer produced operator " + text);
        }
    }

    private List<Value> valueList(boolean stringsOnly) {
        Token open = peek();
        if (!open.is(Token.Type.LPAREN)) {
            if (open.is(Token.Type.COLON)) {
                throw malformed(open, "Bind variables only allowed in Apex code");
            }
            throw unexpected(open);
        }
        next();
        if (peek().isKeyword("SELECT")) {
            throw malformed(open, "Sub-queries are not supported");
        }
        List<Value> values = new ArrayList<>();
        values.add(stringsOnly ? stringValue() : value());
        while (accept(Token.Type.COMMA)) {
            values.add(stringsOnly ? stringValue() : value());
        }
        expectRightParen();
        return values;
    }

    private Value.StringValue stringValue() {
        Token t = peek();
        if (t.is(Token.Type.STRING)) {
            next();
            return (Value.StringValue) t.value();
        }
        if (t.is(Token.Type.COLON)) {
            throw malformed(t, "Bind variables only allowed in Apex code");
        }
        throw unexpected(t);
    }

    private Value value() {
        Token t = next();
        switch (t.type()) {
            case STRING:
                return (Value.StringValue) t.value();
            case NUMBER:
                return new Value.NumberValue((BigDecimal) t.value(), t.text(), t.start());
            case DATE:
                return new Value.DateValue((LocalDate) t.value(), t.text(), t.start());
            case DATETIME:
                return new Value.DateTimeValue((OffsetDateTime) t.value(), t.text(), t.start());
            case COLON:
                throw malformed(t, "Bind variables only allowed in Apex code");
            case LPAREN:
                if (peek().isKeyword("SELECT")) {
                    throw malformed(t, "Sub-queries are not supported");
                }
                throw unexpected(t);
            case IDENT:
                return identifierValue(t);
            default:
                throw unexpected(t);
        }
    }

    private Value identifierValue(Token t) {
        if (t.isKeyword("NULL")) {
            return new Value.NullValue(t.start());
        }
        if (t.isKeyword("TRUE") || t.isKeyword("FALSE")) {
            return new Value.BooleanValue(t.isKeyword("TRUE"), t.start());
        }
        Optional<DateLiteralKind> kind = DateLiteralKind.fromSoql(t.text());
        if (kind.isEmpty()) {
            if (peek().is(Token.Type.LPAREN)) {
                throw unsupportedFunction(t);
            }
            throw unexpected(t);
        }
        if (!kind.get().isParameterised()) {
            return new Value.DateLiteral(kind.get(), 0, t.start());
        }
        Token colon = next();
        if (!colon.is(Token.Type.COLON) || colon.start() != t.end()) {
            throw malformed(colon, "Date literal " + kind.get().name() + " needs a parameter, e.g. "
                    + kind.get().name() + ":7");
        }
        Token n = next();
        if (!n.is(Token.Type.NUMBER) || n.start() != colon.end() || !isUnsignedInteger(n.text())) {
            throw unexpected(n);
        }
        BigDecimal value = (BigDecimal) n.value();
        if (value.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
            throw malformed(n, "Date literal parameter " + n.text() + " is larger than " + Integer.MAX_VALUE);
        }
        return new Value.DateLiteral(kind.get(), value.intValueExact(), t.start());
    }

    // ---------------------------------------------------------------- ORDER BY, LIMIT, OFFSET

    private List<OrderItem> orderBy() {
        List<OrderItem> items = new ArrayList<>();
        do {
            Token start = peek();
            if (start.is(Token.Type.IDENT) && peek(1).is(Token.Type.LPAREN) && isName(start)) {
                throw unsupportedFunction(start);
            }
            FieldPath field = fieldPath();
            OrderItem.Direction direction = OrderItem.Direction.ASC;
            if (acceptKeyword("DESC")) {
                direction = OrderItem.Direction.DESC;
            } else {
                acceptKeyword("ASC");
            }
            OrderItem.Nulls nulls = OrderItem.Nulls.DEFAULT;
            if (acceptKeyword("NULLS")) {
                Token which = next();
                if (which.isKeyword("FIRST")) {
                    nulls = OrderItem.Nulls.FIRST;
                } else if (which.isKeyword("LAST")) {
                    nulls = OrderItem.Nulls.LAST;
                } else {
                    throw unexpected(which);
                }
            }
            items.add(new OrderItem(field, direction, nulls, field.offset()));
        } while (accept(Token.Type.COMMA));
        return items;
    }

    private IntLiteral nonNegativeInt(String clause) {
        Token t = next();
        if (t.is(Token.Type.COLON)) {
            throw malformed(t, "Bind variables only allowed in Apex code");
        }
        if (!t.is(Token.Type.NUMBER) || !isUnsignedInteger(t.text())) {
            throw unexpected(t);
        }
        BigDecimal value = (BigDecimal) t.value();
        if (value.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
            throw malformed(t, clause + " must be a non-negative integer no greater than " + Integer.MAX_VALUE
                    + ", found '" + t.text() + "'");
        }
        return new IntLiteral(value.intValueExact(), t.start());
    }

    private static boolean isUnsignedInteger(String text) {
        return !text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    // ---------------------------------------------------------------- alias stripping

    private static Selection stripAlias(Selection selection, Optional<String> alias) {
        if (alias.isEmpty() || selection instanceof Selection.CountAll) {
            return selection;
        }
        return new Selection.Fields(((Selection.Fields) selection).fields().stream()
                .map(f -> stripAlias(f, alias)).toList());
    }

    private static Condition stripAlias(Condition condition, Optional<String> alias) {
        if (alias.isEmpty()) {
            return condition;
        }
        if (condition instanceof Condition.And) {
            Condition.And and = (Condition.And) condition;
            return new Condition.And(and.operands().stream().map(c -> stripAlias(c, alias)).toList(), and.offset());
        }
        if (condition instanceof Condition.Or) {
            Condition.Or or = (Condition.Or) condition;
            return new Condition.Or(or.operands().stream().map(c -> stripAlias(c, alias)).toList(), or.offset());
        }
        if (condition instanceof Condition.Not) {
            Condition.Not not = (Condition.Not) condition;
            return new Condition.Not(stripAlias(not.operand(), alias), not.offset());
        }
        if (condition instanceof Condition.Comparison) {
            Condition.Comparison c = (Condition.Comparison) condition;
            return new Condition.Comparison(stripAlias(c.field(), alias), c.operator(), c.value(), c.offset(),
                    c.operatorOffset());
        }
        Condition.SetComparison s = (Condition.SetComparison) condition;
        return new Condition.SetComparison(stripAlias(s.field(), alias), s.operator(), s.values(), s.offset(),
                s.operatorOffset());
    }

    private static FieldPath stripAlias(FieldPath path, Optional<String> alias) {
        if (alias.isEmpty() || path.segments().size() < 2 || !path.segments().get(0).equalsIgnoreCase(alias.get())) {
            return path;
        }
        int n = path.segments().size();
        return new FieldPath(path.segments().subList(1, n), path.segmentOffsets().subList(1, n), path.offset());
    }

    // ---------------------------------------------------------------- token helpers

    private Token peek() {
        return peek(0);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token t = peek();
        if (pos < tokens.size() - 1) {
            pos++;
        }
        return t;
    }

    private boolean accept(Token.Type type) {
        if (peek().is(type)) {
            next();
            return true;
        }
        return false;
    }

    private boolean acceptKeyword(String keyword) {
        if (peek().isKeyword(keyword)) {
            next();
            return true;
        }
        return false;
    }

    private void expectKeyword(String keyword) {
        Token t = next();
        if (!t.isKeyword(keyword)) {
            throw unexpected(t);
        }
    }

    private void rejectIfKeyword(String keyword, String detail) {
        if (peek().isKeyword(keyword)) {
            throw malformed(peek(), detail);
        }
    }

    private void expectRightParen() {
        Token t = next();
        if (!t.is(Token.Type.RPAREN)) {
            throw malformed(t, "expecting a right parentheses, found '" + t.display() + "'");
        }
    }

    /** An identifier usable as a field, object or alias name. */
    private Token expectName() {
        Token t = next();
        if (!isName(t)) {
            if (t.is(Token.Type.COLON)) {
                throw malformed(t, "Bind variables only allowed in Apex code");
            }
            throw unexpected(t);
        }
        return t;
    }

    private static boolean isName(Token t) {
        return t.is(Token.Type.IDENT) && !RESERVED.contains(upper(t));
    }

    private static String upper(Token t) {
        return t.text().toUpperCase(Locale.ROOT);
    }

    private SoqlException unexpected(Token t) {
        return malformed(t, "unexpected token: '" + t.display() + "'");
    }

    private SoqlException malformed(Token t, String detail) {
        return SoqlException.malformed(src, t.start(), detail);
    }
}
