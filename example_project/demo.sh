#!/usr/bin/env bash
# Run the example site against a local Camdram emulator, in one command:
#
#     bash example_project/demo.sh
#
# It creates a virtualenv in example_project/.demo/ (git-ignored) and
# installs django-allauth-camdram with its [emulator] extra from this
# checkout. It migrates the site's SQLite database, which is the settings'
# default (example_project/db.sqlite3) so that manage.py run by hand uses
# the demo's data, and creates a site admin user. Then it starts the
# emulator on http://127.0.0.1:8001 and the site on http://localhost:8000,
# waits until both respond and prints what to open. Ctrl-C, or SIGINT or
# SIGTERM sent to the script's process group, stops both.
#
# The two servers use different host names so that their session cookies,
# which browsers keep per host name and not per port, do not overwrite each
# other.
#
# Environment variables:
#   PYTHON         Python 3.11 or newer to build the virtualenv with (python3)
#   SITE_PORT      port of the example site (8000)
#   EMULATOR_PORT  port of the Camdram emulator (8001)
#   DEMO_PYTHON    a Python that already has django-allauth-camdram[emulator];
#                  when set, the script runs everything with it and neither
#                  creates a virtualenv nor installs anything (unset)
set -euo pipefail

PYTHON="${PYTHON:-python3}"
SITE_PORT="${SITE_PORT:-8000}"
EMULATOR_PORT="${EMULATOR_PORT:-8001}"

EXAMPLE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(dirname "$EXAMPLE_DIR")"
DEMO_DIR="$EXAMPLE_DIR/.demo"
VENV="$DEMO_DIR/venv"

SITE_URL="http://localhost:$SITE_PORT"
EMULATOR_URL="http://127.0.0.1:$EMULATOR_PORT"
REDIRECT_URI="$SITE_URL/accounts/camdram/login/callback/"

say() { printf '\n==> %s\n' "$*"; }
fail() { printf '\ndemo.sh: %s\n' "$*" >&2; exit 1; }

# A shell without job control, as in scripts and CI jobs, starts "demo.sh &"
# with SIGINT ignored, and bash can neither trap nor reset a signal that was
# ignored when it started. Python can, so the script restarts itself through
# Python with SIGINT's default action. SIGINT sent to the process group then
# stops the demo as Ctrl-C does, even before the servers respond.
if [ -z "${DEMO_SIGINT_RESTORED:-}" ] && [ -n "$(trap -p INT)" ] \
  && command -v "${DEMO_PYTHON:-$PYTHON}" >/dev/null 2>&1; then
  DEMO_SIGINT_RESTORED=1 exec "${DEMO_PYTHON:-$PYTHON}" -c \
    'import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])' \
    "$BASH" "$0" "$@"
fi

mkdir -p "$DEMO_DIR"

