import { ruleDocsUrl } from '../tool.js';
import type { Rule } from './rule.js';

const LEVEL_WORD = { error: 'Error', warning: 'Warning', note: 'Note' } as const;

/** A rule's documentation page (docs/rules/<id>.md) and SARIF help, in Ruff's order of sections. */
export function renderRuleDocs(rule: Rule): string {
  const { docs } = rule;
  const lines = [
    `# ${rule.id}`,
    '',
    `${rule.summary}.`,
    '',
    `- Default level: ${LEVEL_WORD[rule.level]}`,
    `- Django check: ${rule.djangoChecks.length ? rule.djangoChecks.map((id) => `\`${id}\``).join(', ') : 'none (Django does not check this)'}`,
    ...(rule.seedItem ? [`- Checklist item: ${rule.seedItem}`] : []),
    '',
    '## What it does',
    '',
    docs.what,
    '',
    '## Why is this bad?',
    '',
    docs.why,
    '',
    '## Example',
    '',
    '```python',
    docs.example,
    '```',
    '',
    'Use instead:',
    '',
    '```python',
    docs.useInstead,
    '```',
    '',
  ];
  if (docs.notes?.length) {
    lines.push('## Notes', '', ...docs.notes.map((note) => `- ${note}`), '');
  }
  lines.push('## References', '', ...docs.references.map((ref) => `- [${ref.title}](${ref.url})`), '');
  return lines.join('\n');
}

export function ruleHelpUri(rule: Rule): string {
  return ruleDocsUrl(rule.id);
}
