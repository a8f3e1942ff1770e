/**
 * The calls that send SQL text to the database, and which of their arguments are that text:
 * `cursor.execute*`, `Manager.raw`, `QuerySet.extra`, `RawSQL`, `RunSQL`. A method named `execute` counts
 * only on something that is plausibly a cursor, so `subprocess`, Celery or GraphQL `execute` calls do not.
 */
import { isCursorName, isSchemaEditorName } from '../../code-analysis/database-apis.js';
import type { CallSite } from '../../code-analysis/module-analysis.js';
import {
  argumentAt,
  argumentsOf,
  isNone,
  lastName,
  shortText,
  unwrap,
  type CallArguments,
} from '../../code-analysis/syntax.js';
import { alternatives, elementOf, type Value } from '../../code-analysis/values.js';
import type { SyntaxNode } from '../../parse/python-parser.js';
import type { Paramstyle } from './sql-text.js';

export type SinkKind = 'cursor' | 'raw' | 'extra' | 'raw-sql' | 'run-sql' | 'wrapper';

export interface SqlText {
  value: Value;
  /** The argument it came from. */
  node: SyntaxNode;
  /** What the call takes it as: `sql`, `reverse_sql`, or `.extra()`'s `where`, `select`, `tables`, `order_by`. */
  role: string;
  /** Values are passed separately, so the driver fills `%s` placeholders (and `%%` means `%`). */
  hasParams: boolean;
  /** The params argument, when it is an argument of this call. */
  paramsNode?: SyntaxNode;
  /** Placeholders the driver fills: `%s` (Django, psycopg), or `?` for sqlite3's own cursors. */
  paramstyle?: Paramstyle;
  /**
   * The driver reads `%` in this SQL (so a literal percent sign is written `%%`): with params, and always for
   * `raw()`, `extra()` and `RawSQL`, which Django executes with a (possibly empty) params list.
   */
  percentEscaped: boolean;
}

export interface SqlSink {
  kind: SinkKind;
  call: SyntaxNode;
  /** Where the finding starts: the method name (`execute`, `raw`, `extra`) or the called name (`RawSQL`). */
  anchor: SyntaxNode;
  /** How messages name it: `cursor.execute`, `Person.objects.raw`, `RawSQL`. */
  name: string;
  /** The callee as written, for fixes: `cursor.execute`, `Person.objects.raw`. */
  callee: string;
  texts: SqlText[];
  /** For a same-module function that runs its argument: the sink inside it. */
  via?: { name: string; line: number; acceptsParams: boolean };
}

