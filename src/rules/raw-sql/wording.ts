/**
 * The words of a raw-sql-injection finding: a message that names what was built into the SQL and where it
 * came from, and a one-line fix in the parameterized form of the same sink.
 */
import { argumentsOf, childrenOf, lastName, lineOf, shortText, unwrap } from '../../code-analysis/syntax.js';
import { originOf, type Building, type Hole, type Part } from '../../code-analysis/values.js';
import type { SyntaxNode } from '../../parse/python-parser.js';
import { unsafeHoles, type Verdict } from './judgement.js';
import { parameterize, pythonString, type SqlShape } from './parameterized-fix.js';
import type { SqlSink, SqlText } from './sinks.js';
import { holePosition, scanSql } from './sql-text.js';

const HOW: Record<Building, string> = {
  'f-string': 'interpolated with an f-string',
  percent: 'formatted with `%`',
  format: 'formatted with `.format()`',
  concat: 'concatenated',
  join: 'joined',
  template: 'substituted with `string.Template`',
};

const ROLE: Record<string, string> = {
  sql: 'the SQL',
  reverse_sql: 'the reverse SQL',
  where: 'the `where` SQL',
  select: 'the `select` SQL',
  tables: 'the `tables`',
  order_by: 'the `order_by`',
};

/** "`name` (a function parameter)", "`q` (request data from `request.GET.get("q")`)". */
export function describeHole(hole: Hole): string {
  const expression = shortText(hole.node.text, 40);
  const origin = originOf(hole.value);
  if (!origin) return `\`${expression}\``;
  switch (origin.kind) {
    case 'parameter':
      return expression === origin.name
        ? `\`${expression}\` (a function parameter)`
        : `\`${expression}\` (from the parameter \`${origin.name}\`)`;
    case 'request':
      return shortText(origin.source, 40) === expression
        ? `\`${expression}\` (request data)`
        : `\`${expression}\` (request data from \`${shortText(origin.source, 50)}\`)`;
    case 'user-input':
      return `\`${expression}\` (user input from \`${shortText(origin.source, 40)}\`)`;
    default:
      return shortText(origin.source, 40) === expression
        ? `\`${expression}\` (not a constant)`
        : `\`${expression}\` (from \`${shortText(origin.source, 50)}\`, not a constant)`;
  }
}

function listOf(items: string[]): string {
  if (items.length <= 1) return items.join('');
  if (items.length <= 3) return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
  return `${items.slice(0, 2).join(', ')} and ${items.length - 2} more values`;
}

function sinkPhrase(sink: SqlSink): string {
  const via = sink.via ? `, which runs it with \`${sink.via.name}\` (line ${sink.via.line})` : '';
  return `passed to \`${sink.name}\`${via}`;
}

export function injectionMessage(verdict: Extract<Verdict, { kind: 'injection' }>): string {
  const { sink, holes, tainted, text } = verdict;
  const described = [...new Set(holes.map(describeHole))];
  const names = listOf(described);
  const verb = described.length === 1 ? 'is' : 'are';
  const how = HOW[holes[0]!.how];
  const callStart = lineOf(sink.call);
  const callEnd = sink.call.endPosition.row + 1;
  const buildLine = holes.map((hole) => lineOf(hole.node)).find((line) => line < callStart || line > callEnd);
  const built = buildLine ? ` (built on line ${buildLine})` : '';
  const consequence = tainted
    ? 'whoever controls it can rewrite the query (SQL injection)'
    : 'if it ever carries outside input, it can rewrite the query (SQL injection)';
  return `${names} ${verb} ${how} into ${ROLE[text.role] ?? 'the SQL'}${built} ${sinkPhrase(sink)}: ${consequence}.`;
}

