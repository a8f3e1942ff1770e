/**
 * Evaluates Python expressions to abstract values (values.ts), given the variables at that point of a function.
 * It models what matters for how strings are built and where their pieces come from, and turns the rest into
 * `opaque` values that remember their origin.
 */
import type { SyntaxNode } from '../parse/python-parser.js';
import {
  CONNECT_FUNCTIONS,
  isOrmSqlMethod,
  QMARK_CONNECT_FUNCTIONS,
  isCursorName,
  META_FIELD_LISTS,
  psycopgSqlClass,
  QUOTE_FUNCTIONS,
  VIEW_REQUEST_ATTRIBUTES,
} from './database-apis.js';
import { isNumericSpec } from '../python/format.js';
import { builtinCall, methodCall, NUMBER_METHODS } from './call-results.js';
import { narrow } from './guards.js';
import type { ClassFacts, FunctionFacts, ModuleScope } from './module-scope.js';
import { evaluateConstant } from '../python/constant-expression.js';
import { literalText, readString } from '../python/literals.js';
import {
  concat,
  expand,
  isSqlFragmentName,
  partsOf,
  percentFormat,
  type Located,
  type TemplateArguments,
} from './string-building.js';
import { argumentsOf, childrenOf, lastName, lineOf, unwrap } from './syntax.js';
import {
  alternatives,
  charactersOf,
  constantText,
  either,
  elementOf,
  isTainted,
  literal,
  opaque,
  originOf,
  safe,
  seq,
  text,
  type Origin,
  type Part,
  type Value,
} from './values.js';

/** A function's variables at one point of its body. */
export type Env = Map<string, Value>;

/** A call into a function of the same module: a helper, or a method through `self`. */
export interface CallTarget {
  fn: FunctionFacts;
  /** The value bound to the first parameter of a method. */
  self?: Value;
}

export interface Frame {
  module: ModuleScope;
  /** Inside a method: its class, and the name of its `self` (or `cls`) parameter. */
  cls?: ClassFacts;
  selfName?: string;
  /** Variables of enclosing functions, for closures. */
  outer?: (name: string) => Value | undefined;
  /** Follows a call into a same-module function and returns what it returns, or undefined when it will not. */
  follow?: (target: CallTarget, args: TemplateArguments) => Value | undefined;
}

const ALL_CAPS = /^_*[A-Z][A-Z0-9_]*$/;
export class Evaluator {
  constructor(readonly frame: Frame) {}

  evaluate(node: SyntaxNode, env: Env): Value {
    const current = unwrap(node);
    switch (current.type) {
      case 'string':
      case 'concatenated_string':
        return this.string(current, env);
      case 'integer':
      case 'float':
        return safe('number');
      case 'true':
      case 'false':
      case 'not_operator':
      case 'comparison_operator':
        return safe('boolean');
      case 'none':
        return safe('none');
      case 'identifier':
        return this.name(current, env);
      case 'attribute':
        return this.attribute(current, env);
      case 'subscript':
        return this.subscript(current, env);
      case 'call':
        return this.constant(current) ?? this.call(current, env);
      case 'binary_operator':
        return this.constant(current) ?? this.binary(current, env);
      case 'conditional_expression': {
        const [consequence, , alternative] = childrenOf(current);
        return either([consequence, alternative].filter(Boolean).map((branch) => this.evaluate(branch!, env)));
      }
      case 'boolean_operator': {
        const left = current.childForFieldName('left');
        const right = current.childForFieldName('right');
        return either([left, right].filter(Boolean).map((side) => this.evaluate(side!, env)));
      }
      case 'unary_operator': {
        const argument = this.evaluate(current.childForFieldName('argument')!, env);
        return argument.kind === 'safe' ? argument : this.derived(current, [argument]);
      }
      case 'list':
      case 'tuple':
      case 'set':
      case 'expression_list':
        return this.sequence(current, env);
      case 'dictionary':
        return this.dictionary(current, env);
      case 'list_comprehension':
      case 'set_comprehension':
      case 'generator_expression':
      case 'dictionary_comprehension':
        return this.comprehension(current, env);
      case 'await':
        return childrenOf(current)[0] ? this.evaluate(childrenOf(current)[0]!, env) : safe('none');
      case 'named_expression': {
        const value = current.childForFieldName('value');
        return value ? this.evaluate(value, env) : safe('none');
      }
      default:
        return this.other(current);
    }
  }

