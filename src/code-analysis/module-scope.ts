/**
 * What a module defines that functions in it can rely on: its functions (simple helpers are followed into),
 * its classes (class-level constants, methods, attributes set on `self`), and the module-level names, whose
 * values the analysis fills in by running the module body once.
 */
import type { SyntaxNode } from '../parse/python-parser.js';
import { isCursorAnnotation, isCursorName, isSchemaEditorName } from './database-apis.js';
import { childrenOf, lineOf } from './syntax.js';
import { opaque, seq, type Value } from './values.js';

export interface ParameterFacts {
  name: string;
  kind: 'plain' | 'args' | 'kwargs';
  default?: SyntaxNode;
  /** The annotation, as written (`CursorWrapper`, `HttpRequest`). */
  annotation?: string;
}

export interface FunctionFacts {
  node: SyntaxNode;
  name: string;
  params: ParameterFacts[];
  /** The class it is a method of, when it is defined directly in a class body. */
  cls?: ClassFacts;
}

export interface ClassFacts {
  node: SyntaxNode;
  name: string;
  /** The base classes as written: a class deriving from a cursor class executes SQL through `self`. */
  bases: string;
  /** The method a name finally binds (Python keeps the last `def`): what `self.name(...)` calls. */
  methods: Map<string, FunctionFacts>;
  /** Every method defined, in order: a property's getter and setter, overloads and redefinitions alike. */
  definitions: FunctionFacts[];
  /** Names assigned in the class body, filled in when the analysis runs the class body. */
  env: Map<string, Value>;
  /** `self.name = <expression>` anywhere in the class's methods. */
  selfAssignments: Map<string, SyntaxNode[]>;
}

export interface ModuleScope {
  /** The function a name finally binds: what a call by that name reaches. */
  functions: Map<string, FunctionFacts>;
  /** Every function defined at module level (under `if`/`try` too), in order, even when names repeat. */
  definitions: FunctionFacts[];
  classes: Map<string, ClassFacts>;
  /** Every class defined at module level, in order, even when names repeat (`if`/`else` variants). */
  classDefinitions: ClassFacts[];
  /** Module-level names, filled in as the analysis runs the module body (so, final once it has). */
  env: Map<string, Value>;
  /** Names some function rebinds with `global`: their module-level value is not a constant. */
  rebound: Set<string>;
}

/** The function or class a definition (possibly decorated) defines. */
export function definitionOf(node: SyntaxNode): SyntaxNode | undefined {
  if (node.type === 'function_definition' || node.type === 'class_definition') return node;
  if (node.type === 'decorated_definition') return node.childForFieldName('definition') ?? undefined;
  return undefined;
}

export function readParameters(definition: SyntaxNode): ParameterFacts[] {
  const params: ParameterFacts[] = [];
  for (const param of childrenOf(definition.childForFieldName('parameters'))) {
    switch (param.type) {
      case 'identifier':
        params.push({ name: param.text, kind: 'plain' });
        break;
      case 'typed_parameter': {
        const inner = childrenOf(param)[0];
        const annotation = param.childForFieldName('type')?.text;
        if (inner?.type === 'identifier') params.push({ name: inner.text, kind: 'plain', annotation });
        else if (inner?.type === 'list_splat_pattern')
          params.push({ name: childrenOf(inner)[0]?.text ?? '', kind: 'args' });
        else if (inner?.type === 'dictionary_splat_pattern') {
          params.push({ name: childrenOf(inner)[0]?.text ?? '', kind: 'kwargs' });
        }
        break;
      }
      case 'default_parameter':
      case 'typed_default_parameter': {
        const name = param.childForFieldName('name')?.text;
        const value = param.childForFieldName('value') ?? undefined;
        const annotation = param.childForFieldName('type')?.text;
        if (name) params.push({ name, kind: 'plain', default: value, annotation });
        break;
      }
      case 'list_splat_pattern':
        params.push({ name: childrenOf(param)[0]?.text ?? '', kind: 'args' });
        break;
      case 'dictionary_splat_pattern':
        params.push({ name: childrenOf(param)[0]?.text ?? '', kind: 'kwargs' });
        break;
      default:
        break;
    }
  }
  return params.filter((param) => param.name !== '');
}

