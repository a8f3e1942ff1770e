/** One Django app of the synthetic project: models, views, admin, URLs, tests, tasks and commands. */
import { writeMigrations } from './migrations.js';
import { FIELD_NAMES, pascal, plural, snake } from './vocabulary.js';

function modelsModule(random, app) {
  const out = [
    'import uuid',
    'from decimal import Decimal',
    '',
    'from django.conf import settings',
    'from django.db import models',
    'from django.urls import reverse',
    'from django.utils import timezone',
    'from django.utils.translation import gettext_lazy as _',
    '',
  ];
  for (const model of app.models) {
    out.push(
      '',
      `class ${model.name}(models.Model):`,
      `    """A ${snake(model.name).replace(/_/g, ' ')} of the ${app.name} app."""`,
      '',
    );
    if (model.hasStatus) {
      out.push(
        '    class Status(models.TextChoices):',
        '        DRAFT = "draft", _("Draft")',
        '        ACTIVE = "active", _("Active")',
        '        CLOSED = "closed", _("Closed")',
        '',
      );
    }
    out.push('    uuid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)');
    if (random.chance(0.5)) {
      out.push('    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")');
    }
    for (const field of model.fields) out.push(`    ${field.name} = ${field.declaration}`);
    out.push(
      '',
      '    class Meta:',
      `        ordering = ["-created_at"]`,
      `        verbose_name = _("${snake(model.name).replace(/_/g, ' ')}")`,
      `        indexes = [models.Index(fields=["created_at"], name="${model.table.slice(0, 20)}_created_idx")]`,
      '',
      '    def __str__(self):',
      `        return f"${model.name} {self.pk}"`,
      '',
      '    def get_absolute_url(self):',
      `        return reverse("${app.name}:${snake(model.name)}-detail", kwargs={"pk": self.pk})`,
    );
    for (let i = random.int(0, 4); i > 0; i--) {
      out.push(
        '',
        `    def ${random.pick(['refresh', 'recalculate', 'archive', 'mark', 'sync', 'touch'])}_${random.pick(FIELD_NAMES)}_${i}(self, commit=True):`,
        `        if self.updated_at and self.updated_at > timezone.now():`,
        '            return False',
        `        self.updated_at = timezone.now()`,
        '        if commit:',
        `            self.save(update_fields=["updated_at"])`,
        '        return True',
      );
    }
  }
  return `${out.join('\n')}\n`;
}

/** SQL in views, in the shapes code rules look for: parameterised and interpolated, via cursor, raw and extra. */
function sqlView(random, model, index) {
  const variable = random.pick(['term', 'status', 'start', 'code']);
  const shapes = [
    () => [
      `def ${snake(model.name)}_report_${index}(request):`,
      `    ${variable} = request.GET.get("${variable}", "")`,
      '    with connection.cursor() as cursor:',
      '        cursor.execute(',
      `            "SELECT id, created_at FROM ${model.table} WHERE ${variable} = %s ORDER BY id",`,
      `            [${variable}],`,
      '        )',
      '        rows = cursor.fetchall()',
      '    return JsonResponse({"rows": rows})',
    ],
    () => [
      `def ${snake(model.name)}_search_${index}(request):`,
      `    ${variable} = request.GET.get("q", "")`,
      '    with connection.cursor() as cursor:',
      `        cursor.execute(f"SELECT id FROM ${model.table} WHERE ${variable} LIKE '%{${variable}}%'")`,
      '        ids = [row[0] for row in cursor.fetchall()]',
      '    return JsonResponse({"ids": ids})',
    ],
    () => [
      `def ${snake(model.name)}_raw_${index}(request):`,
      `    ${variable} = request.GET.get("${variable}")`,
      `    items = ${model.name}.objects.raw("SELECT * FROM ${model.table} WHERE ${variable} = %s", [${variable}])`,
      '    return render(request, "list.html", {"items": items})',
    ],
    () => [
      `def ${snake(model.name)}_raw_unsafe_${index}(request):`,
      `    ${variable} = request.GET.get("${variable}")`,
      `    items = ${model.name}.objects.raw(f"SELECT * FROM ${model.table} WHERE ${variable} = '{${variable}}'")`,
      '    return render(request, "list.html", {"items": items})',
    ],
    () => [
      `def ${snake(model.name)}_extra_${index}(request):`,
      `    ${variable} = request.GET.get("${variable}")`,
      `    items = ${model.name}.objects.extra(where=["${variable} = %s"], params=[${variable}])`,
      '    return render(request, "list.html", {"items": items})',
    ],
    () => [
      `def ${snake(model.name)}_extra_unsafe_${index}(request):`,
      `    ${variable} = request.GET.get("${variable}")`,
      `    items = ${model.name}.objects.extra(where=[f"${variable} = '{${variable}}'"])`,
      '    return render(request, "list.html", {"items": items})',
    ],
  ];
  return random.pick(shapes)();
}

