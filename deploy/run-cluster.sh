#!/usr/bin/env bash
# Several Partner Day app servers on one PostgreSQL database, behind nginx with sticky
# sessions, on one public port:   deploy/run-cluster.sh N [PUBLIC_PORT]
#
#   DATABASE_URL   the shared PostgreSQL (default postgresql://postgres@127.0.0.1:5432/partnerday,
#                  created if missing)
#   PARTNERDAY_BASE_URL, PARTNERDAY_ORGANISER_PASSWORD, SMTP_*   as for one server
#   APP_PORT_BASE  app servers listen on APP_PORT_BASE+1 ... +N (default 8600)
#   RUN_DIR        nginx's config, logs and pid, the servers' logs (default a temporary folder)
#   TLS_CERT, TLS_KEY  a certificate and its key (PEM): nginx then serves HTTPS on PUBLIC_PORT,
#                  with HSTS and Secure cookies (see the README for a self-signed one)
#   HTTP_PORT      with TLS: a plain-HTTP port that only redirects to HTTPS (default none)
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
scheme=http
[ -n "${TLS_CERT:-}" ] && scheme=https
export PARTNERDAY_BASE_URL="${PARTNERDAY_BASE_URL:-${scheme}://localhost:${public_port}}"
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
# each server answers its health check before nginx sends it anyone (its first start migrates
# the database and may take a while on a busy machine: a port open before that gave a 502)
# (one that has exited, e.g. on a port already taken, is said at once)
for i in $(seq 1 "$servers"); do
  port=$((base + i))
  ready=""
  for _ in $(seq 1 360); do
    "$python" -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/_stcore/health', timeout=2)" \
      2>/dev/null && { ready=1; break; }
    kill -0 "${pids[$((i - 1))]}" 2>/dev/null || break
    sleep 0.5
  done
  [ -n "$ready" ] || { echo "run-cluster: the app server on port $port did not start (see $run_dir/app-$port.log)" >&2; exit 1; }
done

mkdir -p "$run_dir"/{body,proxy,fastcgi,uwsgi,scgi}
"$python" - "$run_dir" "$public_port" "$upstreams" <<'PY'
import os
import sys
from pathlib import Path
run, port, servers = sys.argv[1:4]
cert, key, http_port = (os.environ.get(n, "") for n in ("TLS_CERT", "TLS_KEY", "HTTP_PORT"))
if bool(cert) != bool(key):
    sys.exit("run-cluster: TLS_CERT and TLS_KEY go together")
tls = bool(cert)
listen = (f"        listen {port} ssl;\n        ssl_certificate {Path(cert).resolve()};\n"
          f"        ssl_certificate_key {Path(key).resolve()};\n"
          "        ssl_protocols TLSv1.2 TLSv1.3;" if tls else f"        listen {port};")
redirect = (f"    server {{\n        listen {http_port};\n        server_tokens off;\n"
            f"        location / {{ return 301 https://$host:{port}$request_uri; }}\n    }}"
            if tls and http_port else "")
hsts = ('        add_header Strict-Transport-Security "max-age=31536000" always;'
        if tls else "")
text = Path("deploy/nginx.conf.template").read_text()
for mark, value in (("@RUN@", run), ("@SERVERS@", servers.rstrip()), ("@LISTEN@", listen),
                    ("@REDIRECT@", redirect), ("@HSTS@", hsts),
                    ("@SECURE@", "; Secure" if tls else "")):
    text = text.replace(mark, value)
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
echo "Partner Day: $servers app server(s) behind ${scheme}://localhost:${public_port} (logs in $run_dir)"
wait "$nginx_pid"
