import { describe, expect, it } from '@jest/globals';
import type { CodeRule } from '../src/rules/rule.js';
import { spanOf } from '../src/parse/span.js';
import { scan } from '../src/scan.js';
import { writeTree } from './support/settings-harness.js';

/** A minimal code rule, to observe which files the engine parses for code rules. */
const executeCalls: CodeRule = {
  kind: 'code',
  id: 'test-execute-call',
  level: 'warning',
  summary: 'test rule',
  djangoChecks: [],
  securitySeverity: 1,
  tags: [],
  words: ['execute('],
  docs: { what: '', why: '', example: '', useInstead: '', references: [] },
  check({ source, report }) {
    for (const call of source.tree.rootNode.descendantsOfType('call')) {
      if (call?.childForFieldName('function')?.text.endsWith('.execute')) {
        report({ span: spanOf(call, source.file), message: 'execute call', fix: 'none' });
      }
    }
  },
};

const project = {
  '.git/HEAD': '',
  'manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site.settings")\n',
  'site/__init__.py': '',
  'site/settings.py': 'import os\nSECRET_KEY = os.environ["K"]\nDEBUG = False\nALLOWED_HOSTS = ["a.example"]\n',
  'shop/__init__.py': '',
  'shop/models.py': 'class Order:\n    pass\n',
  'shop/views.py': 'def view(cursor, name):\n    cursor.execute("SELECT 1")\n',
  'shop/reports.py': 'def run(c):\n    return c.execute("SELECT 2")\n',
  'shop/admin.py': '# nothing to see\n',
};

describe('the scan engine', () => {
  it("parses only the settings and the files that mention a code rule's words, each once", async () => {
    const root = writeTree(project);
    const result = await scan({
      path: root,
      environment: new Map(),
      processEnvironment: {},
      deployCheck: false,
      codeRules: [executeCalls],
    });
    const codeFindings = result.findings.filter((f) => f.ruleId === executeCalls.id);
    expect(codeFindings.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual([
      'test-execute-call shop/reports.py:2',
      'test-execute-call shop/views.py:2',
    ]);
    expect(result.stats.pythonFiles).toBe(8);
    // settings.py, views.py and reports.py: models.py, admin.py and the __init__ files are never parsed.
    expect(result.stats.filesParsed).toBe(3);
    expect(result.projects).toEqual([
      {
        root: '',
        django: '6.1',
        djangoFrom: 'newest; no version in the project files',
        settingsModule: 'site.settings',
        settingsFile: 'site/settings.py',
        chosenBy: 'manage.py:2',
        judged: true,
        settingsFiles: ['site/settings.py'],
        unjudged: [],
      },
    ]);
  });

  it('parses a settings file once even when a code rule also reads it', async () => {
    const root = writeTree({ ...project, 'site/settings.py': `${project['site/settings.py']}# execute( mentioned\n` });
    const result = await scan({
      path: root,
      environment: new Map(),
      processEnvironment: {},
      deployCheck: false,
      codeRules: [executeCalls],
    });
    expect(result.stats.filesParsed).toBe(3);
  });

  it('keeps fingerprints stable when lines shift', async () => {
    const before = await scan({
      path: writeTree({ ...project, 'site/settings.py': 'DEBUG = True\n' }),
      environment: new Map(),
      processEnvironment: {},
      deployCheck: false,
    });
    const after = await scan({
      path: writeTree({ ...project, 'site/settings.py': '\n\n# moved\nDEBUG = True\n' }),
      environment: new Map(),
      processEnvironment: {},
      deployCheck: false,
    });
    const debugOf = (findings: typeof before.findings) => findings.find((f) => f.ruleId === 'debug-enabled')!;
    expect(debugOf(after.findings).line).toBe(4);
    expect(debugOf(after.findings).fingerprint).toBe(debugOf(before.findings).fingerprint);
  });
});
