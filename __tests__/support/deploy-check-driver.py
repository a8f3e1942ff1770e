"""Evaluate Django's deploy checks for many settings modules in one Python process.

Used by __tests__/conformance.test.ts to compare the static rules with real Django. Works on Python 3.8+
and Django 3.2-6.1.

    python deploy-check-driver.py --path DIR [--path DIR2 ...] [--tags security,async_support] < configs.json

stdin: a JSON list of configurations, each {"id": str, "module": "dotted.name"}; the module files live in
one of the --path directories, which are put at the front of sys.path.

stdout: one JSON object per configuration, one per line, in input order:
    {"id": ..., "ids": [sorted unique check ids], "error": null | "<load error message>" | "crash: <Type>: <message>"}

For each configuration the driver does what `manage.py check --deploy` does with its settings:
  * it loads the module with `django.conf.Settings(module)`, which also performs Django's load-time
    validation ("The ALLOWED_HOSTS setting must be a list or a tuple." on 4.x+, ...). An
    ImproperlyConfigured raised while loading (by that validation, or by the module itself) is reported
    as a load error, with its message (stripped); any other exception while importing the module (a
    KeyError from os.environ[...], a NameError, ...) as a crash;
  * it installs the loaded settings as the active ones (`settings._wrapped = ...`, which also clears the
    LazySettings cache, so every check reads this configuration's values, SECRET_KEY included);
  * it runs the registered checks with the deploy checks included, restricted to the given tags
    (default: `security` and `async_support`), so model, URL and admin checks, which depend on the app
    registry, cannot interfere. Silenced messages (SILENCED_SYSTEM_CHECKS) are dropped, as `check` drops
    them. An exception from a check is reported as a crash, as the real command would die with it.

What one process cannot reproduce: the app registry is populated once, at start, from a minimal settings
object, so nothing a configuration's INSTALLED_APPS would import runs. In particular Django 3.2's crash
"The SECRET_KEY setting must not be empty." during setup, when django.contrib.auth (e.g. through admin)
is installed and the key is empty, does not happen here: the driver reports W009 as 4.2+ does.

Configurations share the process: a settings module that changes os.environ or other global state
affects the ones after it (the generated matrix never does). Anything the settings print goes to stderr,
so stdout carries only the JSON lines.

Verified by hand against real `manage.py check --deploy --settings <module>` (security.* and async.* IDs,
and load errors) on Django 3.2.25, 4.2.28, 5.2.18 and 6.1.1, for startproject-style settings and for
every configuration of __tests__/support/settings-matrix.ts: no difference.
"""

import argparse
import json
import os
import sys
import warnings


def describe_exception(error):
    return "%s: %s" % (type(error).__name__, error)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--path", action="append", default=[], help="directory holding the settings modules")
    parser.add_argument(
        "--tags",
        default="security,async_support",
        help="comma-separated check tags to run (default: security,async_support)",
    )
    args = parser.parse_args()

    out = sys.stdout
    sys.stdout = sys.stderr
    sys.dont_write_bytecode = True
    for path in reversed(args.path):
        sys.path.insert(0, os.path.abspath(path))
    os.environ.pop("DJANGO_SETTINGS_MODULE", None)
    warnings.simplefilter("ignore")
    tags = [tag for tag in args.tags.split(",") if tag]

    configurations = json.load(sys.stdin)

    import django
    from django.conf import Settings, settings

    settings.configure(INSTALLED_APPS=[], SECRET_KEY="deploy-check-driver-bootstrap")
    django.setup()

    from django.core import checks
    from django.core.exceptions import ImproperlyConfigured

    for configuration in configurations:
        result = {"id": configuration["id"], "ids": [], "error": None}
        module = configuration["module"]
        loaded = None
        try:
            loaded = Settings(module)
        except ImproperlyConfigured as error:
            # Django 3.2 ends "must be a list or a tuple. " with a space; later releases do not.
            result["error"] = str(error).strip()
        except BaseException as error:  # the settings module itself raised: manage.py dies with it too
            if isinstance(error, KeyboardInterrupt):
                raise
            result["error"] = "crash: " + describe_exception(error)
        if loaded is not None:
            settings._wrapped = loaded
            try:
                messages = checks.run_checks(include_deployment_checks=True, tags=tags)
                result["ids"] = sorted({m.id for m in messages if m.id and not m.is_silenced()})
            except Exception as error:
                result["error"] = "crash: " + describe_exception(error)
        out.write(json.dumps(result) + "\n")
    out.flush()


if __name__ == "__main__":
    main()