function functionView(model, index) {
  const name = snake(model.name);
  return [
    '@login_required',
    `def ${name}_detail_${index}(request, pk):`,
    `    obj = get_object_or_404(${model.name}, pk=pk)`,
    '    if not request.user.has_perm("view", obj):',
    `        logger.warning("User %s may not see ${model.name} %s", request.user.pk, pk)`,
    '        return redirect("home")',
    '    if request.method == "POST":',
    '        changed = [key for key in request.POST if hasattr(obj, key)]',
    '        for key in changed:',
    '            setattr(obj, key, request.POST[key])',
    '        obj.full_clean()',
    '        obj.save(update_fields=changed or None)',
    `        messages.success(request, _("${model.name} saved."))`,
    '        return redirect(obj.get_absolute_url())',
    `    return render(request, "${name}/detail.html", {"object": obj})`,
  ];
}

function classViews(model, index) {
  const name = snake(model.name);
  return [
    `class ${model.name}ListView${index}(LoginRequiredMixin, ListView):`,
    `    model = ${model.name}`,
    '    paginate_by = 25',
    `    template_name = "${name}/list.html"`,
    '',
    '    def get_queryset(self):',
    '        queryset = super().get_queryset()',
    '        search = self.request.GET.get("q")',
    '        if search:',
    '            queryset = queryset.filter(pk__icontains=search)',
    '        return queryset.select_related()',
    '',
    '',
    `class ${model.name}ViewSet${index}(viewsets.ModelViewSet):`,
    `    queryset = ${model.name}.objects.all()`,
    '    permission_classes = [permissions.IsAuthenticated]',
    '',
    '    @action(detail=True, methods=["post"])',
    '    def archive(self, request, pk=None):',
    '        obj = self.get_object()',
    '        obj.is_archived = True',
    '        obj.save(update_fields=["is_archived"])',
    '        return Response({"status": "archived"})',
  ];
}

function viewsModule(random, app) {
  const out = [
    'import logging',
    '',
    'from django.contrib import messages',
    'from django.contrib.auth.decorators import login_required',
    'from django.contrib.auth.mixins import LoginRequiredMixin',
    'from django.db import connection',
    'from django.http import JsonResponse',
    'from django.shortcuts import get_object_or_404, redirect, render',
    'from django.utils.translation import gettext as _',
    'from django.views.generic import ListView',
    'from rest_framework import permissions, viewsets',
    'from rest_framework.decorators import action',
    'from rest_framework.response import Response',
    '',
    `from .models import ${app.models.map((model) => model.name).join(', ')}`,
    '',
    'logger = logging.getLogger(__name__)',
  ];
  const viewCount = app.fat ? random.int(70, 100) : random.skewed(app.models.length, app.models.length * 6);
  const withSql = random.chance(0.35);
  for (let index = 0; index < viewCount; index++) {
    const model = random.pick(app.models);
    const roll = random.next();
    const view =
      withSql && roll < 0.25
        ? sqlView(random, model, index)
        : roll < 0.6
          ? functionView(model, index)
          : classViews(model, index);
    out.push('', '', ...view);
  }
  return `${out.join('\n')}\n`;
}

function serializersModule(app) {
  const out = [
    'from rest_framework import serializers',
    '',
    `from .models import ${app.models.map((m) => m.name).join(', ')}`,
  ];
  for (const model of app.models) {
    out.push(
      '',
      '',
      `class ${model.name}Serializer(serializers.ModelSerializer):`,
      '    class Meta:',
      `        model = ${model.name}`,
      `        fields = [${['id', ...model.fields.map((f) => f.name)].map((f) => `"${f}"`).join(', ')}]`,
      '        read_only_fields = ["id", "created_at", "updated_at"]',
    );
  }
  return `${out.join('\n')}\n`;
}

