import type { SourceSpan } from '../finding.js';
import type { SyntaxNode } from '../parse/python-parser.js';
import { spanOf } from '../parse/span.js';
import { NORMAL, type Binding, type Flow, type Frame, type Scope } from './frame.js';
import { evaluate } from './expressions.js';
import { make, unknown, type PyObject, type Value } from './value.js';

/**
 * Classes written in settings modules, run as Python runs a class body: its statements bind the class's
 * attributes, which django-configurations turns into settings for the class DJANGO_CONFIGURATION names.
 * Other classes are kept too, since configuration classes take settings from mixins with no base.
 */

export interface ClassDefinition {
  name: string;
  file: string;
  absPath: string;
  span: SourceSpan;
  /** The base classes as written: class objects, `configurations.Configuration`, or values the model cannot see. */
  bases: Value[];
  /** What the class body bound, with the statements that bound it. */
  namespace: Scope;
  /** Attributes set on the class after its body ran (`cls.X = ...` in a setup hook), which come first. */
  assigned: Scope;
}

type ClassObject = Extract<PyObject, { type: 'class' }>;

export function classDefinitionOf(value: Value): ClassDefinition | undefined {
  return value.kind === 'object' && value.object.type === 'class'
    ? (value.object.definition as ClassDefinition)
    : undefined;
}

/** `class Name(bases): body`, run at module level (a class inside a function stays unknown). */
export async function defineClass(
  node: SyntaxNode,
  frame: Frame,
  runBlock: (statements: readonly (SyntaxNode | null)[], frame: Frame) => Promise<Flow>,
): Promise<Flow> {
  const nameNode = node.childForFieldName('name');
  if (!nameNode) return NORMAL;
  const span = spanOf(node, frame.file);
  if (frame.depth > 0) {
    frame.scope.set(nameNode.text, { value: unknown(`the class ${nameNode.text}`, span), assignedAt: span });
    return NORMAL;
  }
  const bases = (node.childForFieldName('superclasses')?.namedChildren ?? [])
    .filter(
      (child): child is SyntaxNode => child !== null && child.type !== 'keyword_argument' && child.type !== 'comment',
    )
    .map((child) => evaluate(child, frame));
  const definition: ClassDefinition = {
    name: nameNode.text,
    file: frame.file,
    absPath: frame.absPath,
    span,
    bases,
    namespace: new Map(),
    assigned: new Map(),
  };
  // The body sees its own names first, then the module's; functions defined in it see only the module's.
  const body: Frame = { ...frame, scope: definition.namespace, globals: frame.globals ?? frame.scope };
  const flow = await runBlock(node.childForFieldName('body')?.namedChildren ?? [], body);
  const object: ClassObject = { type: 'class', name: definition.name, definition };
  frame.scope.set(definition.name, { value: make('object', { object }, span), assignedAt: span });
  return flow.kind === 'raise' ? flow : NORMAL;
}

/** Whether the class is a django-configurations `Configuration` (directly or through its bases). */
export function isConfigurationClass(definition: ClassDefinition, seen = new Set<ClassDefinition>()): boolean {
  if (seen.has(definition)) return false;
  seen.add(definition);
  return definition.bases.some((base) => {
    if (base.kind === 'object' && base.object.type === 'callable')
      return base.object.name === 'configurations.Configuration';
    const parent = classDefinitionOf(base);
    return parent !== undefined && isConfigurationClass(parent, seen);
  });
}

/**
 * Python's C3 method resolution order over the classes the model can see. Bases it cannot see (a class
 * from a package outside the project) are listed in `unseen`: they may hold attributes too.
 */
export function methodResolutionOrder(definition: ClassDefinition): { order: ClassDefinition[]; unseen: Value[] } {
  const unseen: Value[] = [];
  const linearize = (cls: ClassDefinition, path: Set<ClassDefinition>): ClassDefinition[] => {
    if (path.has(cls)) return [cls];
    const next = new Set(path).add(cls);
    const parents: ClassDefinition[] = [];
    for (const base of cls.bases) {
      const parent = classDefinitionOf(base);
      if (parent) parents.push(parent);
      else if (!(base.kind === 'object' && base.object.type === 'callable')) unseen.push(base);
    }
    return [cls, ...merge([...parents.map((parent) => linearize(parent, next)), parents])];
  };
  return { order: linearize(definition, new Set()), unseen };
}

function merge(sequences: ClassDefinition[][]): ClassDefinition[] {
  const result: ClassDefinition[] = [];
  const lists = sequences.map((sequence) => [...sequence]).filter((sequence) => sequence.length > 0);
  while (lists.some((list) => list.length > 0)) {
    const candidate = lists
      .filter((list) => list.length > 0)
      .map((list) => list[0]!)
      .find((head) => !lists.some((list) => list.indexOf(head) > 0));
    // An inconsistent hierarchy makes Python refuse the class; take the heads in order rather than fail.
    const chosen = candidate ?? lists.find((list) => list.length > 0)![0]!;
    result.push(chosen);
    for (const list of lists) if (list[0] === chosen) list.shift();
    for (const list of lists) {
      const index = list.indexOf(chosen);
      if (index >= 0) list.splice(index, 1);
    }
  }
  return result;
}

/** The attribute `name` of the class as Python finds it: along the MRO, what setup hooks assigned first. */
export function classAttribute(definition: ClassDefinition, name: string): Binding | undefined {
  for (const cls of methodResolutionOrder(definition).order) {
    const found = cls.assigned.get(name) ?? cls.namespace.get(name);
    if (found) return found;
  }
  return undefined;
}

/** Every attribute name the class and its bases define, in no particular order. */
export function attributeNames(definition: ClassDefinition): string[] {
  const names = new Set<string>();
  for (const cls of methodResolutionOrder(definition).order) {
    for (const name of cls.namespace.keys()) names.add(name);
    for (const name of cls.assigned.keys()) names.add(name);
  }
  return [...names];
}

/** `cls.NAME = value` (in a setup hook): the class's own attribute from now on. */
export function assignClassAttribute(owner: Value, name: string, value: Value, statementSpan: SourceSpan): void {
  const definition = classDefinitionOf(owner);
  if (definition) definition.assigned.set(name, { value, assignedAt: statementSpan });
}
