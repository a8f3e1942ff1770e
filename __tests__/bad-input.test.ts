import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INSECURE_SETTINGS, SECURE_SETTINGS, brief, managePy, scanJson, writeRepo } from './support/cli-harness.js';

const project = { 'manage.py': managePy('config.settings'), 'config/__init__.py': '' };

const bytes = (...parts: Array<string | number[]>): Buffer =>
  Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(part))));

describe('bad input: syntax errors', () => {
  it('keeps the findings around a syntax error in the production settings and fails the gate at its line', async () => {
    const root = writeRepo({
      ...project,
      'config/settings.py': [
        'import os',
        'DEBUG = True',
        'ALLOWED_HOSTS = ["example.com"]',
        'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]',
        'def broken(:',
        '    pass',
        'ALLOWED_HOSTS = ["*"]',
        '',
      ].join('\n'),
    });
    const { code, report } = await scanJson(root);
    expect(code).toBe(1);
    expect(brief(report.findings)).toEqual([
      { ruleId: 'debug-enabled', file: 'config/settings.py', line: 2, level: 'error' },
      { ruleId: 'python-syntax-error', file: 'config/settings.py', line: 5, level: 'error' },
      { ruleId: 'allowed-hosts-wildcard', file: 'config/settings.py', line: 7, level: 'warning' },
    ]);
    const error = report.findings.find((f) => f.ruleId === 'python-syntax-error')!;
    // Python: `def broken(:` -> SyntaxError at line 5, the caret under ":" (column 12).
    expect(error.column).toBe(12);
    expect(error.message).toContain('line 5, column 12');
    expect(error.message).toContain(
      'config/settings.py is part of the production settings (config.settings): Python would fail to import it, so the deployment would not start.',
    );
  });

  it('reports an unclosed bracket at its line and still checks what comes before', async () => {
    const root = writeRepo({
      ...project,
      'config/settings.py':
        'import os\nDEBUG = True\nSECRET_KEY = os.environ["K"]\nALLOWED_HOSTS = ["example.com"\nX = 1\n',
    });
    const { code, report } = await scanJson(root);
    expect(code).toBe(1);
    expect(brief(report.findings)).toEqual([
      { ruleId: 'debug-enabled', file: 'config/settings.py', line: 2, level: 'error' },
      { ruleId: 'python-syntax-error', file: 'config/settings.py', line: 4, level: 'error' },
    ]);
  });

  it('fails the gate on a syntax error in a module the settings import', async () => {
    const root = writeRepo({
      ...project,
      'config/settings.py': `from .base import *\n${SECURE_SETTINGS}`,
      'config/base.py': 'TIME_ZONE = "UTC"\nif True\n    USE_TZ = True\n',
    });
    const { code, report } = await scanJson(root);
    expect(code).toBe(1);
    expect(brief(report.findings)).toEqual([
      { ruleId: 'python-syntax-error', file: 'config/base.py', line: 2, level: 'error' },
    ]);
  });

  it('keeps a syntax error outside the settings a note', async () => {
    const root = writeRepo({
      ...project,
      'config/settings.py': SECURE_SETTINGS,
      'shop/reports.py': 'def totals(cursor\n    cursor.execute("SELECT 1")\n',
    });
    const { code, report } = await scanJson(root);
    expect(code).toBe(0);
    expect(brief(report.findings)).toEqual([
      { ruleId: 'python-syntax-error', file: 'shop/reports.py', line: 1, level: 'note' },
    ]);
    expect(report.findings[0]!.message).not.toContain('production settings');
  });
});

