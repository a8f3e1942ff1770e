import { describe, expect, it, jest } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeImage, type ImageSource } from '../../src/discover/container-image.js';
import { imageOfProject } from '../../src/discover/project-image.js';
import { productionImage } from '../../src/discover/production-image.js';
import { SourceStore } from '../../src/parse/source-store.js';
import { ModuleResolver } from '../../src/settings/module-resolver.js';
import { ProductionEnvironment } from '../../src/settings/production-environment.js';
import { loadSettings } from '../../src/settings/settings-model.js';
import { repr } from '../../src/settings/value.js';
import { writeTree } from '../support/settings-harness.js';

/** What each image path holds, repository files given repository-relative. */
function holds(
  files: Record<string, string>,
  dockerfile: string,
  paths: readonly string[],
  context?: string,
  withLines = false,
) {
  const root = writeTree(files);
  const image = describeImage(join(root, dockerfile), root, {
    holding: root,
    ...(context === undefined ? {} : { context: join(root, context) }),
  });
  const line = (at: number | undefined) => (withLines && at !== undefined ? `:${at}` : '');
  const show = (source: ImageSource) =>
    source.kind === 'repository'
      ? `${source.file.slice(root.length + 1)}${line(source.line)}`
      : source.kind === 'absent'
        ? `absent${line(source.removedAt)}`
        : 'unknown';
  return Object.fromEntries(paths.map((path) => [path, show(image.sourceOf(path))]));
}

const PROJECT = {
  'manage.py': '',
  'mysite/__init__.py': '',
  'mysite/settings/__init__.py': 'try:\n    from .local import *\nexcept ImportError:\n    from .production import *\n',
  'mysite/settings/local.py': 'DEBUG = True\n',
  'mysite/settings/production.py': 'DEBUG = False\n',
};

