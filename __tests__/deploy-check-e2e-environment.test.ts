// End to end on real Django (the built CLI as a process): the environment check --deploy runs with.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { requireDjangoInstall } from './support/django-versions.js';
import { type Report, SQLITE, cli, json } from './support/deploy-check-cli.js';
import { INSECURE } from './support/deploy-check-projects.js';

describe('the environment check --deploy runs with', () => {
  let inherited: Report;
  let overridden: Report;

  beforeAll(() => {
    const install = requireDjangoInstall('4.2');
    const args = [INSECURE, '--python', install.python, '--env', SQLITE, '--format', 'json'];
    // The CLI's own DJANGO_DEBUG reaches manage.py; the static side judges the production environment (--env).
    inherited = json(cli(args, install, { DJANGO_DEBUG: '' }));
    // --env wins over the inherited value.
    overridden = json(cli([...args, '--env', 'DJANGO_DEBUG='], install, { DJANGO_DEBUG: 'True' }));
  });

  it('inherits the CLI process environment: Django did not see DEBUG on, and the finding says so', () => {
    const debug = inherited.findings.filter((f) => f.ruleId === 'debug-enabled');
    expect(debug.map((f) => [f.line, f.column, f.source, f.message])).toEqual([
      [
        19,
        40,
        'static',
        `DEBUG is 'False' when DJANGO_DEBUG is unset: error pages would show settings, source code and SQL to any visitor. Environment values are strings, and every non-empty string is true, "False" included. Django's check --deploy did not report security.W018 with the environment it ran in, where the runner's own DJANGO_DEBUG (unseen by the static checks) changes the value.`,
      ],
    ]);
  });

  it('lets --env override an inherited variable', () => {
    expect(overridden.findings.map((f) => f.ruleId)).not.toContain('debug-enabled');
    expect(overridden.findings.filter((f) => f.source === 'both').map((f) => f.djangoCheck)).toEqual([
      'security.W016',
      'security.W004',
      'security.W012',
      'security.W008',
      'security.W025',
    ]);
  });

  it("gives check --deploy a throwaway key, so the committed fallback key is the static rules' finding alone", () => {
    const weak = overridden.findings.filter((f) => f.djangoCheck === 'security.W009');
    expect(
      weak.map((f) => [f.source, f.message.endsWith('it ran with a throwaway random DJANGO_SECRET_KEY.')]),
    ).toEqual([['static', true]]);
    const { remarks } = overridden as Report & { remarks: string[] };
    expect(remarks.filter((remark) => remark.includes('throwaway random DJANGO_SECRET_KEY'))).toHaveLength(1);
  });
});
