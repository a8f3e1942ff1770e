#!/usr/bin/env bash
# Provision real Django releases (plus common extras) for the tests that run `manage.py check --deploy`.
#
#   scripts/provision-django.sh              # every series: 3.2 4.2 5.2 6.1
#   scripts/provision-django.sh 4.2 5.2      # a subset
#   scripts/provision-django.sh --force 5.2  # re-install even if cached
#
# Each series goes to .cache/django/<series>/ and is described in .cache/django/versions.json:
#   [{ "series": "5.2", "version": "5.2.x", "pythonpath": "...", "python": "/usr/bin/python3",
#      "pythonVersion": "3.11.2", "source": "debian", "modules": ["csp", ...] }, ...]
#
# Where PyPI answers, each series is `pip install --target`ed. Where it does not (only the npm registry and
# Debian's archive are reachable on the project's machines) the packages come from Debian's archive through a
# private apt state under .cache/django/apt (the system's apt setup is only read, never changed) and are
# unpacked with `dpkg -x`: they are pure Python, except python3-psycopg2, which is kept only where its compiled
# extension imports with the chosen interpreter.
#
# A series already provisioned is only re-verified (one interpreter start), so a warm run takes about a second
# and needs no network. Interpreters are chosen by probing: the first candidate that imports the series'
# Django with the right version wins (Debian's /usr/bin/python3 first, then other pythons, newest first).
#
# Environment: DJANGO_PROVISION_SOURCE=auto|debian|pypi (default auto), DJANGO_DEBIAN_MIRROR=<archive URI>
# (default: the Debian mirror in /etc/apt/sources.list*), DJANGO_PYTHON_CANDIDATES=<colon-separated paths>
# (probed before the built-in candidates).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE="$REPO/.cache/django"
ALL_SERIES=(3.2 4.2 5.2 6.1)
SOURCE_MODE=${DJANGO_PROVISION_SOURCE:-auto}
FORCE=0
REQUESTED=()

die() {
  echo "provision-django: error: $*" >&2
  exit 1
}
warn() { echo "provision-django: warning: $*" >&2; }
info() { echo "provision-django: $*" >&2; }

usage() {
  sed -n '2,25p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

while [ $# -gt 0 ]; do
  case "$1" in
    -h | --help)
      usage
      exit 0
      ;;
    -f | --force) FORCE=1 ;;
    --source=*) SOURCE_MODE=${1#--source=} ;;
    -*) die "unknown option: $1 (see --help)" ;;
    *) REQUESTED+=("$1") ;;
  esac
  shift
done
[ ${#REQUESTED[@]} -gt 0 ] || REQUESTED=("${ALL_SERIES[@]}")
case "$SOURCE_MODE" in auto | debian | pypi) ;; *) die "DJANGO_PROVISION_SOURCE/--source must be auto, debian or pypi, not '$SOURCE_MODE'" ;; esac

# Debian suite(s) per series: the first suite is the series' own; later ones only fill in what it lacks
# (experimental carries only Django itself; its dependencies come from sid, as on a real system).
suites_for() {
  case "$1" in
    3.2) echo bookworm ;;
    4.2) echo trixie ;;
    5.2) echo sid ;;
    6.1) echo "experimental sid" ;;
    *) return 1 ;;
  esac
}
# Lowest Python that the series supports (used to pick pip's interpreter; the Debian path simply probes).
min_python_for() {
  case "$1" in
    3.2) echo 3.6 ;;
    4.2) echo 3.8 ;;
    5.2) echo 3.10 ;;
    6.1) echo 3.12 ;;
  esac
}
for s in "${REQUESTED[@]}"; do
  suites_for "$s" >/dev/null || die "unknown Django series '$s' (known: ${ALL_SERIES[*]})"
done

mkdir -p "$CACHE"
if command -v flock >/dev/null 2>&1; then
  exec 9>"$CACHE/.lock"
  flock 9