describe('what a Dockerfile puts at each image path', () => {
  const cases: Array<{
    name: string;
    files: Record<string, string>;
    dockerfile?: string;
    context?: string;
    expected: Record<string, string>;
    /** Show the Dockerfile line that puts or removes each file. */
    withLines?: boolean;
  }> = [
    {
      name: 'COPY . with WORKDIR, and .dockerignore leaving a file out',
      files: { ...PROJECT, '.dockerignore': '**/local.py\n', Dockerfile: 'FROM python\nWORKDIR /app\nCOPY . .\n' },
      expected: {
        '/app/manage.py': 'manage.py',
        '/app/mysite/settings/production.py': 'mysite/settings/production.py',
        '/app/mysite/settings/local.py': 'absent',
        '/srv/manage.py': 'absent',
      },
    },
    {
      name: 'netbox-docker: a file copied over the settings package after the tree',
      files: {
        'netbox/manage.py': '',
        'netbox/netbox/configuration_example.py': '',
        'docker/configuration.docker.py': '',
        Dockerfile:
          'ARG FROM\nFROM ${FROM} AS main\nARG NETBOX_PATH=.\nCOPY ${NETBOX_PATH} /opt/netbox\nCOPY docker/configuration.docker.py /opt/netbox/netbox/netbox/configuration.py\nWORKDIR /opt/netbox/netbox\n',
      },
      expected: {
        '/opt/netbox/netbox/netbox/configuration.py': 'docker/configuration.docker.py',
        '/opt/netbox/netbox/manage.py': 'netbox/manage.py',
      },
    },
    {
      name: 'RUN cp inside the image, relative to WORKDIR, after a COPY of the tree',
      files: {
        ...PROJECT,
        'docker/config.py': '',
        Dockerfile: 'FROM python\nWORKDIR /app\nCOPY . .\nRUN cp docker/config.py mysite/settings/local.py\n',
      },
      expected: { '/app/mysite/settings/local.py': 'docker/config.py' },
    },
    {
      name: 'a continued RUN: each command is placed at its own line (taiga: cp on the line after RUN)',
      files: {
        ...PROJECT,
        'docker/config.py': '',
        Dockerfile:
          'FROM python\nWORKDIR /app\nCOPY . .\nRUN set -eux; \\\n    cp docker/config.py mysite/settings/local.py; \\\n    rm -f mysite/settings/production.py\n',
      },
      expected: {
        '/app/mysite/settings/local.py': 'docker/config.py:5',
        '/app/mysite/settings/production.py': 'absent:6',
      },
      withLines: true,
    },
    {
      name: 'RUN mv moves, RUN rm removes',
      files: {
        ...PROJECT,
        Dockerfile:
          'FROM python\nWORKDIR /app\nCOPY . .\nRUN mv mysite/settings/local.py /tmp/local.py && rm -f mysite/settings/production.py\n',
      },
      expected: {
        '/app/mysite/settings/local.py': 'absent',
        '/tmp/local.py': 'mysite/settings/local.py',
        '/app/mysite/settings/production.py': 'absent',
      },
    },
    {
      name: 'RUN cd then ln -s: the link target is relative to the link',
      files: {
        ...PROJECT,
        Dockerfile: 'FROM python\nCOPY . /app\nRUN cd /app/mysite/settings && ln -sf production.py local.py\n',
      },
      expected: { '/app/mysite/settings/local.py': 'mysite/settings/production.py' },
    },
    {
      name: 'multi-stage: COPY --from a stage of this Dockerfile, another image ignored (cookiecutter-django)',
      files: {
        ...PROJECT,
        Dockerfile:
          'FROM python AS python-build-stage\nARG APP_HOME=/app\nWORKDIR ${APP_HOME}\nCOPY . ${APP_HOME}\n' +
          'FROM python AS python-run-stage\nARG APP_HOME=/app\nWORKDIR ${APP_HOME}\nCOPY --from=ghcr.io/astral-sh/uv:latest /uv /bin/uv\n' +
          'COPY --from=python-build-stage --chown=django:django ${APP_HOME} ${APP_HOME}\n' +
          'RUN DJANGO_SETTINGS_MODULE="config.settings.test" python manage.py compilemessages\n',
      },
      expected: {
        '/app/mysite/settings/production.py': 'mysite/settings/production.py',
        '/bin/uv': 'unknown',
        '/app/manage.py': 'manage.py',
      },
    },
    {
      name: 'a stage built FROM an earlier stage inherits its files',
      files: {
        ...PROJECT,
        Dockerfile: 'FROM python AS base\nCOPY . /app\nFROM base\nRUN rm /app/mysite/settings/local.py\n',
      },
      expected: { '/app/manage.py': 'manage.py', '/app/mysite/settings/local.py': 'absent' },
    },
    {
      name: 'COPY of a subset: files to a folder, a folder to a folder, a glob',
      files: {
        ...PROJECT,
        'requirements.txt': '',
        Dockerfile:
          'FROM python\nWORKDIR /srv\nCOPY requirements.txt manage.py ./\nCOPY mysite/__init__.py mysite/\nCOPY mysite/settings/__init__.py mysite/settings/production.py mysite/settings/\nCOPY *.txt /etc/\n',
      },
      expected: {
        '/srv/manage.py': 'manage.py',
        '/srv/mysite/__init__.py': 'mysite/__init__.py',
        '/srv/mysite/settings/production.py': 'mysite/settings/production.py',
        '/srv/mysite/settings/local.py': 'absent',
        '/etc/requirements.txt': 'requirements.txt',
      },
    },
    {
      name: 'COPY --exclude leaves matching files out (relative to the source)',
      files: {
        ...PROJECT,
        Dockerfile: 'FROM python\nCOPY --exclude=**/local.py --exclude=*.md . /app\n',
        'README.md': '',
      },
      expected: {
        '/app/mysite/settings/local.py': 'absent',
        '/app/README.md': 'absent',
        '/app/mysite/settings/production.py': 'mysite/settings/production.py',
      },
    },
    {
      name: 'kuma: Dockerfile below the root, context the root (its folder holds only the Dockerfile)',
      files: {
        ...PROJECT,
        '.dockerignore': 'docker/\n',
        'docker/docker-mysql.repo': '[mysql]\n',
        'docker/images/kuma/README.rst': 'The production image.\n',
        'docker/images/kuma/Dockerfile': 'FROM mdnwebdocs/kuma_base:latest\nCOPY --chown=kuma:kuma . /app\n',
      },
      dockerfile: 'docker/images/kuma/Dockerfile',
      expected: { '/app/manage.py': 'manage.py', '/app/docker/images/kuma/Dockerfile': 'absent' },
    },
    {
      name: 'context found where the COPY sources exist (the repository root)',
      files: { ...PROJECT, 'deploy/web/Dockerfile': 'FROM python\nCOPY mysite /app/mysite\nCOPY manage.py /app/\n' },
      dockerfile: 'deploy/web/Dockerfile',
      expected: { '/app/manage.py': 'manage.py', '/app/mysite/settings/local.py': 'mysite/settings/local.py' },
    },
    {
      name: 'a Dockerfile-specific ignore file wins over the context one',
      files: {
        ...PROJECT,
        '.dockerignore': '',
        'Dockerfile.prod': 'FROM python\nCOPY . /app\n',
        'Dockerfile.prod.dockerignore': 'mysite/settings/local.py\n',
      },
      dockerfile: 'Dockerfile.prod',
      expected: { '/app/mysite/settings/local.py': 'absent', '/app/manage.py': 'manage.py' },
    },
    {
      name: 'content the image makes itself is unknown',
      files: {
        ...PROJECT,
        Dockerfile:
          'FROM python\nCOPY . /app\nRUN echo "DEBUG = False" > /app/mysite/settings/local.py\nADD https://example.org/x.py /app/x.py\nCOPY <<EOF /app/y.py\nX = 1\nEOF\n',
      },
      expected: { '/app/mysite/settings/local.py': 'unknown', '/app/x.py': 'unknown', '/app/y.py': 'unknown' },
    },
    {
      name: 'a source written with an unknown build argument is unknown',
      files: { ...PROJECT, Dockerfile: 'FROM python\nARG SRC\nCOPY ${SRC} /app\n' },
      context: '',
      expected: { '/app/manage.py': 'unknown' },
    },
  ];
  it.each(cases)('$name', ({ files, dockerfile, context, expected, withLines }) => {
    expect(holds(files, dockerfile ?? 'Dockerfile', Object.keys(expected), context, withLines)).toEqual(expected);
  });
});