function functionFacts(node: SyntaxNode, cls?: ClassFacts): FunctionFacts | undefined {
  const name = node.childForFieldName('name')?.text;
  if (!name) return undefined;
  return { node, name, params: readParameters(node), ...(cls ? { cls } : {}) };
}

function classFacts(node: SyntaxNode): ClassFacts | undefined {
  const name = node.childForFieldName('name')?.text;
  if (!name) return undefined;
  const cls: ClassFacts = {
    node,
    name,
    bases: node.childForFieldName('superclasses')?.text ?? '',
    methods: new Map(),
    definitions: [],
    env: new Map(),
    selfAssignments: new Map(),
  };
  for (const statement of childrenOf(node.childForFieldName('body'))) {
    const definition = definitionOf(statement);
    if (definition?.type !== 'function_definition') continue;
    const method = functionFacts(definition, cls);
    if (!method) continue;
    cls.methods.set(method.name, method);
    cls.definitions.push(method);
    const self = method.params[0]?.name;
    if (!self) continue;
    for (const assignment of definition.descendantsOfType('assignment')) {
      const left = assignment?.childForFieldName('left');
      const right = assignment?.childForFieldName('right');
      if (left?.type !== 'attribute' || !right || left.childForFieldName('object')?.text !== self) continue;
      const attribute = left.childForFieldName('attribute')!.text;
      cls.selfAssignments.set(attribute, [...(cls.selfAssignments.get(attribute) ?? []), right]);
    }
  }
  return cls;
}

/** The module's functions and classes; module-level values come later, from running the module body. */
export function readModuleScope(root: SyntaxNode): ModuleScope {
  const scope: ModuleScope = {
    functions: new Map(),
    definitions: [],
    classes: new Map(),
    classDefinitions: [],
    env: new Map(),
    rebound: new Set(),
  };
  const visit = (statements: SyntaxNode[]) => {
    for (const statement of statements) {
      const definition = definitionOf(statement);
      if (definition?.type === 'function_definition') {
        const facts = functionFacts(definition);
        if (facts) {
          scope.functions.set(facts.name, facts);
          scope.definitions.push(facts);
        }
      } else if (definition?.type === 'class_definition') {
        const facts = classFacts(definition);
        if (facts) {
          scope.classes.set(facts.name, facts);
          scope.classDefinitions.push(facts);
        }
      } else if (['if_statement', 'try_statement'].includes(statement.type)) {
        // Definitions under `if TYPE_CHECKING:` or `try: ... except ImportError:` are still module-level.
        for (const block of statement.descendantsOfType('block')) {
          // Nodes are fresh wrapper objects on each access: compare ids, not objects.
          if (block?.parent?.id === statement.id || block?.parent?.parent?.id === statement.id)
            visit(childrenOf(block));
        }
      }
    }
  };
  visit(childrenOf(root));
  for (const statement of root.descendantsOfType('global_statement')) {
    for (const name of childrenOf(statement)) scope.rebound.add(name.text);
  }
  return scope;
}

function decoratorNames(definition: SyntaxNode): string[] {
  const parent = definition.parent;
  if (parent?.type !== 'decorated_definition') return [];
  return childrenOf(parent)
    .filter((child) => child.type === 'decorator')
    .map((decorator) => decorator.text.replace(/^@\s*/, ''));
}

/** The name a method's first parameter binds (`self`, `cls`); undefined for functions and static methods. */
export function selfNameOf(fn: FunctionFacts): string | undefined {
  if (!fn.cls || decoratorNames(fn.node).includes('staticmethod')) return undefined;
  return fn.params[0]?.kind === 'plain' ? fn.params[0].name : undefined;
}

/** What a parameter is worth before anything is known of the caller. */
export function parameterValue(param: ParameterFacts, node: SyntaxNode): Value {
  const origin = { kind: 'parameter' as const, name: param.name };
  if (param.kind === 'args') return seq([], opaque(origin));
  if (param.kind === 'kwargs') return opaque(origin);
  if (isCursorAnnotation(param.annotation) || isCursorName(param.name) || isSchemaEditorName(param.name)) {
    return { kind: 'cursor' };
  }
  if (param.name === 'request' || /Request\b/.test(param.annotation ?? '')) {
    return opaque({ kind: 'request', source: param.name, line: lineOf(node) });
  }
  return opaque(origin);
}
