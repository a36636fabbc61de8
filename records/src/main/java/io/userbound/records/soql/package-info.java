/**
 * The SOQL subset: a hand-written lexer and recursive-descent parser producing an immutable tree that the planner
 * compiles to parameterised SQL. Entry point: {@link io.userbound.records.soql.SoqlParser#parse(String)}; every
 * failure is a {@link io.userbound.records.soql.SoqlException} rendered in Salesforce's
 * {@code ERROR at Row:r:Column:c} format. Every node that an error can point at carries a 0-based char offset into
 * {@link io.userbound.records.soql.SoqlQuery#source()}.
 *
 * <h2>Grammar</h2>
 * Keywords are case-insensitive; identifiers keep their case. Whitespace (space, tab, CR, LF, FF) may appear
 * between any two tokens. Queries longer than {@value io.userbound.records.soql.SoqlParser#MAX_LENGTH} chars are
 * rejected.
 * <pre>
 * query      := SELECT selection FROM name [alias] [WHERE condition]
 *               [WITH (SECURITY_ENFORCED | USER_MODE)]
 *               [ORDER BY order {, order}] [LIMIT uint] [OFFSET uint]
 * selection  := COUNT '(' ')' | path {, path}
 * path       := name {'.' name}            -- a leading "alias." is stripped when FROM has an alias
 * condition  := unary {AND unary} | unary {OR unary}   -- AND and OR never mix without parentheses
 * unary      := NOT unary | '(' condition ')' | path compare
 * compare    := ('=' | '!=' | '&lt;&gt;' | '&lt;' | '&lt;=' | '&gt;' | '&gt;=') value
 *             | LIKE string
 *             | [NOT] IN '(' value {, value} ')'
 *             | (INCLUDES | EXCLUDES) '(' string {, string} ')'
 * value      := NULL | TRUE | FALSE | string | number | date | datetime | dateLiteral
 * string     := "'" { char | '\' ('n'|'N'|'r'|'R'|'t'|'T'|'b'|'B'|'f'|'F'|'"'|"'"|'\'|'_'|'%'|'u' hex4) } "'"
 * number     := ['-' | '+'] digits ['.' digits]
 * date       := yyyy-MM-dd
 * datetime   := yyyy-MM-dd'T'HH:mm:ss['.' fraction] ('Z' | ('+'|'-') HH[':']mm)
 * dateLiteral:= TODAY | YESTERDAY | TOMORROW | LAST_WEEK | THIS_WEEK | NEXT_WEEK | LAST_MONTH | THIS_MONTH
 *             | NEXT_MONTH | LAST_90_DAYS | NEXT_90_DAYS | THIS_YEAR | LAST_YEAR | NEXT_YEAR
 *             | (LAST_N_DAYS | NEXT_N_DAYS | N_DAYS_AGO | LAST_N_MONTHS | NEXT_N_MONTHS) ':' uint  -- no spaces
 * order      := path [ASC | DESC] [NULLS (FIRST | LAST)]
 * uint       := digits, at most 2147483647
 * name       := [A-Za-z_][A-Za-z0-9_]*, not a reserved word (AND ASC DESC EXCLUDES FIRST FROM GROUP HAVING IN
 *               INCLUDES LAST LIKE LIMIT NOT NULL NULLS OR SELECT WHERE WITH)
 * </pre>
 * Not in the subset, each rejected as {@code MALFORMED_QUERY} with a detail naming it: {@code COUNT(field)} and
 * other aggregate or scalar functions, {@code GROUP BY}, {@code HAVING}, sub-queries and semi-joins,
 * {@code TYPEOF}, {@code USING SCOPE}, {@code WITH DATA CATEGORY}, {@code FOR UPDATE/VIEW/REFERENCE}, and Apex
 * bind variables ({@code :x}). Conditions nest at most {@value io.userbound.records.soql.SoqlParser#MAX_DEPTH}
 * levels deep.
 *
 * <p>The parser checks syntax only: whether objects and fields exist, relationship depth, operator/type
 * compatibility and duplicate fields are the compiler's, which reports them with
 * {@link io.userbound.records.soql.SoqlException#invalidField} and
 * {@link io.userbound.records.soql.SoqlException#invalidType}. Relative date literals resolve with
 * {@link io.userbound.records.soql.DateLiteralRange}.
 */
package io.userbound.records.soql;
