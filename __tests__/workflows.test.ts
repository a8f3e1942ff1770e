// action.yml and the workflows cannot run here, so they are checked with GitHub's own parser
// (@actions/workflow-parser, the one behind the Actions language service), and against the action's
// contract (design.md, "Action inputs and outputs").
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { convertActionTemplate, parseAction } from '@actions/workflow-parser/actions/index';
import { parse as parseYaml } from 'yaml';

const trace = new NoOperationTraceWriter();
const WORKFLOWS_DIR = join('.github', 'workflows');
const workflowFiles = readdirSync(WORKFLOWS_DIR).filter((name) => /\.ya?ml$/.test(name));

/** design.md's inputs and their defaults ("discovered" and "empty" are an empty default). */
const CONTRACT_INPUTS: Record<string, string> = {
  'working-directory': '.',
  'settings-module': '',
  python: 'python',
  'deploy-check': 'true',
  env: '',
  'fail-on': 'warning',
  config: '.django-security.yml',
  baseline: '',
  'sarif-file': 'django-security.sarif',
  'check-name': 'Django security',
  annotations: 'auto',
  token: '${{ github.token }}',
  'allow-pull-request-target': 'false',
};
const CONTRACT_OUTPUTS = ['passed', 'errors', 'warnings', 'notes', 'sarif-file', 'check-run-url'];

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  'continue-on-error'?: boolean | string;
}
interface Job {
  name?: string;
  permissions?: Record<string, string> | string;
  strategy?: { matrix?: Record<string, unknown> };
  steps: Step[];
}
interface Workflow {
  name?: string;
  on: Record<string, unknown> | string | string[];
  permissions?: Record<string, string> | string;
  jobs: Record<string, Job>;
}

async function parsed(name: string, content: string) {
  const result = parseWorkflow({ name, content }, trace);
  const errors = result.context.errors.getErrors().map((error) => error.message);
  const template = result.value ? await convertWorkflowTemplate(result.context, result.value) : undefined;
  // The converter repeats the parser's errors: each once.
  return { errors: [...new Set([...errors, ...(template?.errors ?? []).map((error) => error.Message)])], template };
}

const actionText = readFileSync('action.yml', 'utf8');
const action = parseYaml(actionText) as {
  inputs: Record<string, { description?: string; default?: unknown; required?: boolean }>;
  outputs: Record<string, { description?: string }>;
  runs: { using: string; main: string };
};

/** Every step of a workflow that runs this repository's action, with the inputs and outputs it uses. */
function checkUsesOfThisAction(workflow: Workflow, uses: (ref: string) => boolean, text: string): number {
  let count = 0;
  for (const job of Object.values(workflow.jobs)) {
    for (const step of job.steps ?? []) {
      if (!step.uses || !uses(step.uses)) continue;
      count++;
      for (const input of Object.keys(step.with ?? {})) expect(Object.keys(action.inputs)).toContain(input);
      if (step.id) {
        const read = [...text.matchAll(new RegExp(`steps\\.${step.id}\\.outputs\\.([\\w-]+)`, 'g'))].map((m) => m[1]!);
        for (const output of read) expect(Object.keys(action.outputs)).toContain(output);
      }
    }
  }
  return count;
}

