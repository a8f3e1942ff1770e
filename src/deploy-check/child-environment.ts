/**
 * The environment `manage.py` runs with: the scanner's own, minus everything that would hand the action's
 * credentials or the runner's command files to project code, plus the production environment the user gave.
 */
const SCRUBBED_NAMES = new Set([
  'GITHUB_TOKEN',
  'GH_TOKEN',
  'GITHUB_ENV',
  'GITHUB_OUTPUT',
  'GITHUB_PATH',
  'GITHUB_STATE',
  'GITHUB_STEP_SUMMARY',
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
  'ACTIONS_ID_TOKEN_REQUEST_URL',
]);

export function isScrubbed(name: string): boolean {
  const upper = name.toUpperCase();
  return upper.startsWith('INPUT_') || upper.startsWith('ACTIONS_') || SCRUBBED_NAMES.has(upper);
}

export function childEnvironment(
  inherited: Readonly<Record<string, string | undefined>>,
  given: ReadonlyMap<string, string>,
  settingsModule: string,
): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const [name, value] of Object.entries(inherited)) {
    if (value !== undefined && !isScrubbed(name)) environment[name] = value;
  }
  for (const [name, value] of given) environment[name] = value;
  environment.DJANGO_SETTINGS_MODULE = settingsModule;
  // Python's own output encoding, so messages in any language parse the same way.
  environment.PYTHONIOENCODING = 'utf-8';
  environment.PYTHONUNBUFFERED = '1';
  return environment;
}