describe('bad input: encodings', () => {
  it('fails the gate on a non-UTF-8 settings file without a coding declaration and still scans it', async () => {
    const root = writeRepo({
      ...project,
      'config/settings.py': bytes(
        '# Caf',
        [0xe9],
        ' settings\nimport os\nDEBUG = True\nALLOWED_HOSTS = ["example.com"]\nSECRET_KEY = os.environ["K"]\n',
      ),
    });
    const { code, report } = await scanJson(root);
    expect(code).toBe(1);
    expect(brief(report.findings)).toEqual([
      { ruleId: 'file-skipped', file: 'config/settings.py', line: 1, level: 'error' },
      { ruleId: 'debug-enabled', file: 'config/settings.py', line: 3, level: 'error' },
    ]);
    expect(report.findings[0]!.message).toMatch(/not valid UTF-8/);
  });

  it('decodes a file with a PEP 263 iso-8859-1 declaration without a note', async () => {
    const root = writeRepo({
      ...project,
      'config/settings.py': bytes(
        '# -*- coding: iso-8859-1 -*-\nimport os\nDEBUG = True\nALLOWED_HOSTS = ["*", "caf',
        [0xe9],
        '.example"]\nSECRET_KEY = os.environ["K"]\n',
      ),
    });
    const { code, report } = await scanJson(root);
    expect(code).toBe(1);
    expect(brief(report.findings)).toEqual([
      { ruleId: 'debug-enabled', file: 'config/settings.py', line: 3, level: 'error' },
      { ruleId: 'allowed-hosts-wildcard', file: 'config/settings.py', line: 4, level: 'warning' },
    ]);
    // The latin-1 byte 0xE9 is decoded as "é", not as a replacement character.
    expect(report.findings[1]!.message).toContain("'café.example'");
  });

  it('reads a UTF-8 file with a BOM without a note', async () => {
    const root = writeRepo({ ...project, 'config/settings.py': bytes([0xef, 0xbb, 0xbf], INSECURE_SETTINGS) });
    const { code, report } = await scanJson(root);
    expect(code).toBe(1);
    expect(brief(report.findings)).toEqual([
      { ruleId: 'debug-enabled', file: 'config/settings.py', line: 1, level: 'error' },
    ]);
    expect(report.findings[0]!.column).toBe(9);
  });
});