describe("a project's view of the image", () => {
  it('netbox-docker: the copied configuration stands in for the checkout path, from its COPY line', () => {
    const root = writeTree({
      'netbox/manage.py': '',
      'netbox/netbox/settings.py': 'from .configuration import *\n',
      'netbox/netbox/configuration_example.py': '',
      'docker/configuration.docker.py': 'DEBUG = False\n',
      Dockerfile:
        'FROM python\nCOPY . /opt/netbox\nCOPY docker/configuration.docker.py /opt/netbox/netbox/netbox/configuration.py\nWORKDIR /opt/netbox/netbox\n',
    });
    const image = imageOfProject(describeImage(join(root, 'Dockerfile'), root), join(root, 'netbox'))!;
    expect(image.projectFolder).toBe('/opt/netbox/netbox');
    expect(image.overlayFor(join(root, 'netbox/netbox/configuration.py'))).toEqual({
      source: join(root, 'docker/configuration.docker.py'),
      dockerfile: join(root, 'Dockerfile'),
      line: 3,
    });
    expect(image.overlayFor(join(root, 'netbox/netbox/settings.py'))).toBeUndefined();
    expect(image.ships(join(root, 'netbox/netbox/settings.py'))).toBe(true);
  });

  it('paperless: a COPY of src/ into WORKDIR; **/tests is left out, and so is what is outside src/', () => {
    const root = writeTree({
      '.dockerignore': '**/tests\n./docs\n',
      'src/manage.py': '',
      'src/paperless/settings.py': '',
      'src/documents/tests/test_api.py': '',
      'docs/conf.py': '',
      'scripts/tool.py': '',
      Dockerfile:
        'FROM python AS main-app\nWORKDIR /usr/src/paperless/src/\nCOPY --chown=1000:1000 ["pyproject.toml", "uv.lock", "/usr/src/paperless/src/"]\nCOPY --chown=1000:1000 ./src ./\n',
      'pyproject.toml': '',
      'uv.lock': '',
    });
    const image = imageOfProject(describeImage(join(root, 'Dockerfile'), root), join(root, 'src'))!;
    expect(image.projectFolder).toBe('/usr/src/paperless/src');
    expect(image.ships(join(root, 'src/paperless/settings.py'))).toBe(true);
    expect(image.ships(join(root, 'src/documents/tests/test_api.py'))).toBe(false);
    expect(image.absence(join(root, 'src/documents/tests/test_api.py'))).toBe(
      '.dockerignore leaves it out of the build context',
    );
    expect(image.absence(join(root, 'scripts/tool.py'))).toBe('no COPY puts it in the image');
  });

  it("an image without the project's manage.py does not describe the project (a frontend build of the whole tree)", () => {
    const root = writeTree({
      ...PROJECT,
      '.dockerignore': 'manage.py\nmysite\n',
      Dockerfile: 'FROM node\nWORKDIR /app\nCOPY . .\nRUN npm run build\n',
    });
    expect(imageOfProject(describeImage(join(root, 'Dockerfile'), root), root)).toBeUndefined();
  });

  it('a wildcard places the project only when it copies its Python files', () => {
    const files = { ...PROJECT, 'requirements-prod.txt': '', 'wsgi.py': '' };
    const { 'manage.py': _manage, ...withoutManage } = files;
    const root = writeTree(withoutManage);
    const landing = (dockerfile: string) => {
      const path = join(root, 'Dockerfile');
      writeFileSync(path, dockerfile);
      return imageOfProject(describeImage(path, root), root)?.projectFolder;
    };
    expect(landing('FROM python\nCOPY requirements*.txt /tmp/\n')).toBeUndefined();
    expect(landing('FROM python\nCOPY *.py /srv/\n')).toBe('/srv');
  });

  it('a project moved inside the image (RUN cp -r) is where the working folder has it', () => {
    const root = writeTree({
      ...PROJECT,
      Dockerfile: 'FROM python\nCOPY . /src\nRUN cp -r /src /app && rm -rf /src\nWORKDIR /app\n',
    });
    const image = imageOfProject(describeImage(join(root, 'Dockerfile'), root), root)!;
    expect(image.projectFolder).toBe('/app');
    expect(image.ships(join(root, 'mysite/settings/local.py'))).toBe(true);
  });

  it('a Dockerfile that copies only requirements does not describe the project', () => {
    const root = writeTree({
      ...PROJECT,
      'requirements.txt': '',
      Dockerfile: 'FROM python\nCOPY requirements.txt /tmp/\nRUN pip install -r /tmp/requirements.txt\n',
    });
    expect(imageOfProject(describeImage(join(root, 'Dockerfile'), root), root)).toBeUndefined();
  });
});