fi
# Leftovers of an interrupted run (we hold the lock, so no other run owns them).
rm -rf "$CACHE"/*.tmp.* "$CACHE"/debs/.download.*

# ---------------------------------------------------------------------------------------------- interpreters

# Candidate interpreters, one absolute path a line, best first, without duplicates (by real path).
python_candidates() {
  local -a list=()
  local p v root
  if [ -n "${DJANGO_PYTHON_CANDIDATES:-}" ]; then
    IFS=: read -r -a list <<<"$DJANGO_PYTHON_CANDIDATES"
  fi
  list+=(/usr/bin/python3)
  for p in /usr/bin/python3.* /usr/local/bin/python3 /usr/local/bin/python3.*; do list+=("$p"); done
  root=${PYENV_ROOT:-$HOME/.pyenv}
  if [ -d "$root/versions" ]; then
    while IFS= read -r v; do list+=("$v/bin/python3"); done < <(printf '%s\n' "$root/versions"/*/ | sed 's#/$##' | sort -rV)
  fi
  for v in 3.15 3.14 3.13 3.12 3.11 3.10 3.9 3.8; do
    p=$(command -v "python$v" 2>/dev/null) && list+=("$p")
  done
  p=$(command -v python3 2>/dev/null) && list+=("$p")
  declare -A seen=()
  for p in "${list[@]}"; do
    case "$(basename "$p")" in python3 | python3.[0-9] | python3.[0-9][0-9]) ;; *) continue ;; esac
    case "$p" in */shims/*) continue ;; esac # pyenv shims depend on the caller's pyenv version
    [ -x "$p" ] || continue
    v=$(readlink -f "$p")
    [ -z "${seen[$v]:-}" ] || continue
    seen[$v]=1
    echo "$p"
  done
}

# Runs an interpreter the way the tests will: PYTHONPATH set to ours only, no user site.
run_py() {
  local py=$1 pp=$2
  shift 2
  env -u PYTHONHOME -u PYTHONSTARTUP -u PYTHONSAFEPATH -u PYTHONUSERBASE -u PYTHONEXECUTABLE \
    PYTHONNOUSERSITE=1 PYTHONPATH="$pp" timeout 60 "$py" "$@"
}

# The full probe sets Django up with minimal settings and runs the deploy checks (their findings do not matter,
# only that they run under this interpreter).
PROBE_CODE='
import io, sys
import django
from django.conf import settings
settings.configure(
    INSTALLED_APPS=["django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions"],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
    SECRET_KEY="probe", ROOT_URLCONF=__name__, USE_TZ=True,
)
urlpatterns = []
django.setup()
from django.core.management import call_command
from django.core.management.base import SystemCheckError
try:
    call_command("check", deploy=True, stdout=io.StringIO(), stderr=io.StringIO())
except SystemCheckError:
    pass
print(django.get_version())
print("%d.%d.%d" % tuple(sys.version_info[:3]))
'

QUICK_PROBE_CODE='
import sys, django
print(django.get_version())
print("%d.%d.%d" % tuple(sys.version_info[:3]))
'

# probe PY PYTHONPATH SERIES [CODE] -> prints "django_version python_version" when PY imports that Django series.
# The full probe (default) is used when choosing an interpreter; re-verification uses the quick one.
probe() {
  local out dj pyv
  out=$(run_py "$1" "$2" -c "${4:-$PROBE_CODE}" 2>/dev/null) || return 1
  dj=$(sed -n 1p <<<"$out")
  pyv=$(sed -n 2p <<<"$out")
  case "$dj" in "$3".*) echo "$dj $pyv" ;; *) return 1 ;; esac
}

# Which of the extras import (space-separated module names).
probe_modules() {
  run_py "$1" "$2" -c '
import importlib
found = []
for name in ("pytz", "asgiref", "sqlparse", "packaging", "csp", "environ", "decouple", "rest_framework", "axes", "psycopg2"):
    try:
        importlib.import_module(name)
        found.append(name)
    except Exception:
        pass
print(" ".join(found))
' 2>/dev/null || true
}

py_at_least() { # VERSION MIN
  [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]
}

# ----------------------------------------------------------------------------------------------- Debian path

APT_DIR="$CACHE/apt"
APT_OPTS=()
APT_READY=0
APT_MIRROR=

# Prints "URI SIGNED-BY" of the Debian archive mirror this machine's apt uses (first Debian main-archive entry).
debian_mirror() {
  local files=() f
  [ -f /etc/apt/sources.list ] && files+=(/etc/apt/sources.list)
  for f in /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do [ -f "$f" ] && files+=("$f"); done
  [ ${#files[@]} -gt 0 ] || return 1
  awk '
    function codename(s) { return s ~ /^(buster|bullseye|bookworm|trixie|forky|duke|sid|stable|testing|unstable|oldstable|oldoldstable|experimental)$/ }
    function emit(uri, suites, signed,   n, i, a) {
      n = split(suites, a, /[ \t]+/)
      for (i = 1; i <= n; i++) if (codename(a[i]) && !found) { print uri, (signed == "" ? "-" : signed); found = 1 }
    }
    function flush() {
      if (types ~ /(^|[ \t])deb([ \t]|$)/ && enabled !~ /^[Nn]o/ && uris != "") { split(uris, u, /[ \t]+/); emit(u[1], suites, signed) }
      types = uris = suites = signed = enabled = ""
    }
    FNR == 1 { flush() }
    FILENAME ~ /\.sources$/ {
      if ($0 ~ /^[ \t]*$/) { flush(); next }
      if ($0 ~ /^#/ || $0 ~ /^[ \t]/) next
      key = tolower($1); sub(/:$/, "", key); val = $0; sub(/^[^:]*:[ \t]*/, "", val)
      if (key == "types") types = val; else if (key == "uris") uris = val; else if (key == "suites") suites = val
      else if (key == "enabled") enabled = val
      else if (key == "signed-by" && val ~ /^\//) signed = val
      next
    }
    /^[ \t]*deb[ \t]/ {
      line = $0; sub(/#.*/, "", line); signed = ""
      if (match(line, /\[[^]]*\]/)) {
        opts = substr(line, RSTART + 1, RLENGTH - 2); line = substr(line, 1, RSTART - 1) substr(line, RSTART + RLENGTH)
        if (match(opts, /signed-by=[^ \t]+/)) signed = substr(opts, RSTART + 10, RLENGTH - 10)
      }
      n = split(line, w, /[ \t]+/); i = (w[1] == "" ? 2 : 1)
      emit(w[i + 1], w[i + 2], signed); signed = ""
    }
    END { flush() }
  ' "${files[@]}"
}