const EXECUTE_METHODS = new Set(['execute', 'executemany', 'executescript']);
const EXTRA_ARGUMENTS = ['select', 'where', 'params', 'tables', 'order_by', 'select_params'];
/** Receivers of `.raw()` that are managers or querysets: `Model.objects`, `self.model._default_manager`, `qs`. */
const MANAGER_NAME = /^(objects|_default_manager|_base_manager)$|manager|queryset|^qs$|_qs$/i;
const SQL_START = /^\s*(\(\s*)?(SELECT|WITH|INSERT|UPDATE|DELETE|CALL|EXEC)\b/i;

/** A params argument that is present and not `None`. */
function given(node: SyntaxNode | undefined): SyntaxNode | undefined {
  return node && !isNone(node) ? node : undefined;
}

/** The first literal text of a value (its first part, or its first alternative's): enough to see "SELECT". */
function leadingText(value: Value): string {
  for (const option of alternatives(value)) {
    if (option.kind === 'text' && option.parts[0]?.kind === 'lit') return option.parts[0].text;
  }
  return '';
}

/** The SQL strings in a list argument (`where=[...]`, `tables=`, RunSQL's list), or the value itself. */
function itemsOf(value: Value): Value[] {
  const options = alternatives(value);
  return options.flatMap((option) =>
    option.kind === 'seq' ? [...option.items, ...(option.more ? [option.more] : [])] : [option],
  );
}

/**
 * An SQL argument with the params argument that goes with it. Django runs `raw()`, `extra()` and `RawSQL` with
 * a params list even when none is given, so their `%` is always read (`percentEscaped`); a cursor reads it
 * only when params are passed.
 */
function sqlText(
  value: Value,
  node: SyntaxNode,
  role: string,
  params: SyntaxNode | undefined,
  options: { percentEscaped?: boolean; paramstyle?: Paramstyle } = {},
): SqlText {
  return {
    value,
    node,
    role,
    hasParams: Boolean(params),
    percentEscaped: options.percentEscaped ?? true,
    ...(options.paramstyle ? { paramstyle: options.paramstyle } : {}),
    ...(params ? { paramsNode: params } : {}),
  };
}

/** Where a finding starts: the method name of `x.execute(...)`, or the called name itself. */
const anchorOf = (callee: SyntaxNode) =>
  callee.type === 'attribute' ? callee.childForFieldName('attribute')! : callee;

function cursorSink(
  call: SyntaxNode,
  callee: SyntaxNode,
  method: string,
  site: CallSite,
  args: CallArguments,
): SqlSink | undefined {
  const receiver = unwrap(callee.childForFieldName('object')!);
  const receiverName = lastName(receiver);
  const value = site.evaluator.evaluate(receiver, site.env);
  const plausible = isCursorName(receiverName) || isSchemaEditorName(receiverName) || value.kind === 'cursor';
  const sql = argumentAt(args, 0, 'sql', 'query', 'operation', 'sql_script');
  if (!plausible || !sql) return undefined;
  const params =
    method === 'executescript'
      ? undefined
      : given(argumentAt(args, 1, 'params', 'parameters', 'vars', 'args', 'seq_of_parameters'));
  const paramstyle = value.kind === 'cursor' ? value.paramstyle : undefined;
  return {
    kind: 'cursor',
    call,
    anchor: anchorOf(callee),
    name: `${shortText(receiver.text, 40)}.${method}`,
    callee: callee.text,
    texts: [
      sqlText(site.evaluator.evaluate(sql, site.env), sql, 'sql', params, {
        percentEscaped: Boolean(params),
        ...(paramstyle ? { paramstyle } : {}),
      }),
    ],
  };
}

function rawSink(call: SyntaxNode, callee: SyntaxNode, site: CallSite, args: CallArguments): SqlSink | undefined {
  const receiver = unwrap(callee.childForFieldName('object')!);
  const sql = argumentAt(args, 0, 'raw_query');
  if (!sql) return undefined;
  const value = site.evaluator.evaluate(sql, site.env);
  // `Model.people.raw(...)`: a custom manager on a model class.
  const onModelClass =
    receiver.type === 'attribute' && /^[A-Z]/.test(lastName(receiver.childForFieldName('object')) ?? '');
  if (!MANAGER_NAME.test(lastName(receiver) ?? '') && !onModelClass && !SQL_START.test(leadingText(value))) {
    return undefined;
  }
  return {
    kind: 'raw',
    call,
    anchor: anchorOf(callee),
    name: `${shortText(receiver.text, 40)}.raw`,
    callee: callee.text,
    texts: [sqlText(value, sql, 'sql', given(argumentAt(args, 1, 'params')))],
  };
}

function extraSink(call: SyntaxNode, callee: SyntaxNode, site: CallSite, args: CallArguments): SqlSink | undefined {
  const named = (name: string) => argumentAt(args, EXTRA_ARGUMENTS.indexOf(name), name);
  // Only QuerySet.extra takes these keywords; positional use needs a receiver that looks like a queryset.
  const byKeyword = EXTRA_ARGUMENTS.some((name) => args.keywords.has(name));
  const onQueryset =
    args.positional.length > 0 && MANAGER_NAME.test(lastName(callee.childForFieldName('object')) ?? '');
  if (!byKeyword && !onQueryset) return undefined;
  const evaluate = (node: SyntaxNode) => site.evaluator.evaluate(node, site.env);
  const texts: SqlText[] = [];
  const where = named('where');
  if (where) {
    const params = given(named('params'));
    for (const value of itemsOf(evaluate(where))) texts.push(sqlText(value, where, 'where', params));
  }
  const select = named('select');
  if (select) {
    const params = given(named('select_params'));
    for (const option of alternatives(evaluate(select))) {
      const values = option.kind === 'map' ? option.entries.map(([, value]) => value) : [elementOf(option)];
      for (const value of values) texts.push(sqlText(value, select, 'select', params));
    }
  }
  for (const role of ['tables', 'order_by']) {
    const node = named(role);
    if (node) for (const value of itemsOf(evaluate(node))) texts.push(sqlText(value, node, role, undefined));
  }
  if (texts.length === 0) return undefined;
  return { kind: 'extra', call, anchor: anchorOf(callee), name: '.extra()', callee: callee.text, texts };
}

function rawSqlSink(call: SyntaxNode, callee: SyntaxNode, site: CallSite, args: CallArguments): SqlSink | undefined {
  const sql = argumentAt(args, 0, 'sql');
  if (!sql) return undefined;
  const value = site.evaluator.evaluate(sql, site.env);
  return {
    kind: 'raw-sql',
    call,
    anchor: anchorOf(callee),
    name: 'RawSQL',
    callee: callee.text,
    texts: [sqlText(value, sql, 'sql', given(argumentAt(args, 1, 'params')))],
  };
}

/**
 * RunSQL takes a string, a list of strings, or a list of `(sql, params)` pairs, forwards and in reverse; the
 * schema editor runs a plain string without params, so its `%` is not read.
 */
function runSqlSink(call: SyntaxNode, callee: SyntaxNode, site: CallSite, args: CallArguments): SqlSink | undefined {
  const texts: SqlText[] = [];
  for (const [index, role] of [
    [0, 'sql'],
    [1, 'reverse_sql'],
  ] as const) {
    const node = given(argumentAt(args, index, role));
    if (!node) continue;
    for (const item of itemsOf(site.evaluator.evaluate(node, site.env))) {
      const pair = item.kind === 'seq' && item.items.length === 2;
      texts.push({
        ...sqlText(pair ? item.items[0]! : item, node, role, undefined),
        hasParams: pair,
        percentEscaped: pair,
      });
    }
  }
  if (texts.length === 0) return undefined;
  return { kind: 'run-sql', call, anchor: anchorOf(callee), name: 'RunSQL', callee: callee.text, texts };
}

/** The sink a call is, if it is one. */
export function recognizeSink(call: SyntaxNode, site: CallSite): SqlSink | undefined {
  const callee = unwrap(call.childForFieldName('function')!);
  // An imported class is known by what it is imported as: `from ... import RawSQL as Raw`.
  const name = site.evaluator.importPath(callee, site.env)?.split('.').pop() ?? lastName(callee);
  if (!name) return undefined;
  const args = argumentsOf(call);
  if (callee.type === 'attribute' && EXECUTE_METHODS.has(name)) return cursorSink(call, callee, name, site, args);
  if (callee.type === 'attribute' && name === 'raw') return rawSink(call, callee, site, args);
  if (callee.type === 'attribute' && name === 'extra') return extraSink(call, callee, site, args);
  if (name === 'RawSQL') return rawSqlSink(call, callee, site, args);
  if (name === 'RunSQL') return runSqlSink(call, callee, site, args);
  return undefined;
}
