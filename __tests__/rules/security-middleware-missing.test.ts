import { securityMiddlewareMissing } from '../../src/rules/middleware-missing.js';
import { py, ruleTester } from '../support/rule-tester.js';

const SECURITY = '"django.middleware.security.SecurityMiddleware"';
const COMMON = '"django.middleware.common.CommonMiddleware"';

ruleTester(securityMiddlewareMissing, {
  flag: [
    { code: `MIDDLEWARE = [${COMMON}]`, line: 1, count: 1, message: /^MIDDLEWARE does not include/ },
    { code: 'X = 1', line: 1, message: /^MIDDLEWARE is not set, so it lacks/ },
    // Settings written for Django before 1.10 list the middleware in MIDDLEWARE_CLASSES; the finding names it.
    {
      code: py('X = 1', `MIDDLEWARE_CLASSES = (${COMMON},)`),
      line: 2,
      message: /^MIDDLEWARE_CLASSES does not include/,
    },
    { code: `MIDDLEWARE_CLASSES = (${COMMON},)`, django: '1.8', message: /^MIDDLEWARE_CLASSES does not include/ },
    // Django 1.8 knows no MIDDLEWARE: its default MIDDLEWARE_CLASSES applies.
    { code: `MIDDLEWARE = [${SECURITY}]`, django: '1.8', message: /^MIDDLEWARE_CLASSES is not set, so it lacks/ },
    // Django 1.10-1.11: MIDDLEWARE, once set to a list, wins over MIDDLEWARE_CLASSES.
    {
      code: py(`MIDDLEWARE = [${COMMON}]`, `MIDDLEWARE_CLASSES = [${SECURITY}]`),
      django: '1.11',
      line: 1,
      message: /^MIDDLEWARE does not include/,
    },
    // ...and None (its default there) hands over to MIDDLEWARE_CLASSES.
    { code: py('MIDDLEWARE = None', `MIDDLEWARE_CLASSES = [${COMMON}]`), django: '1.10', line: 2 },
    // Every branch of an undecided condition lacks it.
    {
      code: py(
        'import os',
        `MIDDLEWARE = [${COMMON}]`,
        'if os.environ["FEATURE"] == "on":',
        '    MIDDLEWARE += ["x.Y"]',
      ),
      message: /^MIDDLEWARE does not include/,
    },
  ],
  pass: [
    `MIDDLEWARE = [${SECURITY}, ${COMMON}]`,
    `MIDDLEWARE_CLASSES = [${SECURITY}]`,
    { code: `MIDDLEWARE_CLASSES = (${SECURITY},)`, django: '1.8' },
    { code: py('MIDDLEWARE = None', `MIDDLEWARE_CLASSES = [${SECURITY}]`), django: '1.11' },
    { code: py(`MIDDLEWARE = [${SECURITY}]`, `MIDDLEWARE_CLASSES = [${COMMON}]`), django: '1.11' },
    py(`MIDDLEWARE = [${SECURITY}]`, `MIDDLEWARE_CLASSES = [${COMMON}]`),
    // Every branch keeps SecurityMiddleware, whether it rebinds or mutates the list.
    py(
      'import os',
      `MIDDLEWARE = [${SECURITY}]`,
      'if os.environ["FEATURE"] == "on":',
      '    MIDDLEWARE = MIDDLEWARE + ["x.Y"]',
    ),
    py('import os', `MIDDLEWARE = [${SECURITY}]`, 'if os.environ.get("METRICS"):', '    MIDDLEWARE.insert(0, "x.Y")'),
    py(
      'try:',
      '    import debug_toolbar',
      `    MIDDLEWARE = [${SECURITY}, "debug_toolbar.middleware.Y"]`,
      'except ImportError:',
      `    MIDDLEWARE = [${SECURITY}]`,
    ),
    // Undecided whether it is there: not reported (a settings-incomplete note says so).
    py('import os', `MIDDLEWARE = [${COMMON}]`, 'if os.environ["FEATURE"] == "on":', `    MIDDLEWARE += [${SECURITY}]`),
  ],
});