  /**
   * An expression of literals alone (`"%-10s" % "id"`, `", ".join(["a", "b"])`, `"{:>4}".format("x")`) has
   * the exact value Python gives it: text, or a number.
   */
  private constant(node: SyntaxNode): Value | undefined {
    const value = evaluateConstant(node);
    if (value?.kind === 'str') return literal(value.value);
    if (value?.kind === 'int' || value?.kind === 'float') return safe('number');
    return undefined;
  }

  /** A value of unknown content, named by its expression. */
  other(node: SyntaxNode): Value {
    return opaque({ kind: 'other', source: node.text, line: lineOf(node) });
  }

  /** A value computed from `sources` by something the analysis does not model: it keeps their origin. */
  derived(node: SyntaxNode, sources: readonly Value[], viaReceiver = false): Value {
    const origins = sources.map(originOf).filter((origin): origin is Origin => origin !== undefined);
    const origin = origins.find(isTainted) ?? origins[0];
    // Other values are named by the expression that computed them, the closest thing to a reason.
    if (!origin || origin.kind === 'other') return this.other(node);
    // Request data read through a chain (`request.GET.get("q")`) is named by the whole read.
    if (viaReceiver && origin.kind !== 'parameter') return opaque({ ...origin, source: node.text, line: lineOf(node) });
    return opaque(origin);
  }

  /** A name's value: local, enclosing function, module; builtins and unknown globals are opaque. */
  lookup(name: string, env: Env): Value | undefined {
    const local = env.get(name) ?? this.frame.outer?.(name);
    if (local) return local;
    if (env === this.frame.module.env) return undefined;
    if (this.frame.module.rebound.has(name)) return undefined;
    return this.frame.module.env.get(name);
  }

  private name(node: SyntaxNode, env: Env): Value {
    const value = this.lookup(node.text, env);
    if (value?.kind === 'import') return this.imported(value.path, node);
    return value ?? this.other(node);
  }

  /** The dotted import path an expression names (`sql.SQL` after `from psycopg2 import sql`), if any. */
  importPath(node: SyntaxNode, env: Env): string | undefined {
    const current = unwrap(node);
    if (current.type === 'identifier') {
      const value = this.lookup(current.text, env);
      return value?.kind === 'import' ? value.path : undefined;
    }
    if (current.type === 'attribute') {
      const attribute = current.childForFieldName('attribute')!.text;
      // `Order._meta` is model metadata even when `Order` is imported.
      if (attribute === '_meta') return undefined;
      const base = this.importPath(current.childForFieldName('object')!, env);
      return base ? `${base}.${attribute}` : undefined;
    }
    return undefined;
  }

  /** What an imported name is worth as data. */
  private imported(path: string, node: SyntaxNode): Value {
    if (path === 'sys.argv' || path.startsWith('sys.argv.')) {
      return opaque({ kind: 'user-input', source: node.text, line: lineOf(node) });
    }
    const segments = path.split('.');
    const last = segments[segments.length - 1]!;
    // Settings may come from the environment; other ALL_CAPS names are constants by convention.
    if (ALL_CAPS.test(last) && !/(^|\.)settings\.[^.]+$/.test(path)) return safe('imported-constant');
    // An attribute of an imported class (`Status.ACTIVE`, `NotifyLevel.none`) is a class constant.
    const owner = segments[segments.length - 2];
    if (owner && /^[A-Z][A-Za-z0-9]*$/.test(owner) && !ALL_CAPS.test(owner) && last !== 'objects') {
      return safe('imported-constant');
    }
    return this.other(node);
  }

