// The library classes a project class derives from, read from class statements without running them: what
// lets a project subclass of django-csp's middleware count as django-csp's for the CSP rules.
import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { SourceStore } from '../../src/parse/source-store.js';
import { classLineage } from '../../src/settings/class-lineage.js';
import { ModuleResolver } from '../../src/settings/module-resolver.js';
import { py } from '../support/rule-tester.js';
import { writeTree } from '../support/settings-harness.js';

async function lineageIn(files: Record<string, string>, dotted: string) {
  const root = writeTree({ 'manage.py': '', ...files });
  return classLineage(dotted, {
    store: new SourceStore(root),
    resolver: new ModuleResolver([root]),
    fromFile: join(root, 'manage.py'),
  });
}

const CSP = 'csp.middleware.CSPMiddleware';

describe('classLineage', () => {
  it('takes a path outside the project as the library class itself', async () => {
    expect(await lineageIn({}, CSP)).toEqual({ libraryBases: [CSP], complete: true });
  });

  it.each<[string, Record<string, string>, string]>([
    [
      'a name imported from the library (kitsune AdminCSPMiddleware)',
      {
        'app/middleware.py': py('from csp.middleware import CSPMiddleware', 'class Admin(CSPMiddleware):', '    pass'),
      },
      'app.middleware.Admin',
    ],
    [
      'an aliased import and a module attribute',
      {
        'app/middleware.py': py(
          'import csp.middleware as m',
          'from csp import middleware',
          'class A(m.CSPMiddleware): pass',
        ),
      },
      'app.middleware.A',
    ],
    [
      'import a.b binding a',
      { 'app/middleware.py': py('import csp.middleware', 'class A(csp.middleware.CSPMiddleware): pass') },
      'app.middleware.A',
    ],
    [
      'a subclass of a subclass through a relative import and a package re-export',
      {
        'app/__init__.py': '',
        'app/headers/__init__.py': py('from .strict import Strict as Headers'),
        'app/headers/base.py': py('from csp.middleware import CSPMiddleware', 'class Base(CSPMiddleware): pass'),
        'app/headers/strict.py': py('from ..headers import base', 'class Strict(base.Base): pass'),
      },
      'app.headers.Headers',
    ],
    [
      'a decorated class, a same-module base and an alias',
      {
        'app/middleware.py': py(
          'from csp.middleware import CSPMiddleware as Library',
          'Base = Library',
          'class Mixin(object): pass',
          '@decorate',
          'class A(Mixin, Base, metaclass=Meta): pass',
        ),
      },
      'app.middleware.A',
    ],
  ])('follows %s', async (_title, files, dotted) => {
    expect(await lineageIn(files, dotted)).toEqual({ libraryBases: [CSP], complete: true });
  });

  it('keeps the library bases it reached when another base cannot be followed', async () => {
    const files = {
      'app/middleware.py': py(
        'from csp.middleware import CSPMiddleware',
        'from app.factory import make_base',
        'class A(make_base(), CSPMiddleware): pass',
      ),
    };
    expect(await lineageIn(files, 'app.middleware.A')).toEqual({ libraryBases: [CSP], complete: false });
  });

  it.each<[string, Record<string, string>, string]>([
    ['a class the module does not define', { 'app/middleware.py': py('X = 1') }, 'app.middleware.Missing'],
    ['a module the project lacks', { 'app/__init__.py': '' }, 'app.missing.Headers'],
    [
      'a cycle of re-exports',
      { 'app/a.py': py('from app.b import A'), 'app/b.py': py('from app.a import A') },
      'app.a.A',
    ],
    [
      'a class bound only under a condition',
      {
        'app/middleware.py': py(
          'import sys',
          'if sys.version_info >= (3, 12):',
          '    from csp.middleware import CSPMiddleware as A',
        ),
      },
      'app.middleware.A',
    ],
  ])('says the lineage is incomplete for %s', async (_title, files, dotted) => {
    expect(await lineageIn(files, dotted)).toEqual({ libraryBases: [], complete: false });
  });
});
