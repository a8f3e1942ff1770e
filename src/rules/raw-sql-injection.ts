import { analyseModule } from '../code-analysis/module-analysis.js';
import type { SyntaxNode } from '../parse/python-parser.js';
import { spanOf } from '../parse/span.js';
import { judge, type Verdict } from './raw-sql/judgement.js';
import { SinkWrappers } from './raw-sql/sink-wrappers.js';
import { recognizeSink } from './raw-sql/sinks.js';
import { injectionFix, injectionMessage, quotedPlaceholderFix, quotedPlaceholderMessage } from './raw-sql/wording.js';
import type { CodeRule, ReportedProblem } from './rule.js';

/** A file is parsed for this rule only if it mentions one of the sinks (`.execute` covers executemany/executescript). */
const SINK_WORDS = ['.execute', 'raw(', 'extra(', 'RawSQL', 'RunSQL'] as const;

/**
 * What the rule deliberately does not flag, each a named case in the tests (__tests__/fixtures/raw-sql) and a
 * line in the docs.
 */
export const SAFE_PATTERNS: ReadonlyArray<{ name: string; example: string }> = [
  { name: 'constant SQL', example: '`cursor.execute("SELECT count(*) FROM shop_order")`' },
  {
    name: 'constants combined',
    example: 'concatenations, f-strings, `%` and `.format()` of constants only: `"SELECT * FROM " + "shop_order"`',
  },
  {
    name: 'module-level constant',
    example:
      '`ORDERS = "shop_order"` at module level (or `ORDERS: Final = ...`, a class attribute, an ALL_CAPS import, an attribute of an imported class such as an enum member), then `f"SELECT * FROM {ORDERS}"`',
  },
  { name: 'params', example: '`cursor.execute("SELECT * FROM shop_order WHERE id = %s", [order_id])`' },
  {
    name: 'psycopg composition',
    example: '`sql.SQL("SELECT * FROM {} WHERE id = %s").format(sql.Identifier(table))` from psycopg or psycopg2',
  },
  {
    name: 'quote_name',
    example:
      "`connection.ops.quote_name(column)` (or `schema_editor.quote_name`, the compiler's `qn`) around an identifier",
  },
  { name: 'placeholder list', example: '`", ".join(["%s"] * len(ids))`, `",".join("%s" for _ in ids)`' },
  {
    name: 'model metadata',
    example: '`Order._meta.db_table`, `Order._meta.get_field("total").column`, fields of `_meta.get_fields()`',
  },
  {
    name: 'allow-list',
    example:
      'a value checked against constants first (`if sort not in ("name", "created"): raise ...`), or looked up in a dict of constants',
  },
  {
    name: 'numbers',
    example: '`int(limit)`, `len(ids)`, `f"{n:d}"`, `"LIMIT %d" % n`, a value checked with `.isdigit()`',
  },
  { name: 'primary keys', example: '`obj.pk`, `obj.id`, `request.user.pk` (an integer or a UUID cannot carry SQL)' },
  {
    name: 'ORM-compiled SQL',
    example:
      '`sql, params = qs.query.sql_with_params()` or `where.as_sql(compiler, connection)` pasted into a query, with its params passed along',
  },
];

/**
 * The functions worth analysing: those that mention a sink, and (transitively) those that call one of them,
 * since a function that runs the SQL it is given is reported where it is called.
 */
function functionFilter(root: SyntaxNode): (definition: SyntaxNode) => boolean {
  const functions = root.descendantsOfType('function_definition').filter((node): node is SyntaxNode => node !== null);
  const texts = new Map(functions.map((fn) => [fn.id, fn.text]));
  const wanted = new Set<number>();
  // Calls to these names make a function worth analysing: aliases of the sink classes, then wrappers found.
  const names = new Set<string>();
  for (const alias of root.descendantsOfType('aliased_import')) {
    const imported = alias?.childForFieldName('name')?.text ?? '';
    const local = alias?.childForFieldName('alias')?.text;
    if (local && /(^|\.)(RawSQL|RunSQL)$/.test(imported)) names.add(local);
  }
  for (let round = 0, changed = true; changed && round < 5; round++) {
    changed = false;
    for (const fn of functions) {
      if (wanted.has(fn.id)) continue;
      const text = texts.get(fn.id)!;
      if (SINK_WORDS.some((word) => text.includes(word)) || [...names].some((name) => text.includes(`${name}(`))) {
        wanted.add(fn.id);
        const name = fn.childForFieldName('name')?.text;
        if (name) names.add(name);
        changed = true;
      }
    }
  }
  return (definition) => wanted.has(definition.id);
}

function problemOf(verdict: Verdict, scope: SyntaxNode, file: string): ReportedProblem {
  const start = spanOf(verdict.sink.anchor, file);
  const end = spanOf(verdict.sink.call, file);
  const span = { ...start, endLine: end.endLine, endColumn: end.endColumn };
  if (verdict.kind === 'quoted-placeholder') {
    return { span, level: 'warning', message: quotedPlaceholderMessage(verdict), fix: quotedPlaceholderFix(verdict) };
  }
  return {
    span,
    level: verdict.tainted ? 'error' : 'warning',
    message: injectionMessage(verdict),
    fix: injectionFix(verdict, scope),
  };
}