  private string(node: SyntaxNode, env: Env): Value {
    const pieces = readString(node);
    const fields = pieces.flatMap((piece) => (piece.kind === 'field' ? [piece] : []));
    if (fields.length === 0) return literal(pieces.map((piece) => (piece.kind === 'text' ? piece.text : '')).join(''));
    const constant = this.constant(node);
    if (constant) return constant;
    const values = fields.map((field) =>
      isNumericSpec(field.spec) ? safe('number') : this.evaluate(field.expression, env),
    );
    return expand(values, (chosen) => {
      const parts: Part[] = [];
      let index = 0;
      for (const piece of pieces) {
        if (piece.kind === 'text') parts.push({ kind: 'lit', text: piece.text });
        else parts.push(...partsOf(chosen[index++]!, piece.expression, 'f-string'));
      }
      return text(
        parts,
        chosen.some((value) => value.kind === 'text' && value.approximate),
      );
    });
  }

  private selfAttribute(cls: ClassFacts, attribute: string, node: SyntaxNode): Value {
    if (VIEW_REQUEST_ATTRIBUTES.has(attribute))
      return opaque({ kind: 'request', source: node.text, line: lineOf(node) });
    const assigned = cls.selfAssignments.get(attribute) ?? [];
    const cursorLike = (expression: SyntaxNode) => {
      const value = unwrap(expression);
      return value.type === 'call' && ['cursor', 'connect'].includes(lastName(value) ?? '');
    };
    if (isCursorName(attribute) || assigned.some(cursorLike)) return { kind: 'cursor' };
    const classValue = cls.env.get(attribute);
    const literals = assigned.map((expression) => literalText(unwrap(expression)));
    if (literals.every((value) => value !== undefined)) {
      const options = [...(classValue ? [classValue] : []), ...literals.map((value) => literal(value!))];
      if (options.length > 0) return either(options);
    }
    return this.other(node);
  }

  private attribute(node: SyntaxNode, env: Env): Value {
    const objectNode = unwrap(node.childForFieldName('object')!);
    const attribute = node.childForFieldName('attribute')!.text;
    const path = this.importPath(node, env);
    if (path) return this.imported(path, node);
    const { cls, selfName } = this.frame;
    if (cls && selfName && objectNode.type === 'identifier' && objectNode.text === selfName) {
      return this.selfAttribute(cls, attribute, node);
    }
    if (objectNode.type === 'identifier' && !this.lookup(objectNode.text, env)) {
      const named = this.frame.module.classes.get(objectNode.text)?.env.get(attribute);
      if (named) return named;
    }
    if (attribute === '_meta') return { kind: 'model-meta' };
    // A model's primary key is a number (or a UUID): it cannot carry SQL. (`_meta.pk` is the field.)
    if ((attribute === 'pk' || attribute === 'id') && lastName(objectNode) !== '_meta') return safe('primary-key');
    if (QUOTE_FUNCTIONS.has(attribute)) return { kind: 'quote-function' };
    const object = this.evaluate(objectNode, env);
    return this.attributeOf(object, attribute, node);
  }

  private attributeOf(object: Value, attribute: string, node: SyntaxNode): Value {
    switch (object.kind) {
      case 'model-meta':
        if (attribute === 'pk') return { kind: 'model-field' };
        if (META_FIELD_LISTS.has(attribute)) return seq([], { kind: 'model-field' });
        return safe('model-metadata');
      case 'model-field':
        return safe('model-metadata');
      case 'either':
        return either(object.options.map((option) => this.attributeOf(option, attribute, node)));
      case 'cursor':
        return NUMBER_METHODS.has(attribute) ? safe('number') : this.other(node);
      case 'safe':
        // `obj.pk.hex`, `int(n).real`: what cannot carry SQL still cannot.
        return object.reason === 'none' ? this.other(node) : object;
      default:
        return this.derived(node, [object], true);
    }
  }

