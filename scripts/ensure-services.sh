#!/usr/bin/env bash
# Make sure PostgreSQL and Redis answer for `make test`, starting the local ones if they
# are installed but stopped; say clearly what is missing otherwise.
set -u
PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
REDIS_HOST=${REDIS_HOST:-127.0.0.1}
REDIS_PORT=${REDIS_PORT:-6379}

pg_up() { pg_isready -q -h "$PGHOST" -p "$PGPORT" 2>/dev/null || python3 - "$PGHOST" "$PGPORT" <<'PY'
import socket, sys
s = socket.socket(); s.settimeout(1)
sys.exit(s.connect_ex((sys.argv[1], int(sys.argv[2]))))
PY
}
redis_up() { python3 - "$REDIS_HOST" "$REDIS_PORT" <<'PY'
import socket, sys
try:
    s = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=1)
    s.sendall(b"PING\r\n"); sys.exit(0 if s.recv(16).startswith(b"+PONG") else 1)
except OSError:
    sys.exit(1)
PY
}

status=0
if ! pg_up; then
  if [ -d /etc/postgresql ] && command -v pg_ctlcluster >/dev/null; then
    echo "PostgreSQL is not answering on $PGHOST:$PGPORT: starting the local cluster…"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
    for _ in $(seq 1 30); do pg_up && break; sleep 1; done
  fi
  if ! pg_up; then
    echo "ERROR: PostgreSQL is needed on $PGHOST:$PGPORT (user postgres, trust auth) and is not running." >&2
    echo "       Install it (apt-get install postgresql) or set DATABASE_URL to a reachable server." >&2
    status=1
  fi
fi
if ! redis_up; then
  if command -v redis-server >/dev/null; then
    echo "Redis is not answering on $REDIS_HOST:$REDIS_PORT: starting a local server…"
    redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no || true
    for _ in $(seq 1 30); do redis_up && break; sleep 1; done
  fi
  if ! redis_up; then
    echo "ERROR: Redis is needed on $REDIS_HOST:$REDIS_PORT and is not running." >&2
    echo "       Install it (apt-get install redis-server) or set REDIS_URL to a reachable server." >&2
    status=1
  fi
fi
[ $status -eq 0 ] && echo "PostgreSQL and Redis answer."
exit $status