export function quotedPlaceholderMessage(verdict: Extract<Verdict, { kind: 'quoted-placeholder' }>): string {
  const { sink, region } = verdict;
  const shown = `${region.quote}${region.placeholder}${region.quote}`;
  return `${ROLE[verdict.text.role] ?? 'The SQL'} ${sinkPhrase(sink)} puts quotes around the placeholder (\`${shown}\`): the driver quotes the value itself, so the value ends up outside a string literal, which breaks the query and can let a crafted value through.`.replace(
    /^the/,
    'The',
  );
}

/** What the call already passes as params: nothing, an empty literal (`RawSQL(sql, [])`), or values. */
function existingParams(text: SqlText): SqlShape['existing'] {
  if (!text.hasParams) return 'none';
  const node = text.paramsNode ? unwrap(text.paramsNode) : undefined;
  return node && ['list', 'tuple'].includes(node.type) && childrenOf(node).length === 0 ? 'empty' : 'some';
}

const tupleOf = (items: string[]) => `(${items.join(', ')}${items.length === 1 ? ',' : ''})`;

/** A parameterized call to the same sink, for SQL `sql` (a Python literal) and parameters `params`. */
function parameterizedCall(sink: SqlSink, sql: string, params: string[], role: string): string | undefined {
  const list = `[${params.join(', ')}]`;
  switch (sink.kind) {
    case 'cursor':
      if (/\.executescript$/.test(sink.callee)) return undefined;
      if (/\.executemany$/.test(sink.callee)) return `${sink.callee}(${sql}, rows)`;
      return `${sink.callee}(${sql}, ${list})`;
    case 'raw':
      return `${sink.callee}(${sql}, ${list})`;
    case 'raw-sql':
      return `${sink.callee}(${sql}, ${tupleOf(params)})`;
    case 'extra':
      if (role === 'where') return `.extra(where=[${sql}], params=${list})`;
      if (role === 'select') return `.extra(select={"value": ${sql}}, select_params=${tupleOf(params)})`;
      return undefined;
    case 'run-sql':
      return `${sink.callee}([(${sql}, ${list})])`;
    case 'wrapper':
      return sink.via?.acceptsParams ? `${sink.callee}(${sql}, ${list})` : undefined;
    default:
      return undefined;
  }
}

/** The list behind an IN-list hole: `ids` in `map(str, ids)`, else the expression itself. */
function listExpression(part: Part): string {
  if (part.kind !== 'hole') return 'values';
  const node = unwrap(part.node);
  const inner = node.type === 'call' && lastName(node) === 'map' ? argumentsOf(node).positional[1] : node;
  return inner && ['identifier', 'attribute'].includes(inner.type) ? inner.text : 'values';
}

/** A stand-in call for the sink when the flagged SQL cannot be rewritten as it is. */
function exampleCall(sink: SqlSink, text: SqlText, value: string): string {
  const placeholder = text.paramstyle === 'qmark' ? '?' : '%s';
  if (/\.executemany$/.test(sink.callee)) {
    return `${sink.callee}(${pythonString(`INSERT INTO ... VALUES (${placeholder}, ${placeholder})`)}, rows)`;
  }
  const sql = pythonString(text.role === 'where' ? `name = ${placeholder}` : `... WHERE name = ${placeholder}`);
  return parameterizedCall(sink, sql, [value], text.role) ?? `cursor.execute(${sql}, [${value}])`;
}

