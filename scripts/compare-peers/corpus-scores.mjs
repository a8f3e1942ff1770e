/** Each tool's verdict on every case of the labelled raw-sql corpus. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { writeCaseFiles } from '../raw-sql-corpus.mjs';
import { banditCommand, findings, ourCommand, ruffCommand } from './run-tools.mjs';

/** The corpus as a project: manage.py and settings (our CLI needs a project), the cases under cases/. */
function writeCorpusProject(cases) {
  const folder = mkdtempSync(join(tmpdir(), 'dsg-corpus-'));
  writeFileSync(
    join(folder, 'manage.py'),
    'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "corpus_site.settings")\n',
  );
  mkdirSync(join(folder, 'corpus_site'));
  writeFileSync(join(folder, 'corpus_site', '__init__.py'), '');
  writeFileSync(
    join(folder, 'corpus_site', 'settings.py'),
    'import os\nSECRET_KEY = os.environ["SECRET_KEY"]\nDEBUG = False\n',
  );
  const names = writeCaseFiles(cases, join(folder, 'cases'));
  return { folder, names };
}

export async function corpusScores(cases, cli, peers) {
  const { folder, names } = writeCorpusProject(cases);
  const cases_ = join(folder, 'cases');
  try {
    const flaggedFiles = {
      ours: new Set(
        (await findings('ours', ...ourCommand(cli, folder), undefined, folder)).map((file) => basename(file)),
      ),
      bandit: new Set(
        (await findings('bandit', ...banditCommand(peers, cases_), peers.bandit.env, cases_)).map((file) =>
          basename(file),
        ),
      ),
      ruff: new Set(
        (await findings('ruff', ...ruffCommand(peers, cases_), peers.ruff.env, cases_)).map((file) => basename(file)),
      ),
    };
    const verdicts = {};
    for (const [tool, files] of Object.entries(flaggedFiles)) {
      verdicts[tool] = new Map(cases.map((testCase) => [testCase.id, files.has(names.get(testCase.id))]));
    }
    return verdicts;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
