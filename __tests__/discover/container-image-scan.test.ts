import { describe, expect, it } from '@jest/globals';
import { scan } from '../../src/scan.js';
import { writeTree } from '../support/settings-harness.js';

const MANAGE = 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")\n';
const CHOOSER = 'try:\n    from .local import *\nexcept ImportError:\n    from .production import *\n';
const PRODUCTION = 'import os\nDEBUG = False\nSECRET_KEY = os.environ["SECRET_KEY"]\nALLOWED_HOSTS = ["example.org"]\n';
const LOCAL = 'DEBUG = True\nSECRET_KEY = "dev"\nALLOWED_HOSTS = ["*"]\n';

const PROJECT = {
  'manage.py': MANAGE,
  'mysite/__init__.py': '',
  'mysite/settings/__init__.py': CHOOSER,
  'mysite/settings/production.py': PRODUCTION,
  'mysite/settings/local.py': LOCAL,
};

/** A scan without Django's own checks: the debug findings' files and the remarks about the image. */
async function scanned(files: Record<string, string>) {
  const root = writeTree(files);
  const result = await scan({
    path: root,
    repoRoot: root,
    environment: new Map(),
    processEnvironment: {},
    deployCheck: false,
  });
  return {
    debugIn: result.findings.filter((finding) => finding.ruleId === 'debug-enabled').map((finding) => finding.file),
    settingsFiles: result.projects[0]!.settingsFiles,
    settingsFile: result.projects[0]!.settingsFile,
    remarks: result.remarks.filter((remark) => /image|Dockerfile/.test(remark)),
  };
}

describe('scan: the settings production gets from its image', () => {
  it('without a Dockerfile, the committed local.py behind try/except ImportError is judged', async () => {
    const { debugIn, remarks } = await scanned(PROJECT);
    expect(debugIn).toEqual(['mysite/settings/local.py']);
    expect(remarks).toEqual([]);
  });

  it('the .dockerignore leaves local.py out of the image: production.py is judged, and a remark says why', async () => {
    const { debugIn, settingsFiles, remarks } = await scanned({
      ...PROJECT,
      '.dockerignore': '.git\n**/local.py\n',
      Dockerfile: 'FROM python:3.12\nWORKDIR /app\nCOPY . .\nCMD ["gunicorn", "mysite.wsgi"]\n',
    });
    expect(debugIn).toEqual([]);
    expect(settingsFiles).toEqual(['mysite/settings/__init__.py', 'mysite/settings/production.py']);
    expect(remarks).toEqual([
      'mysite/settings/local.py is not in the image Dockerfile builds (.dockerignore leaves it out of the build context); judging the settings without it.',
    ]);
  });

  it('a COPY of a subset leaves local.py out', async () => {
    const { debugIn, remarks } = await scanned({
      ...PROJECT,
      'requirements.txt': 'Django==5.2\n',
      'deploy/Dockerfile':
        'FROM python:3.12\nWORKDIR /srv\nCOPY requirements.txt manage.py ./\nCOPY mysite/__init__.py mysite/\nCOPY ["mysite/settings/__init__.py", "mysite/settings/production.py", "mysite/settings/"]\n',
    });
    expect(debugIn).toEqual([]);
    expect(remarks).toEqual([
      'mysite/settings/local.py is not in the image deploy/Dockerfile builds (no COPY puts it in the image); judging the settings without it.',
    ]);
  });

  it('a development Dockerfile says nothing about production', async () => {
    const { debugIn } = await scanned({
      ...PROJECT,
      'Dockerfile.dev':
        'FROM python:3.12\nWORKDIR /app\nCOPY manage.py ./\nCOPY mysite/settings/production.py mysite/settings/\n',
    });
    expect(debugIn).toEqual(['mysite/settings/local.py']);
  });

  it('a file the Dockerfile copies into the settings package is judged as that module, findings in the copied file', async () => {
    const { 'mysite/settings/local.py': _local, ...withoutLocal } = PROJECT;
    const { debugIn, remarks } = await scanned({
      ...withoutLocal,
      'docker/config.py': 'DEBUG = True\nSECRET_KEY = "dev"\nALLOWED_HOSTS = ["*"]\n',
      Dockerfile: 'FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN cp docker/config.py mysite/settings/local.py\n',
    });
    expect(debugIn).toEqual(['docker/config.py']);
    expect(remarks).toEqual([
      'Dockerfile:4 copies docker/config.py to mysite/settings/local.py in the image; judging docker/config.py as that module.',
    ]);
  });

  it('netbox-docker: a COPY over a deploy-time module the checkout lacks', async () => {
    const { debugIn, settingsFiles, remarks } = await scanned({
      'netbox/manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "netbox.settings")\n',
      'netbox/netbox/__init__.py': '',
      'netbox/netbox/settings.py': 'from netbox.configuration import *\nSECRET_KEY = SECRET\n',
      'netbox/netbox/configuration_example.py': 'DEBUG = False\nSECRET = ""\nALLOWED_HOSTS = []\n',
      'docker/configuration.docker.py':
        'import os\nDEBUG = True\nSECRET = os.environ["SECRET_KEY"]\nALLOWED_HOSTS = ["*"]\n',
      Dockerfile:
        'ARG FROM=python:3.12\nFROM ${FROM} AS main\nCOPY . /opt/netbox\nCOPY docker/configuration.docker.py /opt/netbox/netbox/netbox/configuration.py\nWORKDIR /opt/netbox/netbox\n',
    });
    expect(debugIn).toEqual(['docker/configuration.docker.py']);
    expect(settingsFiles).toContain('docker/configuration.docker.py');
    expect(remarks).toEqual([
      'Dockerfile:4 copies docker/configuration.docker.py to netbox/netbox/configuration.py in the image; judging docker/configuration.docker.py as that module.',
    ]);
  });

  it('taiga: the settings module itself is the copied file, and its relative imports resolve where the image puts it', async () => {
    const { debugIn, settingsFiles, remarks } = await scanned({
      'manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings.common")\n',
      'settings/__init__.py': '',
      'settings/common.py': 'DEBUG = True\nSECRET_KEY = "dev"\nALLOWED_HOSTS = ["*"]\n',
      'docker/config.py':
        'import os\nfrom .common import *\nDEBUG = False\nSECRET_KEY = os.environ["SECRET_KEY"]\nALLOWED_HOSTS = ["example.org"]\n',
      'docker/Dockerfile':
        'FROM python:3.12\nWORKDIR /taiga-back\nCOPY . .\nRUN cp docker/config.py settings/config.py\nENV DJANGO_SETTINGS_MODULE=settings.config\n',
    });
    expect(debugIn).toEqual([]);
    expect(settingsFiles).toEqual(['docker/config.py', 'settings/common.py']);
    expect(remarks).toContain(
      'docker/Dockerfile:4 copies docker/config.py to settings/config.py in the image; judging docker/config.py as that module.',
    );
  });

  it('a module manage.py names that the Dockerfile copies over is judged as the copied file', async () => {
    const { debugIn, settingsFile } = await scanned({
      'manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")\n',
      'mysite/__init__.py': '',
      'mysite/settings.py': PRODUCTION,
      'deploy/settings.py': LOCAL,
      Dockerfile: 'FROM python:3.12\nCOPY . /app\nCOPY deploy/settings.py /app/mysite/settings.py\nWORKDIR /app\n',
    });
    expect(debugIn).toEqual(['deploy/settings.py']);
    expect(settingsFile).toBe('deploy/settings.py');
  });
});