  private subscript(node: SyntaxNode, env: Env): Value {
    const object = this.evaluate(node.childForFieldName('value')!, env);
    const keyNode = node.childForFieldName('subscript');
    if (keyNode?.type === 'slice') {
      // `sql[:-5]` trims a trailing " AND ": the text stays, approximately.
      return object.kind === 'text'
        ? text(object.parts, true)
        : object.kind === 'seq'
          ? object
          : this.derived(node, [object], true);
    }
    const key = keyNode ? this.evaluate(keyNode, env) : safe('none');
    return this.item(object, key, node);
  }

  item(object: Value, key: Value, node: SyntaxNode): Value {
    switch (object.kind) {
      case 'map': {
        const wanted = constantText(key);
        const hit =
          wanted === undefined ? undefined : object.entries.find(([entryKey]) => constantText(entryKey) === wanted);
        if (hit) return hit[1];
        // An unknown key into a dict of constants picks one of its values: an allow-list lookup.
        return object.entries.length
          ? either(object.entries.map(([, value]) => value))
          : this.derived(node, [object], true);
      }
      case 'seq':
        return elementOf(object);
      case 'text':
        return charactersOf(object) ?? this.derived(node, [object], true);
      case 'either':
        return either(object.options.map((option) => this.item(option, key, node)));
      case 'model-meta':
      case 'model-field':
        return safe('model-metadata');
      case 'safe':
        // `as_sql()` returns (sql, params): both parts are the ORM's.
        return object.reason === 'orm-sql' ? object : this.derived(node, [object], true);
      default:
        return this.derived(node, [object], true);
    }
  }

  private sequence(node: SyntaxNode, env: Env): Value {
    const items: Value[] = [];
    const more: Value[] = [];
    for (const child of childrenOf(node)) {
      if (child.type === 'list_splat' || child.type === 'parenthesized_list_splat') {
        const inner = childrenOf(child)[0];
        if (inner) {
          const splatted = this.evaluate(inner, env);
          if (splatted.kind === 'seq') {
            items.push(...splatted.items);
            if (splatted.more) more.push(splatted.more);
          } else more.push(elementOf(splatted));
        }
      } else items.push(this.evaluate(child, env));
    }
    return seq(items, more.length ? either(more) : undefined);
  }

  private dictionary(node: SyntaxNode, env: Env): Value {
    const entries: Array<readonly [Value, Value]> = [];
    for (const child of childrenOf(node)) {
      if (child.type !== 'pair') continue;
      const key = child.childForFieldName('key');
      const value = child.childForFieldName('value');
      if (key && value) entries.push([this.evaluate(key, env), this.evaluate(value, env)]);
    }
    return { kind: 'map', entries };
  }

  /**
   * `[f"{c} = %s" for c in columns if c in ALLOWED]`: one item, evaluated with the loop variables bound to an
   * element and narrowed by the conditions.
   */
  private comprehension(node: SyntaxNode, env: Env): Value {
    const scope: Env = new Map(env);
    for (const clause of childrenOf(node)) {
      if (clause.type === 'if_clause') {
        const condition = childrenOf(clause)[0];
        if (condition) narrow(condition, true, scope, this);
        continue;
      }
      if (clause.type !== 'for_in_clause') continue;
      const left = clause.childForFieldName('left');
      const right = clause.childForFieldName('right');
      if (left && right) this.bind(left, elementOf(this.evaluate(right, scope)), scope);
    }
    const body = node.childForFieldName('body');
    if (!body) return seq([]);
    if (body.type === 'pair') {
      const key = body.childForFieldName('key');
      const value = body.childForFieldName('value');
      return { kind: 'map', entries: key && value ? [[this.evaluate(key, scope), this.evaluate(value, scope)]] : [] };
    }
    return seq([], this.evaluate(body, scope));
  }