describe('action.yml', () => {
  it("is valid for GitHub's action parser", () => {
    const result = parseAction({ name: 'action.yml', content: actionText }, trace);
    expect(result.context.errors.getErrors().map((error) => error.message)).toEqual([]);
    const template = convertActionTemplate(result.context, result.value!);
    expect(template.runs).toMatchObject({ using: 'node24', main: 'dist/index.js' });
    expect(template.inputs!.map((input) => input.id).sort()).toEqual(Object.keys(CONTRACT_INPUTS).sort());
    expect(template.outputs!.map((output) => output.id).sort()).toEqual([...CONTRACT_OUTPUTS].sort());
  });

  it("declares every input of design.md's contract, with a description and the contract's default", () => {
    for (const [name, fallback] of Object.entries(CONTRACT_INPUTS)) {
      const input = action.inputs[name];
      expect({ name, described: (input?.description ?? '').trim().length > 0 }).toEqual({ name, described: true });
      expect({ name, default: input?.default }).toEqual({ name, default: fallback });
      expect({ name, required: input?.required ?? false }).toEqual({ name, required: false });
    }
  });

  it("declares every output of design.md's contract, with a description", () => {
    for (const name of CONTRACT_OUTPUTS) {
      expect({ name, described: (action.outputs[name]?.description ?? '').trim().length > 0 }).toEqual({
        name,
        described: true,
      });
    }
  });

  it('runs the committed bundle on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  });

  it('declares every input the code reads and every output it sets', () => {
    const inputsSource = readFileSync(join('src', 'action', 'inputs.ts'), 'utf8');
    const read = [...inputsSource.matchAll(/(?:getInput|booleanInput)\('([\w-]+)'/g)].map((m) => m[1]!);
    expect(new Set(read)).toEqual(new Set(Object.keys(CONTRACT_INPUTS)));
    const mainSource = readFileSync(join('src', 'main.ts'), 'utf8');
    const set = [...mainSource.matchAll(/setOutput\('([\w-]+)'/g)].map((m) => m[1]!);
    expect(new Set(set)).toEqual(new Set(CONTRACT_OUTPUTS));
  });
});

describe('the workflow parser', () => {
  it('reports errors (so a clean result means something)', async () => {
    const { errors } = await parsed(
      'broken.yml',
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ./\n        wit: {a: 1}\n      - run: echo ${{ steps.x.outputs. }}\n',
    );
    expect(errors.join('\n')).toMatch(/Unexpected value 'wit'/);
    expect(errors.length).toBeGreaterThanOrEqual(2);
  });
});

describe.each(workflowFiles)('.github/workflows/%s', (file) => {
  const text = readFileSync(join(WORKFLOWS_DIR, file), 'utf8');

  it("is valid for GitHub's workflow parser", async () => {
    const { errors, template } = await parsed(file, text);
    expect(errors).toEqual([]);
    expect(template!.jobs.length).toBeGreaterThan(0);
  });

  it('passes this action only inputs it declares, and reads only outputs it sets', () => {
    checkUsesOfThisAction(parseYaml(text) as Workflow, (ref) => ref === './', text);
  });

  it('checks out without leaving credentials behind', () => {
    const workflow = parseYaml(text) as Workflow;
    for (const job of Object.values(workflow.jobs)) {
      for (const step of job.steps.filter((s) => s.uses?.startsWith('actions/checkout@'))) {
        expect(step.with?.['persist-credentials']).toBe(false);
      }
    }
  });
});

describe('the self-test workflow', () => {
  const text = readFileSync(join(WORKFLOWS_DIR, 'self-test.yml'), 'utf8');
  const workflow = parseYaml(text) as Workflow;
  const jobs = Object.values(workflow.jobs);
  const steps = jobs.flatMap((job) => job.steps);
  const ofThisAction = steps.filter((step) => step.uses === './');
  const example = (name: string) =>
    ofThisAction.find((step) => step.with?.['working-directory'] === `examples/${name}`)!;

  it('runs on pull requests and pushes', () => {
    expect(Object.keys(workflow.on as object)).toEqual(expect.arrayContaining(['pull_request', 'push']));
  });

  it('runs over Django 4.2, 5.2 and 6.1 with a Python that runs each, installing that Django and django-csp', () => {
    const job = jobs.find((j) => j.strategy?.matrix?.django)!;
    expect(job.strategy!.matrix!.django).toEqual(['4.2', '5.2', '6.1']);
    const python = job.steps.find((step) => step.uses?.startsWith('actions/setup-python@'))!;
    expect(String(python.with!['python-version'])).toBe('3.12');
    expect(
      job.steps.some((step) => step.run?.includes('pip install "Django==${{ matrix.django }}.*" django-csp')),
    ).toBe(true);
    expect(job.permissions).toMatchObject({ contents: 'read', checks: 'write', 'security-events': 'write' });
  });

  it('runs the action from the repository on the hardened example, which must pass with a throwaway key', () => {
    const hardened = example('hardened-project');
    expect(hardened['continue-on-error']).toBeUndefined();
    expect(hardened.with!['deploy-check']).toBeUndefined();
    expect(String(hardened.with!.env)).toMatch(/^DJANGO_SECRET_KEY=\$\{\{ env\.DJANGO_SECRET_KEY \}\}$/m);
    const keyStep = steps.find((step) => step.run?.includes('DJANGO_SECRET_KEY=') && step.run.includes('GITHUB_ENV'))!;
    expect(keyStep.run).toMatch(/secrets\.token_urlsafe/);
    expect(keyStep.run).toContain('::add-mask::');
    expect(steps.indexOf(keyStep)).toBeLessThan(steps.indexOf(hardened));
  });

  it('runs it on the insecure example with continue-on-error, then asserts passed is false', () => {
    const insecure = example('insecure-project');
    expect(insecure['continue-on-error']).toBe(true);
    expect(insecure.id).toBe('insecure');
    const check = steps.find((step) => Object.values(step.env ?? {}).includes('${{ steps.insecure.outputs.passed }}'))!;
    const variable = Object.entries(check.env!).find(
      ([, value]) => value === '${{ steps.insecure.outputs.passed }}',
    )![0];
    expect(check.run).toContain(`test "$${variable}" = "false"`);
    expect(steps.indexOf(check)).toBeGreaterThan(steps.indexOf(insecure));
  });

  it('uploads the SARIF file to code scanning even when a step failed, with a category', () => {
    const upload = steps.find((step) => step.uses?.startsWith('github/codeql-action/upload-sarif@'))!;
    expect(upload.uses).toBe('github/codeql-action/upload-sarif@v4');
    expect(upload.if).toMatch(/^always\(\)/);
    expect(upload.with!.sarif_file).toBe(example('insecure-project').with!['sarif-file']);
    expect(String(upload.with!.category)).toMatch(/\$\{\{ matrix\.django \}\}/);
  });

  it('names its check runs apart from its jobs', () => {
    for (const step of ofThisAction) {
      expect(String(step.with!['check-name'])).not.toMatch(/^Examples on/);
    }
  });
});

describe("the README's workflow", () => {
  const readme = readFileSync('README.md', 'utf8');
  const blocks = [...readme.matchAll(/```ya?ml\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const fullWorkflows = blocks.filter((block) => /^jobs:/m.test(block));
  const stepSnippets = blocks.filter((block) => /^- (uses|run|name):/.test(block));
  const workflow = parseYaml(fullWorkflows[0] ?? 'jobs: {}') as Workflow;
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);

  it("is valid for GitHub's workflow parser, like every step snippet", async () => {
    expect(fullWorkflows.length).toBeGreaterThan(0);
    for (const block of fullWorkflows) expect((await parsed('README.md', block)).errors).toEqual([]);
    const indented = (block: string) => block.replace(/^(?=.)/gm, '      ');
    for (const block of stepSnippets) {
      const wrapped = `on: push\njobs:\n  snippet:\n    runs-on: ubuntu-latest\n    steps:\n${indented(block)}`;
      expect((await parsed('README.md snippet', wrapped)).errors).toEqual([]);
    }
  });

  it('triggers on pull_request, push and merge_group, with contents: read and checks: write', () => {
    expect(Object.keys(workflow.on as object)).toEqual(expect.arrayContaining(['pull_request', 'push', 'merge_group']));
    const permissions = {
      ...(workflow.permissions as object),
      ...(Object.values(workflow.jobs)[0]!.permissions as object),
    };
    expect(permissions).toMatchObject({ contents: 'read', checks: 'write' });
  });

  it('checks out without credentials, sets up Python, installs the requirements, then runs the action with env', () => {
    const at = (predicate: (step: Step) => boolean) => steps.findIndex(predicate);
    const checkout = at((s) => !!s.uses?.startsWith('actions/checkout@'));
    const python = at((s) => !!s.uses?.startsWith('actions/setup-python@'));
    const install = at((s) => /pip install -r requirements/.test(s.run ?? ''));
    const gate = at((s) => /^django-security-gate\/django-security-gate@/.test(s.uses ?? ''));
    expect([checkout, python, install, gate].every((index) => index >= 0)).toBe(true);
    expect([checkout, python, install, gate]).toEqual([...[checkout, python, install, gate]].sort((a, b) => a - b));
    expect(steps[checkout]!.with!['persist-credentials']).toBe(false);
    // No secret: forks get none, and check --deploy gets a throwaway key for the variable SECRET_KEY reads.
    expect(String(steps[gate]!.with!.env)).not.toMatch(/secrets\.|SECRET_KEY/);
    expect(String(steps[gate]!.with!.env)).toContain('DJANGO_ALLOWED_HOSTS=');
    checkUsesOfThisAction(
      workflow,
      (ref) => ref.startsWith('django-security-gate/django-security-gate@'),
      fullWorkflows[0]!,
    );
  });

  it('shows the SARIF upload with upload-sarif@v4, under if: always(), with a category', () => {
    const snippetSteps = stepSnippets.flatMap((block) => parseYaml(block) as Step[]);
    const upload = [...steps, ...snippetSteps].find((step) =>
      step.uses?.startsWith('github/codeql-action/upload-sarif'),
    )!;
    expect(upload.uses).toBe('github/codeql-action/upload-sarif@v4');
    expect(upload.if).toBe('always()');
    expect(upload.with).toMatchObject({ sarif_file: CONTRACT_INPUTS['sarif-file'], category: expect.any(String) });
  });

  it('names the check run apart from the job it shows how to require', () => {
    const jobNames = Object.entries(workflow.jobs).flatMap(([id, job]) => [id, job.name ?? '']);
    for (const name of jobNames) expect(name.toLowerCase()).not.toBe(CONTRACT_INPUTS['check-name']!.toLowerCase());
    expect(readme).toMatch(/required/i);
  });
});