function formsModule(app) {
  const out = [
    'from django import forms',
    'from django.core.exceptions import ValidationError',
    '',
    `from .models import ${app.models.map((m) => m.name).join(', ')}`,
  ];
  for (const model of app.models) {
    const first = model.fields[0].name;
    out.push(
      '',
      '',
      `class ${model.name}Form(forms.ModelForm):`,
      '    class Meta:',
      `        model = ${model.name}`,
      `        exclude = ["created_at", "updated_at"]`,
      '',
      `    def clean_${first}(self):`,
      `        value = self.cleaned_data["${first}"]`,
      '        if value in (None, ""):',
      `            raise ValidationError("${first} is required")`,
      '        return value',
    );
  }
  return `${out.join('\n')}\n`;
}

function adminModule(app) {
  const out = [
    'from django.contrib import admin',
    '',
    `from .models import ${app.models.map((m) => m.name).join(', ')}`,
  ];
  for (const model of app.models) {
    const shown = model.fields.slice(0, 4).map((f) => `"${f.name}"`);
    out.push(
      '',
      '',
      `@admin.register(${model.name})`,
      `class ${model.name}Admin(admin.ModelAdmin):`,
      `    list_display = [${shown.join(', ')}]`,
      '    list_filter = ["created_at"]',
      '    search_fields = ["uuid"]',
      '    date_hierarchy = "created_at"',
      '    readonly_fields = ["uuid", "created_at", "updated_at"]',
    );
  }
  return `${out.join('\n')}\n`;
}

function urlsModule(app) {
  const out = [
    'from django.urls import path',
    '',
    'from . import views',
    '',
    `app_name = "${app.name}"`,
    '',
    'urlpatterns = [',
  ];
  for (const model of app.models) {
    const name = snake(model.name);
    out.push(`    path("${plural(name)}/<int:pk>/", views.${name}_detail_0, name="${name}-detail"),`);
  }
  out.push(']');
  return `${out.join('\n')}\n`;
}

function testModule(random, app, kind) {
  const out = [
    'import pytest',
    'from django.test import TestCase',
    'from django.contrib.auth import get_user_model',
    'from django.urls import reverse',
    '',
    `from apps.${app.name}.models import ${app.models.map((m) => m.name).join(', ')}`,
    '',
    'User = get_user_model()',
  ];
  for (const model of app.models) {
    out.push(
      '',
      '',
      `class ${model.name}${pascal(kind)}Tests(TestCase):`,
      '    @classmethod',
      '    def setUpTestData(cls):',
      `        cls.user = User.objects.create_user("tester", "tester@example.com", "not-a-real-password")`,
      `        cls.obj = ${model.name}.objects.create()`,
      '',
      '    def setUp(self):',
      '        self.client.force_login(self.user)',
      '',
    );
    for (let i = random.int(2, 10); i > 0; i--) {
      out.push(
        `    def test_${kind}_${snake(model.name)}_${i}(self):`,
        `        response = self.client.get(reverse("${app.name}:${snake(model.name)}-detail", kwargs={"pk": self.obj.pk}))`,
        '        self.assertEqual(response.status_code, 200)',
        `        self.assertContains(response, "${model.name}")`,
        `        obj = ${model.name}.objects.get(pk=self.obj.pk)`,
        '        self.assertIsNotNone(obj.pk)',
        `        self.assertIn("${model.name}", str(obj))`,
        '',
      );
    }
  }
  return `${out.join('\n')}\n`;
}