  /** Binds an assignment or loop target (`x`, `a, b`, `[first, *rest]`) to a value. */
  bind(target: SyntaxNode, value: Value, env: Env): void {
    const current = unwrap(target);
    switch (current.type) {
      case 'identifier':
        env.set(current.text, value);
        return;
      case 'pattern_list':
      case 'tuple_pattern':
      case 'list_pattern':
      case 'tuple':
      case 'list':
      case 'expression_list': {
        const targets = childrenOf(current);
        targets.forEach((item, index) => {
          if (item.type === 'list_splat_pattern' || item.type === 'list_splat') {
            const name = childrenOf(item)[0];
            if (name) this.bind(name, seq([], elementOf(value)), env);
          } else this.bind(item, this.itemAt(value, index, targets.length), env);
        });
        return;
      }
      default:
        return;
    }
  }

  /** The `index`th of `count` values unpacked from `value`. */
  private itemAt(value: Value, index: number, count: number): Value {
    if (value.kind === 'seq' && !value.more && value.items.length === count) return value.items[index]!;
    if (value.kind === 'either') return either(value.options.map((option) => this.itemAt(option, index, count)));
    return elementOf(value);
  }

  private binary(node: SyntaxNode, env: Env): Value {
    const leftNode = node.childForFieldName('left')!;
    const rightNode = node.childForFieldName('right')!;
    const operator = node.childForFieldName('operator')?.text;
    if (operator === '+') {
      return concat(
        { value: this.evaluate(leftNode, env), node: leftNode },
        { value: this.evaluate(rightNode, env), node: rightNode },
      );
    }
    if (operator === '%') {
      const left = this.evaluate(leftNode, env);
      const isText = alternatives(left).some((option) => option.kind === 'text');
      // `x % y` with `x` unknown is a format when `y` is shaped like format arguments or `x` is named like SQL.
      const rightShape = unwrap(rightNode).type;
      const formatting = ['tuple', 'dictionary', 'string', 'concatenated_string'].includes(rightShape);
      const template = isSqlFragmentName(leftNode) || /query|template|fmt|format/i.test(lastName(leftNode) ?? '');
      const unknown = alternatives(left).every((option) => option.kind === 'opaque');
      if (isText || (unknown && (formatting || template))) {
        return percentFormat({ value: left, node: leftNode }, this.templateArguments(rightNode, env));
      }
      return safe('number');
    }
    if (operator === '*') {
      const left = this.evaluate(leftNode, env);
      const right = this.evaluate(rightNode, env);
      const repeated = left.kind === 'seq' || left.kind === 'text' ? left : right;
      if (repeated.kind === 'seq') return seq([], elementOf(repeated));
      if (repeated.kind === 'text') return text(repeated.parts, true);
      return safe('number');
    }
    return safe('number');
  }

  /** The right operand of `%`: a tuple fills fields in order, a dict fills named fields, anything else is one value. */
  private templateArguments(node: SyntaxNode, env: Env): TemplateArguments {
    const current = unwrap(node);
    if (current.type === 'tuple') {
      return {
        positional: childrenOf(current).map((item) => ({ value: this.evaluate(item, env), node: item })),
        named: new Map(),
      };
    }
    if (current.type === 'dictionary') {
      const named = new Map<string, Located>();
      for (const pair of childrenOf(current)) {
        const key = pair.childForFieldName('key');
        const value = pair.childForFieldName('value');
        const name = key ? literalText(unwrap(key)) : undefined;
        if (name !== undefined && value) named.set(name, { value: this.evaluate(value, env), node: value });
      }
      return { positional: [], named };
    }
    // A variable holding the tuple or dict: its items fill the fields, named by the variable (see Hole.whole).
    return { positional: [], named: new Map(), rest: { value: this.evaluate(current, env), node: current } };
  }