apt_setup() {
  [ "$APT_READY" = 1 ] && return 0
  command -v apt-get >/dev/null 2>&1 || die "apt-get is not available and PyPI is not reachable: cannot fetch Django"
  command -v dpkg >/dev/null 2>&1 || die "dpkg is not available: cannot unpack Debian packages"
  local mirror signed arch line
  if [ -n "${DJANGO_DEBIAN_MIRROR:-}" ]; then
    mirror=$DJANGO_DEBIAN_MIRROR
    signed=-
  else
    line=$(debian_mirror | head -n1) || true
    [ -n "$line" ] || die "found no Debian archive mirror in /etc/apt/sources.list or /etc/apt/sources.list.d (set DJANGO_DEBIAN_MIRROR)"
    read -r mirror signed <<<"$line"
  fi
  APT_MIRROR=$mirror
  if [ "$signed" = - ]; then
    signed=/usr/share/keyrings/debian-archive-keyring.gpg
    [ -f "$signed" ] || die "no Debian archive keyring at $signed"
  fi
  arch=$(dpkg --print-architecture)
  mkdir -p "$APT_DIR/lists/partial" "$APT_DIR/cache/archives/partial" "$CACHE/debs"
  {
    for suite in bookworm trixie sid experimental; do
      echo "deb [arch=$arch signed-by=$signed] $mirror $suite main"
    done
  } >"$APT_DIR/sources.list.new"
  if ! cmp -s "$APT_DIR/sources.list.new" "$APT_DIR/sources.list" 2>/dev/null; then
    mv "$APT_DIR/sources.list.new" "$APT_DIR/sources.list"
    rm -f "$APT_DIR/lists/"*_Release "$APT_DIR/lists/"*_InRelease # force a fresh update
  else
    rm -f "$APT_DIR/sources.list.new"
  fi
  # APT_CONFIG is read first and names itself as the main config file, which apt reads after apt.conf.d: there
  # it clears the system's update/dpkg hooks, so nothing outside .cache runs or changes.
  cat >"$APT_DIR/apt.conf" <<EOF
Dir::Etc::main "$APT_DIR/apt.conf";
#clear APT::Update::Pre-Invoke;
#clear APT::Update::Post-Invoke;
#clear APT::Update::Post-Invoke-Success;
#clear DPkg::Pre-Invoke;
#clear DPkg::Post-Invoke;
EOF
  APT_OPTS=(
    -o "Dir::State::Lists=$APT_DIR/lists"
    -o "Dir::Etc::SourceList=$APT_DIR/sources.list"
    -o Dir::Etc::SourceParts=/dev/null
    -o "Dir::Cache=$APT_DIR/cache"
    -o Dir::Cache::pkgcache=pkgcache.bin
    -o Dir::Cache::srcpkgcache=srcpkgcache.bin
    -o Dir::Etc::Preferences=/dev/null
    -o Dir::Etc::PreferencesParts=/dev/null
    -o Acquire::Languages=none
    -o APT::Sandbox::User=root
    -o Debug::NoLocking=true
  )
  APT_READY=1
  info "Debian archive: $mirror (suites bookworm trixie sid experimental, private apt state in ${APT_DIR#"$REPO"/})"
}

