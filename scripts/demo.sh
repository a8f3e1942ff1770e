#!/usr/bin/env bash
# The main job on the bundled examples, as CI would run it: static checks plus a real
# `manage.py check --deploy` on Django 5.2 (provisioned into .cache/django on first use).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/provision-django.sh 5.2 >/dev/null
field() { node -e "const v=require('./.cache/django/versions.json').find((v)=>v.series==='5.2');process.stdout.write(v['$1'])"; }
python=$(field python)
export PYTHONPATH
PYTHONPATH=$(field pythonpath)
# A throwaway key for the check: the real one stays in production's secret store.
check_key=$(node -e "process.stdout.write(require('node:crypto').randomBytes(40).toString('base64url'))")

echo "== examples/insecure-project (expected to fail)"
node dist/cli.js examples/insecure-project --python "$python" --env DATABASE_ENGINE=django.db.backends.sqlite3 || true
echo
echo "== examples/hardened-project (expected to pass)"
node dist/cli.js examples/hardened-project --python "$python" --env "DJANGO_SECRET_KEY=$check_key"