export function injectionFix(verdict: Extract<Verdict, { kind: 'injection' }>, scope: SyntaxNode): string {
  const { sink, parts, text, holes, approximate } = verdict;
  const unsafe = new Set(unsafeHoles(parts).map(({ index }) => index));
  if (!approximate && unsafe.size > 0) {
    const rewritten = parameterize(parts, unsafe, scope, {
      existing: existingParams(text),
      percentEscaped: text.percentEscaped,
      ...(text.paramstyle ? { paramstyle: text.paramstyle } : {}),
    });
    const call = rewritten && parameterizedCall(sink, rewritten.sql, rewritten.params, text.role);
    if (call && call.length <= 200) return call;
  }
  const first = holes[0]!;
  // A value taken out of a tuple or dict passed whole has no expression of its own.
  const expression = first.whole ? 'value' : shortText(first.node.text, 60);
  const index = [...unsafe][0] ?? -1;
  const isName =
    (index >= 0 && !scanSql(parts).holeQuoted.has(index) && holePosition(parts, index) === 'name') ||
    ['tables', 'order_by'].includes(text.role);
  const before = parts
    .slice(0, Math.max(index, 0))
    .map((part) => (part.kind === 'lit' ? part.text : ''))
    .join('');
  if (/\bIN\s*\(\s*$/i.test(before)) {
    const values = listExpression(parts[index]!);
    const sql = `f"... WHERE id IN ({', '.join(['%s'] * len(${values}))})"`;
    return `Use one placeholder per value: ${parameterizedCall(sink, sql, [`*${values}`], text.role) ?? `cursor.execute(${sql}, [*${values}])`}`;
  }
  if (isName) {
    return `Pick ${expression} from an allow-list of known names (or quote it with connection.ops.quote_name()) and pass values as parameters: ${exampleCall(sink, text, 'value')}`;
  }
  if (/\.executescript$/.test(sink.callee)) {
    return `executescript() takes no parameters: run the statement with ${sink.callee.replace(/executescript$/, 'execute')}(${pythonString('... WHERE name = ?')}, [${expression}])`;
  }
  return `Pass ${expression} as a parameter instead: ${exampleCall(sink, text, expression)}`;
}

export function quotedPlaceholderFix(verdict: Extract<Verdict, { kind: 'quoted-placeholder' }>): string {
  const { sink, parts, region, text } = verdict;
  // The SQL with the quoted literal around the placeholder replaced by the bare placeholder.
  let sql = '';
  let content: string | undefined;
  let pattern = '';
  parts.forEach((part, index) => {
    if (part.kind === 'hole') {
      if (content === undefined) sql += `{${part.node.text}}`;
      return;
    }
    for (let offset = 0; offset < part.text.length; offset++) {
      if (index === region.start.part && offset === region.start.offset) content = '';
      else if (content !== undefined && index === region.end.part && offset === region.end.offset) {
        sql += region.placeholder;
        pattern = content;
        content = undefined;
      } else if (content !== undefined) content += part.text[offset];
      else sql += part.text[offset];
    }
  });
  const literal = pythonString(
    sql,
    parts.some((part) => part.kind === 'hole'),
  );
  // LIKE wildcards written around the placeholder (`'%%%s%%'`) move into the value itself.
  const wildcards = pattern !== region.placeholder;
  const asPattern = (value: string) =>
    pythonString(pattern.replace(/%%/g, '%').replace(region.placeholder, `{${value}}`), true);
  const paramsNode = text.paramsNode ? unwrap(text.paramsNode) : undefined;
  const items = paramsNode && ['list', 'tuple'].includes(paramsNode.type) ? childrenOf(paramsNode) : undefined;
  let params = paramsNode ? shortText(paramsNode.text, 80) : 'params';
  let note = '';
  if (wildcards && items?.[region.index]) {
    const values = items.map((item, i) => (i === region.index ? asPattern(item.text) : item.text));
    params = paramsNode!.type === 'list' ? `[${values.join(', ')}]` : tupleOf(values);
  } else if (wildcards) note = `, with the wildcards in the value: ${asPattern('value')}`;
  let call: string;
  if (sink.kind === 'extra') {
    call =
      text.role === 'select'
        ? `.extra(select={"value": ${literal}}, select_params=${params})`
        : `.extra(where=[${literal}], params=${params})`;
  } else if (sink.kind === 'run-sql') call = `${sink.callee}([(${literal}, params)])`;
  else call = `${sink.callee}(${literal}, ${params})`;
  return `Remove the quotes around the placeholder: ${call}${note}`;
}
