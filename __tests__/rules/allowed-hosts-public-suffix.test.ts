import { describe, expect, it } from '@jest/globals';
import { allowedHostsWildcard } from '../../src/rules/allowed-hosts.js';
import { isPublicSuffix, publicSuffixCovered } from '../../src/rules/public-suffixes.js';
import { py, ruleTester } from '../support/rule-tester.js';

// allowed-hosts-wildcard, extended: a leading-dot entry on a public suffix accepts every site under it.
// (The "*" cases live in allowed-hosts-wildcard.test.ts.)
ruleTester(allowedHostsWildcard, {
  flag: [
    // Top-level domains: every two-letter country code, the common generic ones.
    { code: 'ALLOWED_HOSTS = [".com"]', line: 1, level: 'warning', message: /"\.com" matches every site under com/ },
    { code: 'ALLOWED_HOSTS = ["example.com", ".io"]', message: /"\.io"/ },
    'ALLOWED_HOSTS = [".app"]',
    // validate_host lower-cases the pattern.
    { code: 'ALLOWED_HOSTS = [".COM"]', message: /every site under com/ },
    // Registry second levels.
    { code: 'ALLOWED_HOSTS = [".co.uk"]', message: /public suffix where anyone can register a name/ },
    'ALLOWED_HOSTS = [".com.au"]',
    // Hosting platforms: another tenant's app shares the suffix.
    {
      code: 'ALLOWED_HOSTS = ["myapp.herokuapp.com", ".herokuapp.com"]',
      message: /the platform shares with all its customers.*attacker\.herokuapp\.com/,
    },
    'ALLOWED_HOSTS = [".pythonanywhere.com"]',
    'ALLOWED_HOSTS = (".azurewebsites.net",)',
    'ALLOWED_HOSTS = [".github.io"]',
    'ALLOWED_HOSTS = [".vercel.app"]',
    'ALLOWED_HOSTS = [".netlify.app"]',
    'ALLOWED_HOSTS = [".onrender.com"]',
    'ALLOWED_HOSTS = [".fly.dev"]',
    'ALLOWED_HOSTS = [".appspot.com"]',
    'ALLOWED_HOSTS = [".cloudfunctions.net"]',
    'ALLOWED_HOSTS = [".elasticbeanstalk.com"]',
    'ALLOWED_HOSTS = [".us-east-1.elasticbeanstalk.com"]',
    'ALLOWED_HOSTS = [".eu-west-1.compute.amazonaws.com"]',
    // Wildcard rules of the list: every name under run.app is a suffix, and run.app holds them all.
    'ALLOWED_HOSTS = [".a.run.app"]',
    { code: 'ALLOWED_HOSTS = [".run.app"]', message: /holds the public suffix \*\.run\.app/ },
    // Above a public suffix: amazonaws.com holds every EC2 customer's names.
    { code: 'ALLOWED_HOSTS = [".amazonaws.com"]', message: /holds the public suffix \*\.compute\.amazonaws\.com/ },
    { code: 'ALLOWED_HOSTS = [".railway.app"]', message: /up\.railway\.app/ },

    // Added after the first assignment.
    { code: 'ALLOWED_HOSTS = ["example.com"]\nALLOWED_HOSTS += [".herokuapp.com"]', line: 2 },
    { code: 'ALLOWED_HOSTS = ["example.com"]\nALLOWED_HOSTS.append(".onrender.com")', line: 2 },

    // Environment reads: the default is judged, saying so, or the given value.
    {
      code: 'import os\nALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "localhost,.herokuapp.com").split(",")',
      message: /when ALLOWED_HOSTS is unset/,
    },
    {
      code: 'import environ\nenv = environ.Env()\nALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[".pythonanywhere.com"])',
      line: 3,
      message: /when ALLOWED_HOSTS is unset/,
    },
    {
      code: 'from decouple import config, Csv\nALLOWED_HOSTS = config("ALLOWED_HOSTS", default=".azurewebsites.net", cast=Csv())',
      message: /when ALLOWED_HOSTS is unset/,
    },
    {
      code: 'import os\nALLOWED_HOSTS = os.environ["ALLOWED_HOSTS"].split(",")',
      env: { ALLOWED_HOSTS: 'example.com,.vercel.app' },
      message: /given environment/,
    },
    {
      code: 'import environ\nenv = environ.Env()\nALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["example.com"])',
      env: { ALLOWED_HOSTS: '.fly.dev' },
    },

    // if / else on the environment.
    {
      code: py(
        'import os',
        'if os.getenv("ENV") == "production":',
        '    ALLOWED_HOSTS = ["example.com"]',
        'else:',
        '    ALLOWED_HOSTS = [".herokuapp.com"]',
      ),
      line: 5,
      message: /when ENV is unset/,
    },

    // Split settings.
    {
      code: 'from base import *\n',
      files: { 'base.py': 'ALLOWED_HOSTS = [".herokuapp.com"]\n' },
      file: 'base.py',
      line: 1,
    },
    {
      code: 'from base import *\nALLOWED_HOSTS += [".onrender.com"]\n',
      files: { 'base.py': 'ALLOWED_HOSTS = ["example.com"]\n' },
      file: 'settings.py',
      line: 2,
    },

    // One finding per setting: "*" is reported first, as before.
    { code: 'ALLOWED_HOSTS = [".herokuapp.com", "*"]', count: 1, message: /"\*" turns off Host header validation/ },
  ],
  pass: [
    // A domain the project owns, with its subdomains.
    'ALLOWED_HOSTS = [".example.com"]',
    'ALLOWED_HOSTS = [".example.co.uk"]',
    'ALLOWED_HOSTS = [".EXAMPLE.COM"]',
    // One app's names on a platform, with or without its own subdomains.
    'ALLOWED_HOSTS = ["myapp.herokuapp.com"]',
    'ALLOWED_HOSTS = [".myapp.herokuapp.com"]',
    'ALLOWED_HOSTS = ["myapp-abc123-uc.a.run.app"]',
    'ALLOWED_HOSTS = [".myenv.us-east-1.elasticbeanstalk.com"]',
    'ALLOWED_HOSTS = ["ec2-1-2-3-4.compute-1.amazonaws.com"]',
    // Exact names are never patterns, even when they are suffixes.
    'ALLOWED_HOSTS = ["herokuapp.com", "com"]',
    // Only a leading dot makes a pattern; " .com" and "*.com" match nothing.
    'ALLOWED_HOSTS = [" .com"]',
    'ALLOWED_HOSTS = ["*.herokuapp.com"]',
    // Internal and special-use names are not public suffixes.
    'ALLOWED_HOSTS = [".localhost", "127.0.0.1", "[::1]"]',
    'ALLOWED_HOSTS = [".local"]',
    'ALLOWED_HOSTS = [".internal"]',
    'ALLOWED_HOSTS = [".svc.cluster.local"]',
    // "." alone matches nothing (Django strips a trailing dot from the host).
    'ALLOWED_HOSTS = ["."]',

    // Overridden or removed.
    'ALLOWED_HOSTS = [".herokuapp.com"]\nALLOWED_HOSTS = ["myapp.herokuapp.com"]',
    'ALLOWED_HOSTS = ["example.com", ".com"]\nALLOWED_HOSTS.remove(".com")',

    // Unknown stays unknown.
    'from .hosts import PLATFORM_SUFFIX\nALLOWED_HOSTS = [PLATFORM_SUFFIX]',
    'import sys\nif "test" in sys.argv:\n    ALLOWED_HOSTS = [".herokuapp.com"]\nelse:\n    ALLOWED_HOSTS = ["myapp.herokuapp.com"]',
    'import os\nALLOWED_HOSTS = os.environ["ALLOWED_HOSTS"].split(",")',

    // Environment reads: a safe default, or a given value overriding a broad default.
    'import os\nALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "myapp.herokuapp.com").split(",")',
    {
      code: 'import environ\nenv = environ.Env()\nALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[".herokuapp.com"])',
      env: { ALLOWED_HOSTS: 'myapp.herokuapp.com' },
    },
    {
      code: 'from decouple import config, Csv\nALLOWED_HOSTS = config("ALLOWED_HOSTS", default=".com", cast=Csv())',
      env: { ALLOWED_HOSTS: '.example.com' },
    },

    // Split settings: production narrows base.
    {
      code: 'from base import *\nALLOWED_HOSTS = ["myapp.herokuapp.com"]\n',
      files: { 'base.py': 'ALLOWED_HOSTS = [".herokuapp.com"]\n' },
    },
  ],
});

