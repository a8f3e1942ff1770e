import { describe, expect, it } from '@jest/globals';
import type { SourceSpan } from '../src/finding.js';
import {
  agreed,
  allTrue,
  anyTrue,
  isKnown,
  isTrueSingleton,
  make,
  negate,
  pyContains,
  pyEquals,
  repr,
  truthy,
  unknown,
  type OpenPart,
  type Value,
} from '../src/settings/value.js';

const at = (line: number): SourceSpan => ({ file: 'settings.py', line, column: 1, endLine: line, endColumn: 2 });
const str = (text: string, line = 1): Value => make('str', { value: text }, at(line));
const bool = (value: boolean): Value => make('bool', { value }, at(1));
const none = (): Value => make('none', {}, at(1));
const unseen: OpenPart = { why: 'the items of env_apps', span: at(7), hint: 'set EXTRA_APPS in env' };
const list = (items: Value[], open?: OpenPart): Value => make('list', open ? { items, open } : { items }, at(2));
const dict = (entries: Array<[string, Value]>, open?: OpenPart): Value =>
  make(
    'dict',
    open
      ? { entries: entries.map(([k, v]) => [str(k), v] as [Value, Value]), open }
      : { entries: entries.map(([k, v]) => [str(k), v] as [Value, Value]) },
    at(3),
  );
const either = (...options: Value[]): Value => make('either', { options, condition: 'FEATURE == "on"' }, at(4));
const mystery = (): Value => unknown('the result of load()', at(5));

describe('three-valued answers (Answer)', () => {
  it('anyTrue: one true decides, else an undecided answer leaves it undecided', () => {
    expect(anyTrue([false, true, undefined])).toBe(true);
    expect(anyTrue([false, undefined])).toBeUndefined();
    expect(anyTrue([false, false])).toBe(false);
    expect(anyTrue([])).toBe(false);
  });

  it('allTrue: one false decides, else an undecided answer leaves it undecided', () => {
    expect(allTrue([true, false, undefined])).toBe(false);
    expect(allTrue([true, undefined])).toBeUndefined();
    expect(allTrue([true, true])).toBe(true);
  });

  it('negate keeps undecided undecided', () => {
    expect(negate(true)).toBe(false);
    expect(negate(false)).toBe(true);
    expect(negate(undefined)).toBeUndefined();
  });

  it('agreed: the common answer, or the fallback when the options disagree', () => {
    expect(agreed([true, true], undefined)).toBe(true);
    expect(agreed([true, false], undefined)).toBeUndefined();
    expect(agreed(['applies', 'applies'], 'unknown')).toBe('applies');
    expect(agreed(['applies', 'empty'], 'unknown')).toBe('unknown');
  });
});

describe('open collections: known members known, unseen ones possible', () => {
  it('is not known as a whole', () => {
    expect(isKnown(list([str('a')]))).toBe(true);
    expect(isKnown(list([str('a')], unseen))).toBe(false);
    expect(isKnown(dict([['a', str('x')]], unseen))).toBe(false);
  });

  it('is truthy with a known member, undecided without one', () => {
    expect(truthy(list([str('a')], unseen))).toBe(true);
    expect(truthy(list([], unseen))).toBeUndefined();
    expect(truthy(list([]))).toBe(false);
    expect(truthy(dict([['a', str('x')]], unseen))).toBe(true);
    expect(truthy(dict([], unseen))).toBeUndefined();
    expect(truthy(dict([]))).toBe(false);
  });

  it('contains a known member; an absent one is undecided when open, absent when closed', () => {
    const apps = [str('django.contrib.sessions'), str('django.contrib.admin')];
    expect(pyContains(list(apps, unseen), str('django.contrib.sessions'))).toBe(true);
    expect(pyContains(list(apps, unseen), str('csp'))).toBeUndefined();
    expect(pyContains(list(apps), str('csp'))).toBe(false);
  });

  it('looks up dict keys the same way', () => {
    expect(pyContains(dict([['default', str('x')]], unseen), str('default'))).toBe(true);
    expect(pyContains(dict([['default', str('x')]], unseen), str('replica'))).toBeUndefined();
    expect(pyContains(dict([['default', str('x')]]), str('replica'))).toBe(false);
  });

  it('finds a known member beside an unknown item, and is undecided for an absent one', () => {
    expect(pyContains(list([mystery(), str('a')]), str('a'))).toBe(true);
    expect(pyContains(list([mystery(), str('a')]), str('b'))).toBeUndefined();
  });

  it('compares closed sequences item by item: one known difference decides beside unknown items', () => {
    expect(pyEquals(list([mystery(), str('a')]), list([str('x'), str('b')]))).toBe(false);
    expect(pyEquals(list([mystery(), str('a')]), list([str('x'), str('a')]))).toBeUndefined();
    expect(pyEquals(list([mystery()]), list([str('x'), str('y')]))).toBe(false);
    expect(pyEquals(list([str('a'), str('b')]), list([str('a'), str('b')]))).toBe(true);
    expect(pyEquals(list([str('a')]), make('tuple', { items: [str('a')] }, at(2)))).toBe(false);
    expect(pyEquals(list([mystery()]), make('tuple', { items: [mystery()] }, at(2)))).toBe(false);
  });

  it('does not compare equal to anything while open', () => {
    expect(pyEquals(list([str('a')], unseen), list([str('a')]))).toBeUndefined();
  });

  it('shows the unseen members as … in repr', () => {
    expect(repr(list([str('a')], unseen))).toBe("['a', …]");
    expect(repr(list([], unseen))).toBe('[…]');
    expect(repr(dict([['k', bool(true)]], unseen))).toBe("{'k': True, …}");
  });
});

describe('undecided branches (either): answered when every option agrees', () => {
  const withSecurity = (...more: string[]) =>
    list([str('django.middleware.security.SecurityMiddleware'), ...more.map((m) => str(m))]);

  it('in: every branch keeps the member', () => {
    const middleware = either(withSecurity(), withSecurity('x.Y'));
    expect(pyContains(middleware, str('django.middleware.security.SecurityMiddleware'))).toBe(true);
    expect(pyContains(middleware, str('x.Y'))).toBeUndefined();
    expect(pyContains(middleware, str('absent.Z'))).toBe(false);
  });

  it('in: an either needle is answered when every option agrees', () => {
    expect(pyContains(list([str('a'), str('b')]), either(str('a'), str('b')))).toBe(true);
    expect(pyContains(list([str('a')]), either(str('a'), str('b')))).toBeUndefined();
  });

  it('==, truthiness and `is True` over every option', () => {
    expect(pyEquals(either(str('DENY'), str('DENY')), str('DENY'))).toBe(true);
    expect(pyEquals(str('DENY'), either(str('DENY'), str('SAMEORIGIN')))).toBeUndefined();
    expect(pyEquals(either(str('a'), str('b')), str('c'))).toBe(false);
    expect(truthy(either(bool(true), str('yes')))).toBe(true);
    expect(truthy(either(bool(false), none()))).toBe(false);
    expect(truthy(either(bool(false), str('x')))).toBeUndefined();
    expect(isTrueSingleton(either(bool(true), bool(true)))).toBe(true);
    expect(isTrueSingleton(either(bool(true), str('yes')))).toBeUndefined();
    expect(isTrueSingleton(either(bool(false), none()))).toBe(false);
  });

  it('an unknown option leaves the answer undecided unless it cannot matter', () => {
    expect(truthy(either(bool(true), mystery()))).toBeUndefined();
    expect(pyContains(either(withSecurity(), mystery()), str('django.middleware.security.SecurityMiddleware'))).toBe(
      undefined,
    );
  });
});
