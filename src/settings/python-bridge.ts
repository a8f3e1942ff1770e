/**
 * Between the settings model's values, which carry where they came from, and the Python layer's plain
 * values (src/python/), which carry what they are. Python semantics (formatting, str methods, operators)
 * live in the layer; the model only maps its values in and the results back out with their provenance.
 */
import type { SourceSpan } from '../finding.js';
import type { PyValue } from '../python/values.js';
import { make, scalarToPy, unknown, type EnvRead, type Value } from './value.js';

/** The plain value of a known scalar or of a fully known list, tuple or dict; undefined otherwise. */
export function toPy(value: Value): PyValue | undefined {
  switch (value.kind) {
    case 'none':
    case 'bool':
    case 'float':
    case 'str':
      return scalarToPy(value);
    case 'int':
      // The model keeps ints as JS numbers: past 2**53 the exact value is no longer known.
      return Number.isSafeInteger(value.value) ? scalarToPy(value) : undefined;
    case 'list':
    case 'tuple': {
      if (value.open) return undefined;
      const items = value.items.map(toPy);
      return items.every((item) => item !== undefined) ? { kind: value.kind, items: items as PyValue[] } : undefined;
    }
    case 'dict': {
      if (value.open) return undefined;
      const entries: Array<[PyValue, PyValue]> = [];
      for (const [key, item] of value.entries) {
        const [plainKey, plainItem] = [toPy(key), toPy(item)];
        if (!plainKey || !plainItem) return undefined;
        entries.push([plainKey, plainItem]);
      }
      return { kind: 'dict', entries };
    }
    default:
      return undefined;
  }
}

/** Plain values of all of `values`, or undefined when one is not known. */
export function allToPy(values: readonly Value[]): PyValue[] | undefined {
  const plain = values.map(toPy);
  return plain.every((value) => value !== undefined) ? (plain as PyValue[]) : undefined;
}

/** A layer result as a model value at `span`, computed from the reads in `env`; items point at `itemSpan`. */
export function fromPy(value: PyValue, span: SourceSpan, env: readonly EnvRead[], itemSpan: SourceSpan = span): Value {
  switch (value.kind) {
    case 'none':
      return make('none', {}, span, env);
    case 'bool':
      return make('bool', { value: value.value }, span, env);
    case 'int': {
      const number = Number(value.value);
      return Number.isSafeInteger(number)
        ? make('int', { value: number }, span, env)
        : unknown('an integer beyond 2**53', span, env);
    }
    case 'float':
      return make('float', { value: value.value }, span, env);
    case 'str':
      return make('str', { value: value.value }, span, env);
    case 'list':
    case 'tuple':
      return make(value.kind, { items: value.items.map((item) => fromPy(item, itemSpan, env)) }, span, env);
    case 'dict':
      return make(
        'dict',
        { entries: value.entries.map(([key, item]) => [fromPy(key, itemSpan, env), fromPy(item, itemSpan, env)]) },
        span,
        env,
      );
  }
}
