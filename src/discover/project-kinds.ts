import { dirname, relative, sep } from 'node:path';
import { hasTemplateSyntax } from './entry-points.js';

/** Folders that hold a library's test suite rather than a deployed site. */
const TEST_FOLDER = /^(tests?|testing|test_?project|test_?app|testapp)$/i;
/** Last module parts of settings written for a test run: `test`, `tests`, `testing`, `test_settings`, `settings_test`. */
const TEST_MODULE_PART = /^(tests?|testing|test_?settings|settings_?tests?|ci)$/i;

/**
 * Why a project is a template a generator fills in (Django's `startproject --template`, cookiecutter), or
 * undefined: its folder path or the module its entry point names holds template syntax.
 */
export function templateReason(
  projectRoot: string,
  repoRoot: string,
  declared: { module: string; where: string } | undefined,
): string | undefined {
  const folder = relative(repoRoot, projectRoot);
  if (hasTemplateSyntax(folder)) return `its folder ${folder} is named with template syntax`;
  if (declared && hasTemplateSyntax(declared.module))
    return `${declared.where} names ${declared.module}, a placeholder a project generator fills in`;
  return undefined;
}

/**
 * Why a project exists to run a library's own tests, or undefined: its manage.py or its settings sit in a
 * test folder. A settings module merely named for tests is not enough: an application whose manage.py
 * defaults to `settings.test` is still the application, and leaving it unjudged would pass it silently.
 */
export function testProjectReason(
  repoRoot: string,
  project: { manageFile?: string; settingsFile: string },
): string | undefined {
  const folders = (file: string) => relative(repoRoot, dirname(file)).split(sep).filter(Boolean);
  if (project.manageFile) {
    const testFolder = folders(project.manageFile).find((part) => TEST_FOLDER.test(part));
    if (testFolder) return `its manage.py is in a ${testFolder} folder`;
  }
  const testFolder = folders(project.settingsFile).find((part) => TEST_FOLDER.test(part));
  if (testFolder) return `its settings are in a ${testFolder} folder`;
  return undefined;
}

/** Whether a settings module's last part says it is for test runs (`test`, `tests`, `test_settings`, `ci`). */
export function isNamedForTests(settingsModule: string): boolean {
  return TEST_MODULE_PART.test(settingsModule.split('.').at(-1)!);
}