describe("choosing production's Dockerfile", () => {
  const COOKIECUTTER = {
    ...PROJECT,
    '.dockerignore': '.git\n.envs/\n',
    'compose/local/django/Dockerfile': 'FROM python\nWORKDIR /app\nCOPY . /app\n',
    'compose/production/django/Dockerfile':
      'FROM python AS python-build-stage\nARG APP_HOME=/app\nWORKDIR ${APP_HOME}\nCOPY . ${APP_HOME}\nRUN rm ${APP_HOME}/mysite/settings/local.py\nFROM python AS python-run-stage\nARG APP_HOME=/app\nCOPY --from=python-build-stage ${APP_HOME} ${APP_HOME}\nWORKDIR ${APP_HOME}\n',
    'compose/production/postgres/Dockerfile':
      'FROM postgres\nCOPY ./compose/production/postgres/maintenance /usr/local/bin/maintenance\n',
    'compose/production/postgres/maintenance/backup': '',
    'docker-compose.local.yml':
      'services:\n  django:\n    build:\n      context: .\n      dockerfile: ./compose/local/django/Dockerfile\n',
    'docker-compose.production.yml':
      'services:\n  django:\n    build:\n      context: .\n      dockerfile: ./compose/production/django/Dockerfile\n  postgres:\n    build:\n      context: .\n      dockerfile: ./compose/production/postgres/Dockerfile\n',
  };
  const deploymentFiles = (root: string, files: Record<string, string>) =>
    Object.keys(files)
      .filter((path) => /Dockerfile|compose/.test(path))
      .map((path) => join(root, path));

  it("reads compose files with Compose's merge tags (!reset, !override) without printing YAML warnings", () => {
    const files = {
      ...COOKIECUTTER,
      'docker-compose.override.yml': 'services:\n  django:\n    ports: !reset []\n    command: !override ["true"]\n',
    };
    const root = writeTree(files);
    const warnings: unknown[] = [];
    const listener = (warning: unknown) => warnings.push(warning);
    process.on('warning', listener);
    const emitted = jest.spyOn(process, 'emitWarning').mockImplementation((warning) => warnings.push(warning));
    try {
      const image = productionImage({
        projectRoot: root,
        repoRoot: root,
        deploymentFiles: deploymentFiles(root, files),
      });
      expect(image?.dockerfile).toBe(join(root, 'compose/production/django/Dockerfile'));
    } finally {
      emitted.mockRestore();
      process.off('warning', listener);
    }
    expect(warnings).toEqual([]);
  });

  it('cookiecutter-django: the production compose build, not the local one nor postgres', () => {
    const root = writeTree(COOKIECUTTER);
    const image = productionImage({
      projectRoot: root,
      repoRoot: root,
      deploymentFiles: deploymentFiles(root, COOKIECUTTER),
    })!;
    expect(image.dockerfile).toBe(join(root, 'compose/production/django/Dockerfile'));
    expect(image.ships(join(root, 'mysite/settings/local.py'))).toBe(false);
    expect(image.absence(join(root, 'mysite/settings/local.py'))).toBe(
      'compose/production/django/Dockerfile:5 removes it',
    );
  });

  it('never a development Dockerfile, even when it is the only one', () => {
    const files = { ...PROJECT, 'Dockerfile.dev': 'FROM python\nCOPY . /app\n' };
    const root = writeTree(files);
    expect(
      productionImage({ projectRoot: root, repoRoot: root, deploymentFiles: [join(root, 'Dockerfile.dev')] }),
    ).toBeUndefined();
  });

  it('two Dockerfiles that look alike: none, unless the evidence names one', () => {
    const files = {
      ...PROJECT,
      Dockerfile: 'FROM python\nCOPY . /app\n',
      'web.Dockerfile': 'FROM python\nCOPY . /srv\n',
    };
    const root = writeTree(files);
    const all = [join(root, 'Dockerfile'), join(root, 'web.Dockerfile')];
    expect(productionImage({ projectRoot: root, repoRoot: root, deploymentFiles: all })).toBeUndefined();
    expect(
      productionImage({ projectRoot: root, repoRoot: root, deploymentFiles: all, preferredFile: all[1] })
        ?.projectFolder,
    ).toBe('/srv');
  });

  it('kitsune: compose builds the dev target, production the final prod stage of the same Dockerfile', () => {
    const files = {
      ...PROJECT,
      Dockerfile:
        'FROM python AS base\nWORKDIR /app\nFROM base AS dev\nCOPY . .\nFROM python AS prod\nWORKDIR /app\nCOPY . .\nRUN rm mysite/settings/local.py\n',
      'docker-compose.yml': 'services:\n  web:\n    build:\n      context: .\n      target: dev\n',
    };
    const root = writeTree(files);
    const image = productionImage({
      projectRoot: root,
      repoRoot: root,
      deploymentFiles: [join(root, 'Dockerfile'), join(root, 'docker-compose.yml')],
    })!;
    expect(image.ships(join(root, 'mysite/settings/local.py'))).toBe(false);
  });

  it('DefectDojo: the release stage before test stages, and of two alike Dockerfiles the one compose names', () => {
    const dockerfile =
      'FROM python AS base\nFROM base AS release\nWORKDIR /app\nCOPY manage.py ./\nCOPY mysite/ ./mysite/\nRUN rm mysite/settings/local.py\nFROM release AS development\nCOPY mysite/settings/local.py mysite/settings/\nFROM development AS django-unittests\n';
    const files = {
      ...PROJECT,
      'Dockerfile.django-debian': dockerfile,
      'Dockerfile.django-alpine': dockerfile,
      'docker-compose.override.dev.yml':
        'services:\n  uwsgi:\n    build:\n      context: .\n      dockerfile: Dockerfile.django-${DEFECT_DOJO_OS:-debian}\n      target: development\n',
    };
    const root = writeTree(files);
    const image = productionImage({
      projectRoot: root,
      repoRoot: root,
      deploymentFiles: Object.keys(files)
        .filter((path) => /Dockerfile|compose/.test(path))
        .map((path) => join(root, path)),
    })!;
    expect(image.dockerfile).toBe(join(root, 'Dockerfile.django-debian'));
    expect(image.absence(join(root, 'mysite/settings/local.py'))).toBe('Dockerfile.django-debian:6 removes it');
  });

  it("pygoat: a lab's own Dockerfile builds the lab, the root one builds the root project", () => {
    const lab = 'labs/data_lab';
    const files = {
      ...PROJECT,
      Dockerfile: 'FROM python\nWORKDIR /app\nCOPY . .\n',
      [`${lab}/manage.py`]: '',
      [`${lab}/lab/settings.py`]: '',
      [`${lab}/requirements.txt`]: '',
      [`${lab}/Dockerfile`]: 'FROM python\nWORKDIR /srv\nCOPY requirements.txt .\nCOPY . .\n',
      'labs/other_lab/Dockerfile': 'FROM python\nCOPY . /opt\n',
      'labs/other_lab/app.py': '',
    };
    const root = writeTree(files);
    const deploymentFiles = ['Dockerfile', `${lab}/Dockerfile`, 'labs/other_lab/Dockerfile'].map((path) =>
      join(root, path),
    );
    expect(productionImage({ projectRoot: join(root, lab), repoRoot: root, deploymentFiles })?.dockerfile).toBe(
      join(root, lab, 'Dockerfile'),
    );
    expect(productionImage({ projectRoot: root, repoRoot: root, deploymentFiles })?.dockerfile).toBe(
      join(root, 'Dockerfile'),
    );
  });

  it('netbox-docker: compose build args give the ARG a COPY source names', () => {
    const files = {
      '.netbox/netbox/manage.py': '',
      '.netbox/netbox/netbox/settings.py': '',
      'docker/configuration.docker.py': '',
      Dockerfile:
        'ARG FROM\nFROM ${FROM} AS main\nARG NETBOX_PATH\nCOPY ${NETBOX_PATH} /opt/netbox\nCOPY docker/configuration.docker.py /opt/netbox/netbox/netbox/configuration.py\nWORKDIR /opt/netbox/netbox\n',
      'docker-compose.yml':
        'services:\n  netbox:\n    build:\n      context: .\n      args:\n        - NETBOX_PATH=.netbox\n        - FROM=${FROM:-ubuntu:24.04}\n',
    };
    const root = writeTree(files);
    const image = productionImage({
      projectRoot: join(root, '.netbox/netbox'),
      repoRoot: root,
      deploymentFiles: [join(root, 'Dockerfile'), join(root, 'docker-compose.yml')],
    })!;
    expect(image.projectFolder).toBe('/opt/netbox/netbox');
    expect(image.overlayFor(join(root, '.netbox/netbox/netbox/configuration.py'))?.source).toBe(
      join(root, 'docker/configuration.docker.py'),
    );
  });

  it('a production-looking Dockerfile wins over a neutral one', () => {
    const files = {
      ...PROJECT,
      Dockerfile: 'FROM python\nCOPY . /app\n',
      'Dockerfile.prod': 'FROM python\nCOPY . /srv\n',
    };
    const root = writeTree(files);
    const image = productionImage({
      projectRoot: root,
      repoRoot: root,
      deploymentFiles: [join(root, 'Dockerfile'), join(root, 'Dockerfile.prod')],
    });
    expect(image?.dockerfile).toBe(join(root, 'Dockerfile.prod'));
  });
});

