/** The synthetic project's shape: which apps, which models and fields, how many files of each kind. */
import { DOMAINS, DOMAIN_SUFFIXES, FIELD_NAMES, MODEL_SUFFIXES, NOUNS, pascal, snake } from './vocabulary.js';

function fieldDeclaration(random, name, otherModels) {
  if (name.startsWith('is_')) return `models.BooleanField(default=${random.pick(['True', 'False'])})`;
  if (name.endsWith('_at'))
    return `models.DateTimeField(null=True, blank=True, db_index=${random.pick(['True', 'False'])})`;
  if (name.endsWith('_date') || name.endsWith('_on')) return 'models.DateField(null=True, blank=True)';
  if (name === 'email') return 'models.EmailField(blank=True)';
  if (name === 'website') return 'models.URLField(blank=True)';
  if (name === 'metadata') return 'models.JSONField(default=dict, blank=True)';
  if (['amount', 'total', 'balance', 'tax_rate'].includes(name)) {
    return 'models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0.00"))';
  }
  if (['quantity', 'position', 'weight', 'score', 'retries', 'version'].includes(name)) {
    return 'models.PositiveIntegerField(default=0)';
  }
  if (['description', 'notes', 'last_error'].includes(name)) return 'models.TextField(blank=True)';
  if (name === 'status') return 'models.CharField(max_length=32, choices=Status.choices, default=Status.DRAFT)';
  if (otherModels.length > 0 && random.chance(0.15)) {
    return `models.ForeignKey("${random.pick(otherModels)}", on_delete=models.CASCADE, related_name="+")`;
  }
  return `models.CharField(max_length=${random.pick([32, 64, 128, 255])}, blank=True)`;
}

/** Model classes with their fields, shared by models.py, migrations, admin, serializers and tests. */
function planModels(random, app, count) {
  const models = [];
  const used = new Set();
  while (models.length < count) {
    const name = pascal(random.pick(NOUNS)) + random.pick(MODEL_SUFFIXES);
    if (used.has(name)) continue;
    used.add(name);
    const fieldNames = random.sample(FIELD_NAMES, random.skewed(3, 24));
    const earlier = models.map((model) => `${app}.${model.name}`);
    const fields = fieldNames.map((field) => ({ name: field, declaration: fieldDeclaration(random, field, earlier) }));
    fields.push({ name: 'created_at', declaration: 'models.DateTimeField(auto_now_add=True)' });
    fields.push({ name: 'updated_at', declaration: 'models.DateTimeField(auto_now=True)' });
    models.push({ name, table: `${app}_${snake(name)}`, fields, hasStatus: fieldNames.includes('status') });
  }
  return models;
}

export function planApps(random, pythonFileBudget) {
  const apps = [];
  let planned = 0;
  for (let index = 0; planned < pythonFileBudget; index++) {
    const name =
      index < DOMAINS.length
        ? DOMAINS[index]
        : `${DOMAINS[index % DOMAINS.length]}_${DOMAIN_SUFFIXES[Math.floor(index / DOMAINS.length) - 1] ?? index}`;
    const models = planModels(random, name, random.skewed(1, 14));
    const app = {
      name,
      models,
      fat: random.chance(0.06),
      serializers: random.chance(0.6),
      forms: random.chance(0.5),
      tasks: random.chance(0.4),
      signals: random.chance(0.3),
      services: random.chance(0.5),
      commands: random.chance(0.2) ? random.int(1, 3) : 0,
      testModules: random.int(1, 4),
      /** Migrations after 0001_initial. */
      migrations: random.skewed(1, 60),
    };
    // __init__, apps, models, views, admin, urls, tests/__init__, migrations/__init__ and 0001_initial.
    const optional = [app.serializers, app.forms, app.tasks, app.signals, app.services].filter(Boolean).length;
    const fixedFiles = 9 + optional;
    const otherFiles = fixedFiles + app.testModules + (app.commands > 0 ? app.commands + 2 : 0);
    // The last app gets fewer migrations so the total lands near the budget rather than one app over it.
    app.migrations = Math.max(0, Math.min(app.migrations, pythonFileBudget - planned - otherFiles));
    planned += otherFiles + app.migrations;
    apps.push(app);
  }
  return apps;
}