export const rawSqlInjection: CodeRule = {
  kind: 'code',
  id: 'raw-sql-injection',
  level: 'error',
  summary: 'SQL text is built from values instead of passing them as parameters',
  djangoChecks: [],
  seedItem: 9,
  securitySeverity: 8.8,
  tags: ['security', 'code', 'sql-injection', 'external/cwe/cwe-089'],
  words: SINK_WORDS,
  check({ source, report }) {
    const root = source.tree.rootNode;
    const verdicts = new Map<number, { verdict: Verdict; scope: SyntaxNode }>();
    const wrappers = new SinkWrappers();
    analyseModule(root, {
      wants: functionFilter(root),
      call(call, site) {
        const scope = site.fn?.node ?? root;
        const sink = recognizeSink(call, site);
        if (!sink) {
          wrappers.noteCall(call, site, scope);
          return;
        }
        wrappers.noteSink(sink, site);
        // A call inside a loop is reached once per pass; the last pass saw the most general values.
        const verdict = judge(sink);
        if (verdict) verdicts.set(call.id, { verdict, scope });
      },
    });
    for (const { sink, scope } of wrappers.sinks()) {
      const verdict = judge(sink);
      if (verdict) verdicts.set(sink.call.id, { verdict, scope });
    }
    const ordered = [...verdicts.values()].sort(
      (a, b) => a.verdict.sink.call.startIndex - b.verdict.sink.call.startIndex,
    );
    for (const { verdict, scope } of ordered) report(problemOf(verdict, scope, source.file));
  },
  docs: {
    what: "Flags SQL text built from values (with an f-string, `%`, `.format()`, `+`, `join()` or `string.Template`) that reaches `cursor.execute()`, `executemany()` or `executescript()`, `Model.objects.raw()`, `QuerySet.extra()`, `RawSQL()` or a migration's `RunSQL`, following the value through local variables, reassignments, branches and loops, module-level constants and simple helpers of the same module. It also flags quotes around `%s` placeholders.",
    why: "The ORM escapes every value it puts in a query; raw SQL leaves that to you. A value formatted into the SQL string becomes part of the statement, so a crafted value (`' OR '1'='1`, `1; DROP TABLE ...`) changes what the database runs: it can read other users' data, bypass a login, or destroy tables. Passing values separately lets the database driver quote them, whatever they contain. Quoting a placeholder yourself (`'%s'`) undoes that: the driver adds its own quotes around the value, which breaks the query and can let a crafted value escape the literal.",
    example: `from django.db import connection

def search(request):
    term = request.GET.get("q", "")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, name FROM shop_product WHERE name LIKE '%{term}%'")
        return cursor.fetchall()`,
    useInstead: `from django.db import connection

def search(request):
    term = request.GET.get("q", "")
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, name FROM shop_product WHERE name LIKE %s", [f"%{term}%"])
        return cursor.fetchall()`,
    notes: [
      'Level: an error when a value comes from a function parameter, from the request (`request.GET`, `request.POST`, `request.data`, `self.request`, `self.kwargs`), from `input()` or from `sys.argv`; a warning for any other non-constant (an attribute, a setting, the result of a call), which is injectable as soon as outside input reaches it.',
      'The message names each value and where it came from ("`name` (a function parameter) is interpolated with an f-string into the SQL passed to `cursor.execute`"); the fix is the same call in parameterized form, built from the flagged SQL where every value stands where a parameter can go.',
      'A quoted placeholder (`"... WHERE name = \'%s\'"` passed with params) is a warning of its own: remove the quotes, and put LIKE wildcards in the parameter (`f"%{term}%"`).',
      ...SAFE_PATTERNS.map((pattern) => `Not flagged (${pattern.name}): ${pattern.example}.`),
      "`execute` counts only on something that is plausibly a cursor: the result of `.cursor()` (also through `with ... as c`), a sqlite3 or psycopg connection, Django's `schema_editor`, a parameter or attribute named like a cursor (`cursor`, `cur`, `*_cursor`) or annotated as one. `subprocess`, Celery, GraphQL clients and `self.execute` in unrelated classes are left alone.",
      'Values whose name says they are SQL themselves (`base_sql`, `where_clause`, `subquery`) are taken as SQL built elsewhere, not as interpolated data; a same-module function that runs the SQL it is given is reported where it is called with built SQL. Names imported from other modules in ALL_CAPS are taken as constants.',
      'The analysis stays within one module. SQL returned whole by a function of another module is not seen as built here (`cursor.execute(build_query(name))` passes); a piece of SQL such a function returns is a non-constant value (an error when the call is given a parameter or request data, else a warning). Calls to functions of the same module and to methods through `self` are followed (up to three calls deep); nested functions and lambdas are analysed with the variables they close over.',
      "Fixes use the driver's placeholder: `%s` for Django's cursors and psycopg, `?` for sqlite3's own connections.",
    ],
    references: [
      { title: 'Django: Performing raw SQL queries', url: 'https://docs.djangoproject.com/en/stable/topics/db/sql/' },
      {
        title: 'Django security: SQL injection protection',
        url: 'https://docs.djangoproject.com/en/stable/topics/security/#sql-injection-protection',
      },
      { title: 'QuerySet.extra()', url: 'https://docs.djangoproject.com/en/stable/ref/models/querysets/#extra' },
      {
        title: 'RawSQL expressions',
        url: 'https://docs.djangoproject.com/en/stable/ref/models/expressions/#raw-sql-expressions',
      },
      { title: 'psycopg: the sql module', url: 'https://www.psycopg.org/psycopg3/docs/api/sql.html' },
      {
        title: 'OWASP SQL Injection Prevention Cheat Sheet',
        url: 'https://cheatsheetseries.owasp.org/cheatsheets/SQL_Injection_Prevention_Cheat_Sheet.html',
      },
      { title: 'CWE-89: SQL Injection', url: 'https://cwe.mitre.org/data/definitions/89.html' },
    ],
  },
};