  /** Arguments of a call, evaluated. */
  callArguments(call: SyntaxNode, env: Env): TemplateArguments {
    const args = argumentsOf(call);
    const named = new Map<string, Located>();
    for (const [name, node] of args.keywords) named.set(name, { value: this.evaluate(node, env), node });
    const splat = args.splats[0];
    return {
      positional: args.positional.map((node) => ({ value: this.evaluate(node, env), node })),
      named,
      ...(splat ? { rest: { value: this.evaluate(splat, env), node: splat } } : {}),
    };
  }

  /** The same-module function a call calls, if it is one: a module-level function, or a method through `self`. */
  sameModuleTarget(callee: SyntaxNode, env: Env): CallTarget | undefined {
    const { module, cls, selfName } = this.frame;
    if (callee.type === 'identifier') {
      if (env !== module.env && (env.has(callee.text) || this.frame.outer?.(callee.text))) return undefined;
      const fn = module.functions.get(callee.text);
      return fn ? { fn } : undefined;
    }
    if (callee.type !== 'attribute') return undefined;
    const objectNode = unwrap(callee.childForFieldName('object')!);
    const method = callee.childForFieldName('attribute')!.text;
    if (cls && selfName && objectNode.type === 'identifier' && objectNode.text === selfName) {
      const fn = cls.methods.get(method);
      return fn ? { fn, self: env.get(selfName) } : undefined;
    }
    if (objectNode.type === 'identifier' && !this.lookup(objectNode.text, env)) {
      const fn = module.classes.get(objectNode.text)?.methods.get(method);
      return fn ? { fn } : undefined;
    }
    return undefined;
  }

  private call(node: SyntaxNode, env: Env): Value {
    const callee = unwrap(node.childForFieldName('function')!);
    const name = lastName(callee);
    if (name && QUOTE_FUNCTIONS.has(name)) return safe('quoted-identifier');

    const path = this.importPath(callee, env);
    if (path) {
      const imported = this.importedCall(path, node, env);
      if (imported) return imported;
    }
    const target = this.sameModuleTarget(callee, env);
    if (target && this.frame.follow) {
      const result = this.frame.follow(target, this.callArguments(node, env));
      if (result) return result;
    }
    if (callee.type === 'identifier') return builtinCall(this, callee.text, node, env);
    if (callee.type === 'attribute') {
      const method = callee.childForFieldName('attribute')!.text;
      const receiverNode = callee.childForFieldName('object')!;
      if (isOrmSqlMethod(method, lastName(receiverNode))) return safe('orm-sql');
      const receiver = this.evaluate(receiverNode, env);
      // A cursor takes the placeholder style of the connection it comes from.
      if (method === 'cursor') return receiver.kind === 'cursor' ? receiver : { kind: 'cursor' };
      return methodCall(this, receiver, method, node, env);
    }
    return this.derived(node, [this.evaluate(callee, env)]);
  }

  private importedCall(path: string, node: SyntaxNode, env: Env): Value | undefined {
    if (QMARK_CONNECT_FUNCTIONS.has(path)) return { kind: 'cursor', paramstyle: 'qmark' };
    if (CONNECT_FUNCTIONS.has(path)) return { kind: 'cursor' };
    const args = argumentsOf(node);
    const first = args.positional[0];
    if (path === 'string.Template') return { kind: 'template', text: first ? this.evaluate(first, env) : literal('') };
    if (path === 'textwrap.dedent' || path === 'inspect.cleandoc')
      return first ? this.evaluate(first, env) : literal('');
    const composition = psycopgSqlClass(path);
    if (composition === 'SQL') {
      const value = first ? this.evaluate(first, env) : literal('');
      return { kind: 'sql-composed', parts: first ? partsOf(value, first, 'concat') : [] };
    }
    if (composition === 'Composed') {
      const value = first ? this.evaluate(first, env) : seq([]);
      const items = value.kind === 'seq' ? value.items : [];
      return { kind: 'sql-composed', parts: items.flatMap((item) => (item.kind === 'sql-composed' ? item.parts : [])) };
    }
    if (composition) return { kind: 'sql-composed', parts: [] };
    return undefined;
  }
}