apt_q() { APT_CONFIG="$APT_DIR/apt.conf" "$@" "${APT_OPTS[@]}"; }

apt_update() {
  info "updating the private package lists"
  apt_q apt-get -q -q update >"$APT_DIR/update.log" 2>&1 || {
    cat "$APT_DIR/update.log" >&2
    die "apt-get update (private state) failed"
  }
  if grep -qE '^(W|E):' "$APT_DIR/update.log"; then grep -E '^(W|E):' "$APT_DIR/update.log" >&2; fi
  local suite missing=()
  for suite in bookworm trixie sid experimental; do
    compgen -G "$APT_DIR/lists/*_dists_${suite}_*Packages*" >/dev/null || missing+=("$suite")
  done
  [ ${#missing[@]} -eq 0 ] ||
    die "could not fetch the package lists of suite(s) ${missing[*]} from the Debian archive $APT_MIRROR (no network?)"
  grep -q 'Failed to fetch' "$APT_DIR/update.log" && return 0 # older lists kept: retry on the next run
  touch "$APT_DIR/lists/.updated"
}

# Lists older than 12 hours (or missing) are refreshed before anything is downloaded.
apt_lists_fresh() {
  [ -f "$APT_DIR/lists/.updated" ] && [ -z "$(find "$APT_DIR/lists/.updated" -mmin +720 2>/dev/null)" ]
}

# show_in PKG SUITE -> the package's first record in that suite (empty, status 1 if absent).
show_in() {
  local out
  out=$(apt_q apt-cache show "$1/$2" 2>/dev/null) || return 1
  [ -n "$out" ] || return 1
  awk 'NF == 0 { exit } { print }' <<<"$out"
}

# Python packages a record depends on: the first python3-* alternative of each Depends/Pre-Depends group.
python_deps() {
  awk '
    /^(Pre-)?Depends:/ {
      sub(/^[^:]*:[ \t]*/, ""); n = split($0, groups, /,[ \t]*/)
      for (i = 1; i <= n; i++) {
        m = split(groups[i], alts, /[ \t]*\|[ \t]*/)
        for (j = 1; j <= m; j++) {
          name = alts[j]; sub(/[ \t(].*/, "", name); sub(/:any$/, "", name)
          if (name ~ /^python3-/ && name !~ /^python3-(supported-min|supported-max|minimal|all|dev|stdlib-extensions)$/) { print name; break }
        }
      }
    }'
}

# resolve SUITES REQUIRED-ROOTS -- OPTIONAL-ROOTS: prints "pkg/suite version pool-filename sha256" lines for
# the closure.
# A required package (or a dependency of one) that no suite has is fatal; a missing optional one is skipped.
resolve() {
  local suites=$1
  shift
  local -a queue=() optional_flags=()
  local mode=required p s record found i=0
  for p in "$@"; do
    if [ "$p" = -- ]; then
      mode=optional
      continue
    fi
    queue+=("$p")
    optional_flags+=("$mode")
  done
  declare -A seen=()
  while [ $i -lt ${#queue[@]} ]; do
    p=${queue[$i]}
    mode=${optional_flags[$i]}
    i=$((i + 1))
    [ -z "${seen[$p]:-}" ] || continue
    seen[$p]=1
    found=
    for s in $suites; do
      if record=$(show_in "$p" "$s"); then
        found=$s
        break
      fi
    done
    if [ -z "$found" ]; then
      if [ "$mode" = required ]; then
        echo "MISSING $p"
        return 0
      fi
      warn "$p is not in suite(s) $suites: skipped"
      continue
    fi
    awk -v id="$p/$found" '/^Version:/ { v = $2 } /^Filename:/ { f = $2 } /^SHA256:/ { h = $2 }
      END { print id, v, f, h }' <<<"$record"
    while IFS= read -r dep; do
      [ -n "$dep" ] && [ -z "${seen[$dep]:-}" ] && queue+=("$dep") && optional_flags+=("$mode")
    done < <(python_deps <<<"$record")
  done
}

# fetch_debs < resolved lines: prints the cached .deb path of each, downloading those not cached yet. Cached
# files are named as in the archive's pool and checked against the index's SHA256.
fetch_debs() {
  local id version pool sha file missing=() paths=() tmp deb name
  while read -r id version pool sha; do
    file="$CACHE/debs/$(basename "$pool")"
    paths+=("$file")
    if [ -s "$file" ] && [ "$(sha256sum "$file" | awk '{ print $1 }')" = "$sha" ]; then continue; fi
    missing+=("$id")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    info "downloading ${#missing[@]} package(s): ${missing[*]}"
    tmp=$(mktemp -d "$CACHE/debs/.download.XXXXXX")
    if ! (cd "$tmp" && apt_q apt-get -q -q download "${missing[@]}" >&2); then
      rm -rf "$tmp"
      return 1
    fi
    for deb in "$tmp"/*.deb; do
      name=$(dpkg-deb --field "$deb" Package)_$(dpkg-deb --field "$deb" Version | sed 's/^[0-9]*://')_$(dpkg-deb --field "$deb" Architecture).deb
      mv "$deb" "$CACHE/debs/$name"
    done
    rm -rf "$tmp"
  fi
  for file in "${paths[@]}"; do
    [ -s "$file" ] || {
      warn "expected $file after the download"
      return 1
    }
    echo "$file"
  done
}

EXTRAS_DEBIAN=(python3-tz python3-packaging python3-django-csp python3-django-environ python3-decouple
  python3-djangorestframework python3-django-axes)

# provision_debian SERIES DEST: unpacks the packages into DEST/root (and psycopg2 into DEST/psycopg2).
provision_debian() {
  local series=$1 dest=$2 suites resolved psy debs deb stage
  suites=$(suites_for "$series")
  apt_setup
  if ! apt_lists_fresh; then apt_update; fi
  resolved=$(resolve "$suites" python3-django -- "${EXTRAS_DEBIAN[@]}")
  if grep -q '^MISSING ' <<<"$resolved"; then
    # The lists may predate a package: refresh once and retry.
    apt_update
    resolved=$(resolve "$suites" python3-django -- "${EXTRAS_DEBIAN[@]}")
  fi
  if grep -q '^MISSING ' <<<"$resolved"; then
    warn "suite(s) $suites lack: $(sed -n 's/^MISSING //p' <<<"$resolved" | tr '\n' ' ')"
    return 1
  fi
  local version
  version=$(awk '$1 ~ /^python3-django\// { print $2 }' <<<"$resolved")
  case "$version" in
    *:"$series".* | "$series".*) ;;
    *)
      warn "suite(s) $suites carry python3-django $version, not $series.x"
      return 1
      ;;
  esac
  # psycopg2 is optional: its extension is built for one Python ABI, kept only where it imports (see finish).
  psy=$(resolve "$suites" -- python3-psycopg2 2>/dev/null | head -n1)
  if ! debs=$(printf '%s\n' "$resolved" ${psy:+"$psy"} | fetch_debs); then
    # A package newer than our lists may have replaced the one they name: refresh and resolve again.
    apt_update
    resolved=$(resolve "$suites" python3-django -- "${EXTRAS_DEBIAN[@]}")
    psy=$(resolve "$suites" -- python3-psycopg2 2>/dev/null | head -n1)
    debs=$(printf '%s\n' "$resolved" ${psy:+"$psy"} | fetch_debs) || {
      warn "downloading the packages of Django $series failed"
      return 1
    }
  fi
  stage="$dest.tmp.$$"
  rm -rf "$stage"
  mkdir -p "$stage/root" "$stage/psycopg2"
  while IFS= read -r deb; do
    case "$(basename "$deb")" in
      python3-psycopg2_*) dpkg -x "$deb" "$stage/psycopg2" || return 1 ;;
      *) dpkg -x "$deb" "$stage/root" || return 1 ;;
    esac
  done <<<"$debs"
  printf '%s\n' "$resolved" ${psy:+"$psy (optional)"} | awk '{ print $1, $2 ($5 == "" ? "" : " " $5) }' \
    >"$stage/packages.txt"
  rm -rf "$dest"
  mv "$stage" "$dest" || return 1
}

# --------------------------------------------------------------------------------------------------- PyPI path

PYPI_STATE= # "", yes or no

# pip as the PyPI path uses it: the index is PIP_INDEX_URL or the configured global.index-url (else pip's own
# default, PyPI); no other pip configuration applies, so local wheelhouses (find-links, extra indexes) and
# constraint files neither count as "PyPI answers" nor mix other builds in.
run_pip() {
  local py=$1 idx=${PIP_INDEX_URL:-}
  shift
  [ -n "$idx" ] || idx=$(run_py "$py" "" -m pip config get global.index-url 2>/dev/null) || idx=
  env -u PIP_FIND_LINKS -u PIP_EXTRA_INDEX_URL -u PIP_NO_INDEX -u PIP_CONSTRAINT -u PIP_REQUIREMENT -u PIP_TARGET \
    -u PIP_INDEX_URL -u PYTHONHOME -u PYTHONSTARTUP -u PYTHONPATH ${idx:+PIP_INDEX_URL="$idx"} \
    PIP_CONFIG_FILE=/dev/null PIP_ROOT_USER_ACTION=ignore PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 \
    PYTHONNOUSERSITE=1 timeout "${PIP_TIME_LIMIT:-900}" "$py" -m pip "$@"
}

pypi_reachable() {
  if [ -z "$PYPI_STATE" ]; then
    PYPI_STATE=no
    local py tmp
    for py in $(python_candidates); do
      run_py "$py" "" -m pip --version >/dev/null 2>&1 || continue
      tmp=$(mktemp -d)
      if PIP_TIME_LIMIT=20 run_pip "$py" download --quiet --no-deps --no-cache-dir --retries 0 --timeout 5 --only-binary=:all: --dest "$tmp" sqlparse >/dev/null 2>&1; then
        PYPI_STATE=yes
      fi
      rm -rf "$tmp"
      break
    done
    info "PyPI reachable: $PYPI_STATE"
  fi
  [ "$PYPI_STATE" = yes ]
}

# provision_pypi SERIES DEST: pip-installs into DEST/site (and psycopg2-binary into DEST/psycopg2).
provision_pypi() {
  local series=$1 dest=$2 py pyv stage min d
  min=$(min_python_for "$series")
  stage="$dest.tmp.$$"
  for py in $(python_candidates); do
    pyv=$(run_py "$py" "" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null) || continue
    py_at_least "$pyv" "$min" || continue
    run_pip "$py" --version >/dev/null 2>&1 || continue
    rm -rf "$stage"
    mkdir -p "$stage"
    local pip=(run_pip "$py" install --quiet --no-cache-dir --timeout 30 --no-warn-script-location)
    if ! "${pip[@]}" --target "$stage/site" "Django==$series.*" pytz asgiref sqlparse packaging django-csp \
      django-environ python-decouple djangorestframework django-axes >&2; then
      warn "pip could not install Django $series with its extras under $py; trying Django alone"
      rm -rf "$stage/site"
      # Django's wheels only bound Python from below: if this interpreter cannot get it, none can.
      "${pip[@]}" --target "$stage/site" "Django==$series.*" >&2 || break
    fi
    "${pip[@]}" --target "$stage/psycopg2" --no-deps psycopg2-binary >&2 || warn "psycopg2-binary not installed (optional)"
    echo "pip install --target under $py" >"$stage/packages.txt"
    for d in "$stage"/site/*.dist-info; do [ -d "$d" ] && basename "$d"; done >>"$stage/packages.txt"
    echo "$py" >"$stage/pip-python"
    rm -rf "$dest"
    mv "$stage" "$dest"
    return 0
  done
  rm -rf "$stage"
  warn "no interpreter >= $min with pip could install Django $series from PyPI"
  return 1
}

# ------------------------------------------------------------------------------------------------------ series

json_str() {
  local s=${1//\\/\\\\}
  s=${s//\"/\\\"}
  printf '"%s"' "$s"
}

# finish SERIES DEST SRC: chooses the interpreter, settles psycopg2, writes DEST/provision.env.
finish() {
  local series=$1 dest=$2 src=$3 core="" d py probed="" chosen="" pp modules
  for d in "$dest/site" "$dest/root/usr/lib/python3/dist-packages" "$dest"/root/usr/lib/python3.*/dist-packages; do
    [ -d "$d" ] && core=${core:+$core:}$d
  done
  [ -n "$core" ] || {
    warn "no site-packages directory under $dest"
    return 1
  }
  local -a cands=()
  [ -f "$dest/pip-python" ] && cands+=("$(cat "$dest/pip-python")")
  while IFS= read -r py; do cands+=("$py"); done < <(python_candidates)
  for py in "${cands[@]}"; do
    if probed=$(probe "$py" "$core" "$series"); then
      chosen=$py
      break
    fi
  done
  [ -n "$chosen" ] || {
    warn "no interpreter imports the Django $series under $core (tried: ${cands[*]})"
    return 1
  }
  pp=$core
  local psy=""
  for d in "$dest/psycopg2" "$dest/psycopg2/usr/lib/python3/dist-packages"; do
    [ -d "$d/psycopg2" ] && psy=$d
  done
  if [ -n "$psy" ]; then
    if run_py "$chosen" "$core:$psy" -c 'import psycopg2' >/dev/null 2>&1; then
      pp="$core:$psy"
    else
      info "$series: psycopg2 left out (its extension does not load under $chosen)"
    fi
  fi
  modules=$(probe_modules "$chosen" "$pp")
  {
    printf 'P_SOURCE=%q\n' "$src"
    printf 'P_VERSION=%q\n' "${probed%% *}"
    printf 'P_PYTHONVERSION=%q\n' "${probed##* }"
    printf 'P_PYTHON=%q\n' "$chosen"
    printf 'P_PYTHONPATH=%q\n' "$pp"
    printf 'P_MODULES=%q\n' "$modules"
  } >"$dest/provision.env"
}

# verify SERIES DEST: true when the recorded install still imports (no network, one interpreter start).
verify() {
  local series=$1 dest=$2 probed
  [ -f "$dest/provision.env" ] || return 1
  # shellcheck source=/dev/null
  source "$dest/provision.env"
  [ -x "$P_PYTHON" ] || return 1
  probed=$(probe "$P_PYTHON" "$P_PYTHONPATH" "$series" "$QUICK_PROBE_CODE") || return 1
  [ "$probed" = "$P_VERSION $P_PYTHONVERSION" ] || return 1
  local d
  for d in ${P_PYTHONPATH//:/ }; do [ -d "$d" ] || return 1; done
}

provision_series() {
  local series=$1 dest="$CACHE/$1" src
  if [ "$FORCE" = 0 ]; then
    verify "$series" "$dest" && return 0
    if [ -f "$dest/packages.txt" ]; then
      # Unpacked before, but the recorded interpreter no longer fits: probe again without downloading.
      [ -f "$dest/pip-python" ] && src=pypi || src=debian
      if finish "$series" "$dest" "$src" && verify "$series" "$dest"; then
        info "$series: re-probed the interpreter"
        return 0
      fi
    fi
  fi
  info "$series: provisioning"
  src=debian
  if [ "$SOURCE_MODE" = pypi ] || { [ "$SOURCE_MODE" = auto ] && pypi_reachable; }; then
    if provision_pypi "$series" "$dest"; then
      src=pypi
    elif [ "$SOURCE_MODE" = pypi ]; then
      return 1
    else
      warn "$series: PyPI did not provide it; trying Debian's archive"
    fi
  fi
  if [ "$src" = debian ]; then
    provision_debian "$series" "$dest" || return 1
  fi
  finish "$series" "$dest" "$src" && verify "$series" "$dest"
}

FAILED=()
for series in "${REQUESTED[@]}"; do
  if ! provision_series "$series"; then
    FAILED+=("$series")
    rm -rf "$CACHE/$series/provision.env" "$CACHE/$series".tmp.*
  fi
done
# apt's binary caches (~180 MB) are rebuilt from the lists on demand; keep only the lists.
rm -f "$APT_DIR/cache/pkgcache.bin" "$APT_DIR/cache/srcpkgcache.bin"

# versions.json describes every series that is provisioned (requested now or earlier) and still verifies.
{
  echo "["
  first=1
  for series in "${ALL_SERIES[@]}"; do
    [ -f "$CACHE/$series/provision.env" ] || continue
    if [[ " ${REQUESTED[*]} " != *" $series "* ]] && ! verify "$series" "$CACHE/$series"; then continue; fi
    # shellcheck source=/dev/null
    source "$CACHE/$series/provision.env"
    [ $first = 1 ] || echo ","
    first=0
    mods=""
    for m in $P_MODULES; do mods=${mods:+$mods, }$(json_str "$m"); done
    printf '  { "series": %s, "version": %s, "pythonpath": %s, "python": %s, "pythonVersion": %s, "source": %s, "modules": [%s] }' \
      "$(json_str "$series")" "$(json_str "$P_VERSION")" "$(json_str "$P_PYTHONPATH")" "$(json_str "$P_PYTHON")" \
      "$(json_str "$P_PYTHONVERSION")" "$(json_str "$P_SOURCE")" "$mods"
  done
  echo
  echo "]"
} >"$CACHE/versions.json.tmp"
mv "$CACHE/versions.json.tmp" "$CACHE/versions.json"

for series in "${REQUESTED[@]}"; do
  [ -f "$CACHE/$series/provision.env" ] || continue
  # shellcheck source=/dev/null
  source "$CACHE/$series/provision.env"
  printf 'Django %-4s %-8s python %-7s %-40s %s [%s]\n' "$series" "$P_VERSION" "$P_PYTHONVERSION" "$P_PYTHON" "$P_SOURCE" "$P_MODULES"
done
echo "wrote ${CACHE#"$REPO"/}/versions.json"

if [ ${#FAILED[@]} -gt 0 ]; then
  die "could not provision Django ${FAILED[*]} (see the messages above)"
fi
