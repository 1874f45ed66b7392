#!/usr/bin/env bash
# Several Partner Day app servers on one PostgreSQL database, behind nginx with sticky
# sessions, on one public port:   deploy/run-cluster.sh N [PUBLIC_PORT]
#
#   DATABASE_URL   the shared PostgreSQL (default postgresql://postgres@127.0.0.1:5432/partnerday,
#                  created if missing)
#   PARTNERDAY_BASE_URL, PARTNERDAY_ORGANISER_PASSWORD, SMTP_*   as for one server
#   APP_PORT_BASE  app servers listen on APP_PORT_BASE+1 ... +N (default 8600)
#   RUN_DIR        nginx's config, logs and pid, the servers' logs (default a temporary folder)
#   PYTHON         the interpreter with the app's requirements (default python3 from the PATH;
#                  from a virtual environment that is not activated: PYTHON=.venv/bin/python)
#
# It stays in the foreground; Ctrl-C (or SIGTERM) stops nginx and every app server.
set -euo pipefail
export PATH="$PATH:/usr/sbin"
cd "$(dirname "$0")/.."

servers="${1:?usage: deploy/run-cluster.sh N [PUBLIC_PORT]}"
public_port="${2:-8080}"
base="${APP_PORT_BASE:-8600}"
run_dir="${RUN_DIR:-$(mktemp -d -t partnerday-cluster.XXXX)}"
mkdir -p "$run_dir"
export DATABASE_URL="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/partnerday}"
export PARTNERDAY_BASE_URL="${PARTNERDAY_BASE_URL:-http://localhost:${public_port}}"
python="${PYTHON:-python3}"

case "$DATABASE_URL" in
  postgres*) ;;
  *) echo "run-cluster: several servers need one PostgreSQL database (DATABASE_URL)" >&2; exit 2 ;;
esac
command -v nginx >/dev/null || { echo "run-cluster: install nginx (apt-get install nginx)" >&2; exit 2; }

# the database itself, if the server has none of that name
"$python" - <<'PY'
import os, psycopg
from sqlalchemy import make_url
url = make_url(os.environ["DATABASE_URL"])
admin = url.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
with psycopg.connect(admin, autocommit=True) as conn:
    if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (url.database,)).fetchone():
        conn.execute(f'CREATE DATABASE "{url.database}"')
PY

pids=()
stop() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop EXIT INT TERM

# one cookie secret for all servers, so that a browser's XSRF cookie is valid on each
export STREAMLIT_SERVER_COOKIE_SECRET="${STREAMLIT_SERVER_COOKIE_SECRET:-$("$python" -c 'import secrets; print(secrets.token_urlsafe(32))')}"
upstreams=""
for i in $(seq 1 "$servers"); do
  port=$((base + i))
  "$python" -m streamlit run app.py --server.port "$port" --server.address 127.0.0.1 \
    --server.headless true \
    > "$run_dir/app-$port.log" 2>&1 &
  pids+=($!)
  upstreams+="        server 127.0.0.1:${port} max_fails=0;"$'\n'
done
for i in $(seq 1 "$servers"); do
  port=$((base + i))
  for _ in $(seq 1 120); do
    "$python" -c "import socket,sys; socket.create_connection(('127.0.0.1', $port), 1)" 2>/dev/null && break
    sleep 0.5
  done
done

mkdir -p "$run_dir"/{body,proxy,fastcgi,uwsgi,scgi}
"$python" - "$run_dir" "$public_port" "$upstreams" <<'PY'
import sys
from pathlib import Path
run, port, servers = sys.argv[1:4]
text = Path("deploy/nginx.conf.template").read_text()
text = text.replace("@RUN@", run).replace("@PORT@", port).replace("@SERVERS@", servers.rstrip())
Path(run, "nginx.conf").write_text(text)
PY
nginx -t -q -c "$run_dir/nginx.conf" -p "$run_dir"
nginx -c "$run_dir/nginx.conf" -p "$run_dir" &
nginx_pid=$!
pids+=("$nginx_pid")
for _ in $(seq 1 50); do
  "$python" -c "import socket; socket.create_connection(('127.0.0.1', $public_port), 1)" \
    2>/dev/null && break
  sleep 0.2
done
echo "Partner Day: $servers app server(s) behind http://localhost:${public_port} (logs in $run_dir)"
wait "$nginx_pid"
