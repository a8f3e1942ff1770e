import type { EngineRule } from './rule.js';

const SUPPRESSION_REFERENCES = [
  { title: 'Ruff: error suppression (noqa)', url: 'https://docs.astral.sh/ruff/linter/#error-suppression' },
  {
    title: 'ESLint: report unused disable directives',
    url: 'https://eslint.org/docs/latest/use/command-line-interface#--report-unused-disable-directives',
  },
  {
    title: 'SARIF 2.1.0: suppressions',
    url: 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/sarif-v2.1.0-os.html#_Toc34317696',
  },
];

/** Suppressions that no longer suppress anything, so they cannot rot in place. */
export const unusedSuppression: EngineRule = {
  kind: 'engine',
  id: 'unused-suppression',
  level: 'note',
  summary: 'A `# django-security: ignore[...]` comment suppresses nothing',
  djangoChecks: [],
  securitySeverity: 0,
  tags: ['scan', 'suppression'],
  docs: {
    what: 'Reports a suppression comment that suppresses no finding: the rule it names reports nothing on the statement the comment covers, the id is not a rule of this tool, or the brackets are empty.',
    why: 'A suppression outlives the code it was written for. Left in place after the problem is fixed or the line moved, it would silently accept the next real finding of that rule on that statement. Reporting it keeps every suppression tied to a finding a reviewer accepted.',
    example: `# the raw SQL was replaced by the ORM, the comment stayed
rows = Order.objects.filter(customer=customer)  # django-security: ignore[raw-sql-injection] table name from _meta`,
    useInstead: `rows = Order.objects.filter(customer=customer)`,
    notes: [
      'A suppression covers the statement its line belongs to when written after code, or the next statement below it when written on a line of its own (other comment lines may stand between, a blank line may not). Several ids are separated by commas: `# django-security: ignore[credential-hardcoded, secret-key-weak] test settings only`.',
      'A suppression of a rule that is turned off (in the config file, or by `--select` / `--ignore`) is not reported as unused: the rule did not run.',
      "Comments written for other tools (`# nosec`, `# noqa: S608`) are never reported as unused: they belong to those tools. They suppress this tool's findings only when the config file lists them under `suppression-comments`.",
    ],
    references: SUPPRESSION_REFERENCES,
  },
};

/** Suppressions must say why, so a reviewer can judge them later. */
export const suppressionReasonMissing: EngineRule = {
  kind: 'engine',
  id: 'suppression-reason-missing',
  level: 'note',
  summary: 'A suppression comment gives no reason',
  djangoChecks: [],
  securitySeverity: 0,
  tags: ['scan', 'suppression'],
  docs: {
    what: 'Reports a `# django-security: ignore[rule-id]` comment that suppresses a finding but says nothing after the brackets.',
    why: 'The finding is still suppressed (it is listed as suppressed and does not gate), but a suppression without a reason cannot be reviewed: nobody can later tell whether the risk was judged acceptable or the comment was added to make the build pass. The reason is also what code scanning shows as the justification.',
    example: `cursor.execute(f"SELECT * FROM {table}")  # django-security: ignore[raw-sql-injection]`,
    useInstead: `cursor.execute(f"SELECT * FROM {table}")  # django-security: ignore[raw-sql-injection] table is Model._meta.db_table, never user input`,
    references: SUPPRESSION_REFERENCES,
  },
};
