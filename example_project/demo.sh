#!/usr/bin/env bash
# Run the example site against a local Camdram emulator, in one command:
#
#     bash example_project/demo.sh
#
# It creates a virtualenv in example_project/.demo/ (git-ignored) and
# installs django-allauth-camdram with its [emulator] extra from this
# checkout. It migrates the site's SQLite database and creates a site admin
# user. Then it starts the emulator on http://127.0.0.1:8001 and the site on
# http://localhost:8000, waits until both respond and prints what to open.
# Ctrl-C stops both.
#
# The two servers use different host names so that their session cookies,
# which browsers keep per host name and not per port, do not overwrite each
# other.
#
# Environment variables:
#   PYTHON         Python 3.11 or newer to build the virtualenv with (python3)
#   SITE_PORT      port of the example site (8000)
#   EMULATOR_PORT  port of the Camdram emulator (8001)
set -euo pipefail

PYTHON="${PYTHON:-python3}"
SITE_PORT="${SITE_PORT:-8000}"
EMULATOR_PORT="${EMULATOR_PORT:-8001}"

EXAMPLE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(dirname "$EXAMPLE_DIR")"
DEMO_DIR="$EXAMPLE_DIR/.demo"
VENV="$DEMO_DIR/venv"
VENV_PYTHON="$VENV/bin/python"

SITE_URL="http://localhost:$SITE_PORT"
EMULATOR_URL="http://127.0.0.1:$EMULATOR_PORT"
REDIRECT_URI="$SITE_URL/accounts/camdram/login/callback/"

say() { printf '\n==> %s\n' "$*"; }
fail() { printf '\ndemo.sh: %s\n' "$*" >&2; exit 1; }

if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  fail "$PYTHON is missing or older than Python 3.11; set PYTHON to a newer interpreter."
fi

mkdir -p "$DEMO_DIR"

# The package is reinstalled only when its metadata changed, so a second
# run starts in seconds. The install is editable, so code changes in this
# checkout need no reinstall.
if [ ! -x "$VENV_PYTHON" ]; then
  say "Creating a virtualenv in $VENV"
  "$PYTHON" -m venv "$VENV"
fi
STAMP="$DEMO_DIR/installed-from"
WANTED="$(cat "$REPO_DIR/setup.cfg" "$REPO_DIR/pyproject.toml" | cksum)"
if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$WANTED" ]; then
  say "Installing django-allauth-camdram[emulator] from $REPO_DIR"
  "$VENV_PYTHON" -m pip install --quiet --upgrade pip
  "$VENV_PYTHON" -m pip install --quiet --editable "$REPO_DIR[emulator]"
  printf '%s\n' "$WANTED" > "$STAMP"
fi

# The site's settings default to the emulator's client id and secret. They
# are passed to the emulator explicitly so that the two always agree.
CREDENTIALS="$(
  cd "$EXAMPLE_DIR" && "$VENV_PYTHON" -c \
    'from example_site import settings as s; print(s.EMULATOR_CLIENT_ID, s.EMULATOR_CLIENT_SECRET)'
)" || fail "Could not read the emulator's client id from example_site/settings.py."
read -r CLIENT_ID CLIENT_SECRET <<< "$CREDENTIALS"

# A real Camdram app in the environment would point the site away from the
# emulator that this script starts.
unset CAMDRAM_CLIENT_ID CAMDRAM_CLIENT_SECRET
export CAMDRAM_URL="$EMULATOR_URL"
export EXAMPLE_DATABASE="$DEMO_DIR/site.sqlite3"
export DJANGO_SETTINGS_MODULE="example_site.settings"

# A port already in use would make one server exit, or make the wait below
# take another program's response for this server's.
for port in "$EMULATOR_PORT" "$SITE_PORT"; do
  if ! "$VENV_PYTHON" -c 'import socket, sys; socket.create_server(("127.0.0.1", int(sys.argv[1]))).close()' "$port" 2>/dev/null; then
    fail "Port $port is in use. Stop the program using it, or set SITE_PORT or EMULATOR_PORT."
  fi
done

cd "$EXAMPLE_DIR"
say "Migrating the site's database ($EXAMPLE_DATABASE)"
"$VENV_PYTHON" manage.py migrate --verbosity 0
ADMIN_CREDENTIALS="$("$VENV_PYTHON" manage.py demo_admin 2>/dev/null)" \
  || fail "Could not create the site's admin user; run $VENV_PYTHON manage.py demo_admin to see why."
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
trap 'stop_servers; printf "\nStopped the site and the emulator.\n"; exit 0' INT TERM
trap stop_servers EXIT

say "Starting the Camdram emulator at $EMULATOR_URL/ (log: $DEMO_DIR/emulator.log)"
"$VENV_PYTHON" -m allauth_camdram.emulator \
  --host 127.0.0.1 --port "$EMULATOR_PORT" \
  --database "$DEMO_DIR/emulator.sqlite3" \
  --client-id "$CLIENT_ID" --client-secret "$CLIENT_SECRET" \
  --redirect-uri "$REDIRECT_URI" \
  > "$DEMO_DIR/emulator.log" 2>&1 &
EMULATOR_PID=$!

say "Starting the example site at $SITE_URL/ (log: $DEMO_DIR/site.log)"
"$VENV_PYTHON" manage.py runserver --noreload "localhost:$SITE_PORT" \
  > "$DEMO_DIR/site.log" 2>&1 &
SITE_PID=$!

# Wait until both servers respond to HTTP. If one exits first, print its log.
"$VENV_PYTHON" - "$EMULATOR_URL/" "$EMULATOR_PID" "$DEMO_DIR/emulator.log" \
  "$SITE_URL/" "$SITE_PID" "$DEMO_DIR/site.log" <<'PY'
import os
import sys
import time
import urllib.error
import urllib.request

TIMEOUT_SECONDS = 120
servers = [sys.argv[i : i + 3] for i in range(1, len(sys.argv), 3)]
deadline = time.monotonic() + TIMEOUT_SECONDS
for url, pid, log in servers:
    while True:
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            with open(log, encoding="utf-8", errors="replace") as file:
                sys.exit(f"The server for {url} exited. Its log, {log}:\n{file.read()}")
        try:
            urllib.request.urlopen(url, timeout=2).close()
            break
        except urllib.error.HTTPError:
            break  # Any HTTP status means the server is up.
        except OSError:
            pass
        if time.monotonic() > deadline:
            sys.exit(f"{url} did not answer within {TIMEOUT_SECONDS} seconds; see {log}.")
        time.sleep(0.2)
PY

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

 Logs are in $DEMO_DIR/. Press Ctrl-C to stop both servers.
------------------------------------------------------------------------
EOF

# Stop both when either exits by itself. This polls because the bash 3.2
# that macOS ships has no "wait -n".
while kill -0 "$EMULATOR_PID" 2>/dev/null && kill -0 "$SITE_PID" 2>/dev/null; do
  sleep 1
done
fail "A server stopped by itself; see the logs in $DEMO_DIR/."