/** The settings as the scan loads them with production's image (the resolver asks the image what ships). */
async function settingsInImage(files: Record<string, string>, module: string, deploymentFiles: readonly string[]) {
  const root = writeTree(files);
  const image = productionImage({
    projectRoot: root,
    repoRoot: root,
    deploymentFiles: deploymentFiles.map((f) => join(root, f)),
  });
  const store = new SourceStore(root);
  const resolver = new ModuleResolver([root], () => true, image);
  const resolved = resolver.resolve(module, 0, join(root, 'manage.py'))!;
  const settings = await loadSettings({
    store,
    resolver,
    environment: new ProductionEnvironment(new Map()),
    module: { name: module, absPath: resolved.absPath, file: store.repoPath(resolved.absPath) },
  });
  const events = resolver
    .imageEvents()
    .map((event) =>
      event.kind === 'overlay'
        ? `${store.repoPath(event.target)} <- ${store.repoPath(event.source)}:${event.line}`
        : `absent ${store.repoPath(event.file)}`,
    );
  return { settings, events, image };
}

describe('settings judged as the image holds them', () => {
  it('try/except ImportError: the .dockerignore leaves local.py out, so production.py is judged', async () => {
    const files = { ...PROJECT, '.dockerignore': '**/local.py\n', Dockerfile: 'FROM python\nCOPY . /app\n' };
    const { settings, events } = await settingsInImage(files, 'mysite.settings', ['Dockerfile']);
    expect(repr(settings.get('DEBUG').value)).toBe('False');
    expect(settings.get('DEBUG').origin.file).toBe('mysite/settings/production.py');
    expect(events).toEqual(['absent mysite/settings/local.py']);
  });

  it('try/except ImportError: without an image, the committed local.py is judged', async () => {
    const files = { ...PROJECT, '.dockerignore': '**/local.py\n', Dockerfile: 'FROM python\nCOPY . /app\n' };
    const { settings } = await settingsInImage(files, 'mysite.settings', []);
    expect(settings.get('DEBUG').origin.file).toBe('mysite/settings/local.py');
  });

  it('try/except ImportError: a COPY of a subset leaves local.py out', async () => {
    const files = {
      ...PROJECT,
      Dockerfile:
        'FROM python\nWORKDIR /app\nCOPY manage.py ./\nCOPY mysite/__init__.py mysite/\nCOPY mysite/settings/__init__.py mysite/settings/production.py mysite/settings/\n',
    };
    const { settings } = await settingsInImage(files, 'mysite.settings', ['Dockerfile']);
    expect(settings.get('DEBUG').origin.file).toBe('mysite/settings/production.py');
  });

  it('a module the Dockerfile copies over is judged as the copied file, and its relative imports resolve from its place', async () => {
    const { 'mysite/settings/local.py': _committed, ...withoutLocal } = PROJECT;
    const files = {
      ...withoutLocal,
      'mysite/settings/base.py': 'SECRET_KEY = "x"\n',
      'docker/config.py': 'from .base import *\nDEBUG = True\n',
      Dockerfile: 'FROM python\nWORKDIR /app\nCOPY . .\nRUN cp docker/config.py mysite/settings/local.py\n',
    };
    const { settings, events } = await settingsInImage(files, 'mysite.settings', ['Dockerfile']);
    expect(repr(settings.get('DEBUG').value)).toBe('True');
    expect(settings.get('DEBUG').origin.file).toBe('docker/config.py');
    expect(settings.get('SECRET_KEY').origin.file).toBe('mysite/settings/base.py');
    expect(events).toEqual(['mysite/settings/local.py <- docker/config.py:4']);
  });
});