describe('public suffix subset', () => {
  it('knows top-level domains, registry second levels and hosting platforms', () => {
    for (const suffix of [
      'com',
      'org',
      'dev',
      'de',
      'uk',
      'co.uk',
      'com.au',
      'herokuapp.com',
      'github.io',
      'a.run.app',
    ]) {
      expect(isPublicSuffix(suffix)).toBe(true);
    }
  });

  it('leaves registrable names and internal names alone', () => {
    for (const name of [
      'example.com',
      'myapp.herokuapp.com',
      'run.app',
      'amazonaws.com',
      'localhost',
      'local',
      'internal',
    ]) {
      expect(isPublicSuffix(name)).toBe(false);
    }
  });

  it('says which suffix a pattern covers, and whether it is a platform', () => {
    expect(publicSuffixCovered('herokuapp.com')).toEqual({ suffix: 'herokuapp.com', exact: true, platform: true });
    expect(publicSuffixCovered('co.uk')).toEqual({ suffix: 'co.uk', exact: true, platform: false });
    expect(publicSuffixCovered('a.run.app')).toEqual({ suffix: 'a.run.app', exact: true, platform: true });
    expect(publicSuffixCovered('amazonaws.com')).toMatchObject({ exact: false, platform: true });
    expect(publicSuffixCovered('example.com')).toBeUndefined();
    expect(publicSuffixCovered('')).toBeUndefined();
  });
});