describe('bad input: binary, symlinked and huge files', () => {
  it('fails the gate on a binary .py (NUL bytes) that the settings import, and keeps scanning', async () => {
    const root = writeRepo({
      ...project,
      'config/settings.py': `from .blob import *\n${SECURE_SETTINGS}DEBUG = True\n`,
      'config/blob.py': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00, 0x00]),
    });
    const { code, report } = await scanJson(root);
    expect(code).toBe(1);
    expect(brief(report.findings)).toEqual([
      { ruleId: 'file-skipped', file: 'config/blob.py', line: 1, level: 'error' },
      { ruleId: 'debug-enabled', file: 'config/settings.py', line: 6, level: 'error' },
    ]);
    expect(report.findings[0]!.message).toMatch(/NUL bytes/);
  });

  it('fails the gate on a settings-imported module that is a symlink leaving the repository, without reading it', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'dsg-outside-'));
    writeFileSync(join(outside, 'extra.py'), INSECURE_SETTINGS);
    const root = writeRepo({ ...project, 'config/settings.py': `from .extra import *\n${SECURE_SETTINGS}` });
    symlinkSync(join(outside, 'extra.py'), join(root, 'config', 'extra.py'));
    const { code, report } = await scanJson(root);
    expect(code).toBe(1);
    expect(brief(report.findings)).toEqual([
      { ruleId: 'file-skipped', file: 'config/extra.py', line: 1, level: 'error' },
    ]);
    expect(report.findings[0]!.message).toContain('outside the repository');
    expect(report.findings[0]!.message).toContain('the settings it holds were not judged');
  });

  it('follows a symlink that stays inside the repository', async () => {
    const root = writeRepo({ ...project, 'config/real.py': INSECURE_SETTINGS });
    symlinkSync(join(root, 'config', 'real.py'), join(root, 'config', 'settings.py'));
    const { code, report } = await scanJson(root);
    expect(code).toBe(1);
    expect(brief(report.findings)).toEqual([
      { ruleId: 'debug-enabled', file: 'config/settings.py', line: 1, level: 'error' },
    ]);
  });

  it('fails the gate on a settings-imported file over max-file-size and keeps scanning the settings', async () => {
    const root = writeRepo({
      ...project,
      '.django-security.yml': 'max-file-size: 1000\n',
      'config/settings.py': `from .generated import *\n${SECURE_SETTINGS}`,
      'config/generated.py': `ALLOWED_HOSTS = ["*"]\n${'# padding padding padding\n'.repeat(60)}`,
    });
    const { code, report } = await scanJson(root);
    expect(code).toBe(1);
    expect(brief(report.findings)).toEqual([
      { ruleId: 'file-skipped', file: 'config/generated.py', line: 1, level: 'error' },
    ]);
    expect(report.findings[0]!.message).toContain('config/generated.py');
    expect(report.findings[0]!.message).toMatch(/over the .* limit/);
  });

  it('reads a file just under max-file-size', async () => {
    const padding = '# padding\n'.repeat(40);
    const root = writeRepo({
      ...project,
      '.django-security.yml': 'max-file-size: 1000\n',
      'config/settings.py': `${INSECURE_SETTINGS}${padding}`,
    });
    const { code, report } = await scanJson(root);
    expect(code).toBe(1);
    expect(brief(report.findings)).toEqual([
      { ruleId: 'debug-enabled', file: 'config/settings.py', line: 1, level: 'error' },
    ]);
  });

  it('decodes a latin-1 declaration as Python does, every byte to the same code point', async () => {
    const root = writeRepo({
      ...project,
      'config/settings.py': bytes(
        '# -*- coding: latin-1 -*-\nimport os\nSECRET_KEY = os.environ["K"]\nALLOWED_HOSTS = ["*", "caf',
        [0xe9, 0x80],
        '.example"]\n',
      ),
    });
    const { report } = await scanJson(root);
    expect(brief(report.findings)).toEqual([
      { ruleId: 'allowed-hosts-wildcard', file: 'config/settings.py', line: 4, level: 'warning' },
    ]);
    // U+0080 is a control character, which Python's repr escapes: repr('caf\u00e9\x80.example') == "'café\\x80.example'".
    expect(report.findings[0]!.message).toContain("'caf\u00e9\\x80.example'");
  });

  it.each([
    ['a symlink leaving the repository', 'symlink'],
    ['a file with NUL bytes', 'binary'],
    ['a file over max-file-size', 'large'],
  ])('treats settings it cannot read (%s) as unknown, not as empty, and fails the gate', async (_label, kind) => {
    const files: Record<string, string | Uint8Array> = { ...project, '.django-security.yml': 'max-file-size: 1000\n' };
    if (kind === 'binary') files['config/settings.py'] = bytes('DEBUG = False\n', [0], '\n');
    if (kind === 'large') files['config/settings.py'] = `DEBUG = False\n${'# padding\n'.repeat(200)}`;
    const root = writeRepo(files);
    if (kind === 'symlink') {
      const outside = mkdtempSync(join(tmpdir(), 'dsg-outside-'));
      writeFileSync(join(outside, 'settings.py'), 'DEBUG = False\n');
      symlinkSync(join(outside, 'settings.py'), join(root, 'config', 'settings.py'));
    }
    const { code, report } = await scanJson(root);
    expect(brief(report.findings)).toEqual([
      { ruleId: 'file-skipped', file: 'config/settings.py', line: 1, level: 'error' },
    ]);
    expect(code).toBe(1);
  });

  it('states small size limits in bytes', async () => {
    const root = writeRepo({
      ...project,
      '.django-security.yml': 'max-file-size: 1000\n',
      'config/settings.py': `from .generated import *\n${SECURE_SETTINGS}`,
      'config/generated.py': 'X = 1\n'.repeat(300),
    });
    const { report } = await scanJson(root);
    expect(report.findings[0]!.message).toContain('config/generated.py is 1.8 KiB, over the 1000 bytes limit');
  });
});