function servicesModule(random, app) {
  const out = [
    'import logging',
    'from decimal import Decimal',
    '',
    'from django.db import transaction',
    'from django.utils import timezone',
    '',
    `from .models import ${app.models.map((m) => m.name).join(', ')}`,
    '',
    'logger = logging.getLogger(__name__)',
  ];
  for (let i = random.skewed(2, 90); i > 0; i--) {
    const model = random.pick(app.models);
    const field = random.pick(model.fields).name;
    out.push(
      '',
      '',
      '@transaction.atomic',
      `def update_${snake(model.name)}_${field}_${i}(obj_id, value, *, actor=None):`,
      `    obj = ${model.name}.objects.select_for_update().get(pk=obj_id)`,
      `    previous = getattr(obj, "${field}")`,
      '    if previous == value:',
      '        return obj',
      `    setattr(obj, "${field}", value)`,
      '    obj.updated_at = timezone.now()',
      '    obj.save()',
      `    logger.info("${model.name} %s: ${field} %r -> %r by %s", obj.pk, previous, value, actor)`,
      '    return obj',
    );
  }
  return `${out.join('\n')}\n`;
}

function tasksModule(app) {
  const model = app.models[0];
  return `import logging
from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from .models import ${model.name}

logger = logging.getLogger(__name__)


@shared_task(bind=True, max_retries=3)
def nightly_maintenance(self):
    cutoff = timezone.now() - timedelta(days=90)
    stale = ${model.name}.objects.filter(updated_at__lt=cutoff)
    count = stale.count()
    logger.info("Archiving %d stale ${model.name} rows", count)
    stale.update(updated_at=timezone.now())
    return count
`;
}

function signalsModule(app) {
  const model = app.models[0];
  return `from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import ${model.name}


@receiver(post_save, sender=${model.name})
def ${snake(model.name)}_saved(sender, instance, created, **kwargs):
    if created:
        instance.refresh_from_db()
`;
}

function commandModule(app, index) {
  return `from django.core.management.base import BaseCommand
from django.db import connection


class Command(BaseCommand):
    help = "Maintenance command ${index} for ${app.name}"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, **options):
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM ${app.models[0].table}")
            (count,) = cursor.fetchone()
        self.stdout.write(self.style.SUCCESS(f"{count} rows"))
`;
}

export function writeApp(write, random, app) {
  const base = `apps/${app.name}`;
  write(`${base}/__init__.py`, '');
  write(
    `${base}/apps.py`,
    `from django.apps import AppConfig


class ${pascal(app.name)}Config(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "apps.${app.name}"
${app.signals ? '\n    def ready(self):\n        from . import signals  # noqa: F401\n' : ''}`,
  );
  write(`${base}/models.py`, modelsModule(random, app));
  write(`${base}/views.py`, viewsModule(random, app));
  write(`${base}/admin.py`, adminModule(app));
  write(`${base}/urls.py`, urlsModule(app));
  if (app.serializers) write(`${base}/serializers.py`, serializersModule(app));
  if (app.forms) write(`${base}/forms.py`, formsModule(app));
  if (app.tasks) write(`${base}/tasks.py`, tasksModule(app));
  if (app.signals) write(`${base}/signals.py`, signalsModule(app));
  if (app.services) write(`${base}/services.py`, servicesModule(random, app));
  write(`${base}/tests/__init__.py`, '');
  for (const kind of ['models', 'views', 'api', 'forms'].slice(0, app.testModules)) {
    write(`${base}/tests/test_${kind}.py`, testModule(random, app, kind));
  }
  if (app.commands > 0) {
    write(`${base}/management/__init__.py`, '');
    write(`${base}/management/commands/__init__.py`, '');
    for (let i = 1; i <= app.commands; i++)
      write(`${base}/management/commands/${app.name}_job_${i}.py`, commandModule(app, i));
  }
  writeMigrations(write, random, app);
  // Byte-compiled leftovers, as in any working copy; the tool must not mistake them for source.
  write(`${base}/__pycache__/models.cpython-312.pyc`, Buffer.from(random.hex(512), 'hex'));
  for (const model of app.models.slice(0, 3)) {
    const name = snake(model.name);
    write(
      `${base}/templates/${name}/list.html`,
      `{% extends "base.html" %}\n{% block content %}\n<ul>{% for o in object_list %}<li>{{ o }}</li>{% endfor %}</ul>\n{% endblock %}\n`,
    );
    write(
      `${base}/static/${app.name}/js/${name}.js`,
      `document.querySelectorAll("[data-${name}]").forEach((el) => el.addEventListener("click", () => el.classList.toggle("open")));\n`.repeat(
        random.skewed(1, 60),
      ),
    );
  }
}
