/**
 * Same-module functions that run the SQL they are given (`def run_query(sql, params=None): cursor.execute(sql,
 * params)`): inside them the SQL is a bare parameter and nothing is wrong, so the finding belongs where they
 * are called with SQL built from values. Calls to same-module functions are recorded as the analysis reaches
 * them; once the module is done, the wrappers are known and the recorded calls are judged as sinks.
 */
import type { CallTarget } from '../../code-analysis/evaluator.js';
import type { CallSite } from '../../code-analysis/module-analysis.js';
import { selfNameOf, type FunctionFacts } from '../../code-analysis/module-scope.js';
import type { Located, TemplateArguments } from '../../code-analysis/string-building.js';
import { isNone, lastName, lineOf, unwrap } from '../../code-analysis/syntax.js';
import { alternatives, holesOf, type Value } from '../../code-analysis/values.js';
import type { SyntaxNode } from '../../parse/python-parser.js';
import type { SqlSink } from './sinks.js';

interface Wrapper {
  /** The parameter that becomes the SQL, and its position among the arguments a caller passes. */
  sql: { name: string; position: number };
  params?: { name: string; position: number };
  /** The sink it ends in: a real one, or another wrapper's. */
  sinkName: string;
  sinkLine: number;
}

interface RecordedCall {
  call: SyntaxNode;
  target: CallTarget;
  args: TemplateArguments;
  /** The function the call is in, and the scope its expressions belong to. */
  caller?: FunctionFacts;
  scope: SyntaxNode;
}

/** The parameter a value is, when it is exactly one (or SQL fragments built from one). */
function parameterOf(value: Value): string | undefined {
  for (const option of alternatives(value)) {
    if (option.kind === 'opaque' && option.origin.kind === 'parameter') return option.origin.name;
    if (option.kind === 'text') {
      const fragment = holesOf(option).find(
        (hole) => hole.fragment && hole.value.kind === 'opaque' && hole.value.origin.kind === 'parameter',
      );
      if (fragment?.value.kind === 'opaque' && fragment.value.origin.kind === 'parameter')
        return fragment.value.origin.name;
    }
  }
  return undefined;
}

/** Where a parameter of `fn` sits among the arguments callers pass (after `self` for methods). */
function positionOf(fn: FunctionFacts, name: string): number {
  const skip = selfNameOf(fn) ? 1 : 0;
  return fn.params.findIndex((param) => param.name === name) - skip;
}

function argumentFor(args: TemplateArguments, parameter: { name: string; position: number }): Located | undefined {
  return args.named.get(parameter.name) ?? (parameter.position >= 0 ? args.positional[parameter.position] : undefined);
}

export class SinkWrappers {
  private readonly wrappers = new Map<number, Wrapper>();
  private readonly calls = new Map<number, RecordedCall>();

  /** A sink inside a function: if its SQL is one of the function's parameters, the function wraps it. */
  noteSink(sink: SqlSink, site: CallSite): void {
    const fn = site.fn;
    const [text] = sink.texts;
    if (!fn || sink.texts.length !== 1 || text?.role !== 'sql' || this.wrappers.has(fn.node.id)) return;
    const sql = parameterOf(text.value);
    if (!sql) return;
    const paramsName = text.paramsNode ? parameterOf(site.evaluator.evaluate(text.paramsNode, site.env)) : undefined;
    this.add(fn, sql, paramsName, sink.name, lineOf(sink.call));
  }

  private add(fn: FunctionFacts, sql: string, params: string | undefined, sinkName: string, sinkLine: number): boolean {
    if (this.wrappers.has(fn.node.id)) return false;
    const position = positionOf(fn, sql);
    if (position < 0 && !fn.params.some((param) => param.name === sql)) return false;
    this.wrappers.set(fn.node.id, {
      sql: { name: sql, position },
      ...(params ? { params: { name: params, position: positionOf(fn, params) } } : {}),
      sinkName,
      sinkLine,
    });
    return true;
  }

  /** A call to a function of this module, with its argument values where it is made. */
  noteCall(call: SyntaxNode, site: CallSite, scope: SyntaxNode): void {
    const callee = unwrap(call.childForFieldName('function')!);
    const target = site.evaluator.sameModuleTarget(callee, site.env);
    if (!target) return;
    this.calls.set(call.id, {
      call,
      target,
      args: site.evaluator.callArguments(call, site.env),
      ...(site.fn ? { caller: site.fn } : {}),
      scope,
    });
  }

  /** The recorded calls to wrappers, as sinks, once wrappers of wrappers are known too. */
  sinks(): Array<{ sink: SqlSink; scope: SyntaxNode }> {
    // A function that passes its parameter to a wrapper wraps it too.
    for (let changed = true; changed;) {
      changed = false;
      for (const recorded of this.calls.values()) {
        const wrapper = this.wrappers.get(recorded.target.fn.node.id);
        const caller = recorded.caller;
        if (!wrapper || !caller || this.wrappers.has(caller.node.id)) continue;
        const sql = argumentFor(recorded.args, wrapper.sql);
        const forwarded = sql && parameterOf(sql.value);
        if (!forwarded) continue;
        const params = wrapper.params && argumentFor(recorded.args, wrapper.params);
        const paramsName = params ? parameterOf(params.value) : undefined;
        changed = this.add(caller, forwarded, paramsName, wrapper.sinkName, wrapper.sinkLine) || changed;
      }
    }
    const sinks: Array<{ sink: SqlSink; scope: SyntaxNode }> = [];
    for (const recorded of this.calls.values()) {
      const wrapper = this.wrappers.get(recorded.target.fn.node.id);
      const sql = wrapper && argumentFor(recorded.args, wrapper.sql);
      if (!wrapper || !sql) continue;
      const params = wrapper.params && argumentFor(recorded.args, wrapper.params);
      const hasParams = Boolean(params && !isNone(params.node));
      const callee = unwrap(recorded.call.childForFieldName('function')!);
      const anchor = callee.type === 'attribute' ? callee.childForFieldName('attribute')! : callee;
      sinks.push({
        scope: recorded.scope,
        sink: {
          kind: 'wrapper',
          call: recorded.call,
          anchor,
          name: `${lastName(callee) ?? callee.text}()`,
          callee: callee.text,
          texts: [
            {
              value: sql.value,
              node: sql.node,
              role: 'sql',
              hasParams,
              percentEscaped: hasParams,
              ...(hasParams ? { paramsNode: params!.node } : {}),
            },
          ],
          via: { name: wrapper.sinkName, line: wrapper.sinkLine, acceptsParams: Boolean(wrapper.params) },
        },
      });
    }
    return sinks;
  }
}
