#!/usr/bin/env bash
# The test command (README, and .ci/run calls exactly this): installs what the suite needs on
# a fresh machine, then runs pytest:
#   bash tests/run.sh            the whole suite: everything but the rehearsal on three
#                                workers (pytest-xdist, work stealing: a third fills the time
#                                the others wait on servers and browsers), then the rehearsal
#                                and the tests timing a delay promised to the room, alone
#                                (they measure the app: nothing beside it)
#   bash tests/run.sh fast       the fast lane: unit, app, and storage on SQLite, both cores
#   bash tests/run.sh ARGS...    pytest ARGS as given, e.g. -m storage, or one file
# PYTHON: the interpreter to test with (default python3; a virtual environment's works too).
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
python="${PYTHON:-python3}"

# Debian packages: headless Chromium for the browser tests (Playwright cannot download its
# own here), poppler-utils to render the printed PDFs a test scans, DejaVu for the PDFs,
# nginx for the several-servers deployment (deploy/run-cluster.sh) its tests start,
# PostgreSQL's client for pg_dump (the privacy tests read a dump of the database).
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v pg_dump >/dev/null 2>&1 || missing+=(postgresql-client)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

"$python" -m pip install --quiet --disable-pip-version-check -r requirements.txt

# The suite needs the PostgreSQL server of this machine kind (127.0.0.1:5432, trust auth);
# start it if it is not answering.
if command -v pg_isready >/dev/null 2>&1 && ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
fi

if [ $# -eq 0 ]; then
  status=0
  "$python" -m pytest -n 3 --dist worksteal -m "not alone" || status=$?
  "$python" -m pytest -m alone || status=$?
  exit $status
fi
if [ "$1" = "fast" ]; then
  shift
  exec "$python" -m pytest -n 2 -m "not browser and not cluster and not postgresql" "$@"
fi
exec "$python" -m pytest "$@"