if [ -n "${DEMO_PYTHON:-}" ]; then
  # The servers run from example_project/, where a relative path would
  # point elsewhere. Symlinks stay as they are, as a virtualenv needs them.
  case "$DEMO_PYTHON" in
    */*) DEMO_PYTHON="$(cd "$(dirname "$DEMO_PYTHON")" && pwd)/$(basename "$DEMO_PYTHON")" ;;
  esac
  "$DEMO_PYTHON" -c 'import allauth_camdram, oauth2_provider' 2>/dev/null \
    || fail "DEMO_PYTHON=$DEMO_PYTHON cannot import allauth_camdram and oauth2_provider; install django-allauth-camdram[emulator] into it, or unset DEMO_PYTHON."
else
  if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    fail "$PYTHON is missing or older than Python 3.11; set PYTHON to a newer interpreter."
  fi
  DEMO_PYTHON="$VENV/bin/python"
  # The package is reinstalled only when its metadata changed, so a second
  # run starts in seconds. The install is editable, so code changes in this
  # checkout need no reinstall.
  if [ ! -x "$DEMO_PYTHON" ]; then
    say "Creating a virtualenv in $VENV"
    "$PYTHON" -m venv "$VENV"
  fi
  STAMP="$DEMO_DIR/installed-from"
  WANTED="$(cat "$REPO_DIR/setup.cfg" "$REPO_DIR/pyproject.toml" | cksum)"
  if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$WANTED" ]; then
    say "Installing django-allauth-camdram[emulator] from $REPO_DIR"
    "$DEMO_PYTHON" -m pip install --quiet --upgrade pip
    "$DEMO_PYTHON" -m pip install --quiet --editable "$REPO_DIR[emulator]"
    printf '%s\n' "$WANTED" > "$STAMP"
  fi
fi

# The site's settings default to the emulator's client id and secret. They
# are passed to the emulator explicitly so that the two always agree. The
# demo uses the settings' database too (example_project/db.sqlite3 unless
# EXAMPLE_DATABASE is set), so that "manage.py camdram_sync" and every other
# command run by hand use the demo's data.
SETTINGS="$(
  cd "$EXAMPLE_DIR" && "$DEMO_PYTHON" -c \
    'from example_site import settings as s; print(s.EMULATOR_CLIENT_ID, s.EMULATOR_CLIENT_SECRET, s.EMULATOR_URL, s.DATABASES["default"]["NAME"])'
)" || fail "Could not read the emulator's client id from example_site/settings.py."
read -r CLIENT_ID CLIENT_SECRET DEFAULT_EMULATOR_URL SITE_DATABASE <<< "$SETTINGS"

# A real Camdram app in the environment would point the site away from the
# emulator that this script starts.
unset CAMDRAM_CLIENT_ID CAMDRAM_CLIENT_SECRET
export CAMDRAM_URL="$EMULATOR_URL"
export DJANGO_SETTINGS_MODULE="example_site.settings"

# A port already in use would make one server exit, or make the wait below
# take another program's response for this server's.
for port in "$EMULATOR_PORT" "$SITE_PORT"; do
  if ! "$DEMO_PYTHON" -c 'import socket, sys; socket.create_server(("127.0.0.1", int(sys.argv[1]))).close()' "$port" 2>/dev/null; then
    fail "Port $port is in use. Stop the program using it, or set SITE_PORT or EMULATOR_PORT."
  fi
done

cd "$EXAMPLE_DIR"
say "Migrating the site's database ($SITE_DATABASE)"
"$DEMO_PYTHON" manage.py migrate --verbosity 0
ADMIN_CREDENTIALS="$("$DEMO_PYTHON" manage.py demo_admin 2>/dev/null)" \
  || fail "Could not create the site's admin user; run $DEMO_PYTHON manage.py demo_admin to see why."
read -r ADMIN_USER ADMIN_PASSWORD <<< "$ADMIN_CREDENTIALS"

EMULATOR_PID=""
SITE_PID=""
stop_servers() {
  trap - INT TERM EXIT
  for pid in $SITE_PID $EMULATOR_PID; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in $SITE_PID $EMULATOR_PID; do
    wait "$pid" 2>/dev/null || true
  done
}
stop_and_exit() {
  stop_servers
  printf '\nStopped the site and the emulator.\n'
  exit 0
}
trap stop_and_exit INT TERM
trap stop_servers EXIT

# Return if the server is running. Exit status 0 (a server that handled
# SIGINT or SIGTERM), 130 or 143 (one that the signal killed) means a stop
# request, so stop the other server too and exit as Ctrl-C does. This covers
# a signal sent to one server alone, and a group SIGINT that this script
# ignored because the restart at the top did not happen. Any other exit is a
# fault, so show the end of the server's log.
check_server() {
  local name="$1" pid="$2" log="$3" status=0
  if kill -0 "$pid" 2>/dev/null; then
    return 0
  fi
  wait "$pid" || status=$?
  case "$status" in
    0 | 130 | 143) stop_and_exit ;;
  esac
  printf '\nThe end of the %s log, %s:\n' "$name" "$log" >&2
  tail -n 30 "$log" >&2
  fail "The $name exited with status $status."
}
check_servers() {
  check_server emulator "$EMULATOR_PID" "$DEMO_DIR/emulator.log"
  check_server site "$SITE_PID" "$DEMO_DIR/site.log"
}

say "Starting the Camdram emulator at $EMULATOR_URL/ (log: $DEMO_DIR/emulator.log)"
"$DEMO_PYTHON" -m allauth_camdram.emulator \
  --host 127.0.0.1 --port "$EMULATOR_PORT" \
  --database "$DEMO_DIR/emulator.sqlite3" \
  --client-id "$CLIENT_ID" --client-secret "$CLIENT_SECRET" \
  --redirect-uri "$REDIRECT_URI" \
  > "$DEMO_DIR/emulator.log" 2>&1 &
EMULATOR_PID=$!

say "Starting the example site at $SITE_URL/ (log: $DEMO_DIR/site.log)"
"$DEMO_PYTHON" manage.py runserver --noreload "localhost:$SITE_PORT" \
  > "$DEMO_DIR/site.log" 2>&1 &
SITE_PID=$!

# Wait until both servers respond to HTTP. The wait ends early, with status
# 3, when a server exits, and check_servers then reports why.
if ! "$DEMO_PYTHON" - "$EMULATOR_URL/" "$EMULATOR_PID" "$SITE_URL/" "$SITE_PID" <<'PY'
import os
import sys
import time
import urllib.error
import urllib.request

TIMEOUT_SECONDS = 120
servers = [sys.argv[i : i + 2] for i in range(1, len(sys.argv), 2)]
deadline = time.monotonic() + TIMEOUT_SECONDS
try:
    for url, pid in servers:
        while True:
            try:
                os.kill(int(pid), 0)
            except ProcessLookupError:
                sys.exit(3)
            try:
                urllib.request.urlopen(url, timeout=2).close()
                break
            except urllib.error.HTTPError:
                break  # Any HTTP status means the server is up.
            except OSError:
                pass
            if time.monotonic() > deadline:
                sys.exit(f"{url} did not respond within {TIMEOUT_SECONDS} seconds.")
            time.sleep(0.2)
except KeyboardInterrupt:
    # The script's trap reports Ctrl-C, so a traceback would only add noise.
    sys.exit(130)
PY
then
  check_servers
  fail "See the logs in $DEMO_DIR/."
fi

# The command that runs manage.py against the demo's servers and database,
# from any folder.
MANAGE="cd $(printf '%q' "$EXAMPLE_DIR") && "
if [ "$EMULATOR_URL" != "$DEFAULT_EMULATOR_URL" ]; then
  MANAGE="${MANAGE}CAMDRAM_URL=$EMULATOR_URL "
fi
if [ -n "${EXAMPLE_DATABASE:-}" ]; then
  MANAGE="${MANAGE}EXAMPLE_DATABASE=$(printf '%q' "$SITE_DATABASE") "
fi
MANAGE="$MANAGE$(printf '%q' "${DEMO_PYTHON#"$EXAMPLE_DIR"/}") manage.py"

cat <<EOF

------------------------------------------------------------------------
 The example site is running.

   Open      $SITE_URL/
   Then      press "Sign in with Camdram", pick a person on the
             emulator's sign-in page and press "Allow".

   Site admin
             $SITE_URL/admin/
             username $ADMIN_USER, password $ADMIN_PASSWORD

   Camdram emulator
             $EMULATOR_URL/
EOF
# The emulator's banner lists its admin login and the people one can sign
# in as, from its "Admin" line up to its "running at" line.
awk '/^  Admin /{show=1} /^Camdram emulator running at/{show=0} show' \
  "$DEMO_DIR/emulator.log" | sed 's/^  /             /'
cat <<EOF

   Management commands, such as syncing every Camdram account now
             $MANAGE camdram_sync

 Logs are in $DEMO_DIR/. Press Ctrl-C to stop both servers.
------------------------------------------------------------------------
EOF

# Stop both when either exits. This polls because the bash 3.2 that macOS
# ships has no "wait -n".
while kill -0 "$EMULATOR_PID" 2>/dev/null && kill -0 "$SITE_PID" 2>/dev/null; do
  sleep 1
done
check_servers
fail "A server stopped; see the logs in $DEMO_DIR/."