describe('ModuleResolver with an image', () => {
  const root = writeTree({
    'manage.py': '',
    'app/__init__.py': '',
    'app/settings/__init__.py': '',
    'app/settings/base.py': '',
    'app/settings/local.py': '',
    'app/settings/secret.py': '',
    'deploy/prod.py': '',
  });
  const at = (path: string) => join(root, path);
  const image = {
    overlayFor: (target: string) =>
      target === at('app/settings/prod.py')
        ? { source: at('deploy/prod.py'), dockerfile: at('Dockerfile'), line: 7 }
        : undefined,
    ships: (absPath: string) => absPath !== at('app/settings/local.py') && absPath !== at('app/settings/secret.py'),
  };
  const resolver = new ModuleResolver([root], (absPath) => absPath !== at('app/settings/secret.py'), image);

  it('resolves a module the image copies in to the copied file, shipped, and its relative imports from the target', () => {
    expect(resolver.resolve('app.settings.prod', 0, at('manage.py'))).toEqual({
      absPath: at('deploy/prod.py'),
      shipped: true,
    });
    expect(resolver.resolve('base', 1, at('deploy/prod.py'))).toEqual({
      absPath: at('app/settings/base.py'),
      shipped: true,
    });
  });

  it('a checkout file the image lacks is not shipped; a git-ignored one is not blamed on the image', () => {
    expect(resolver.resolve('local', 1, at('app/settings/__init__.py'))?.shipped).toBe(false);
    expect(resolver.resolve('secret', 1, at('app/settings/__init__.py'))?.shipped).toBe(false);
    expect(resolver.imageEvents()).toEqual([
      {
        kind: 'overlay',
        target: at('app/settings/prod.py'),
        source: at('deploy/prod.py'),
        dockerfile: at('Dockerfile'),
        line: 7,
      },
      { kind: 'absent', file: at('app/settings/local.py') },
    ]);
  });
});
