#!/usr/bin/env bash
# Fuzz the API against its own OpenAPI document with schemathesis: a production-mode web
# process (gunicorn, DEBUG off) on 127.0.0.1 over a fresh SQLite database with the demo data.
# Fails on any server error (5xx) and on any response that does not match the document
# (status, content type, headers, body schema). Bounded examples keep it to a few minutes on
# two cores; a fixed seed makes a failure reproducible (SCHEMATHESIS_SEED to vary it).
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
server=""
cleanup() {
    if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then
        kill "$server"
        wait "$server" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
export MAEUL_VAR_DIR="$work/var"
export MAEUL_MEDIA_ROOT="$work/media"
export MAEUL_DATABASE_URL="sqlite:///$work/maeul.sqlite3"
export MAEUL_SECRET_KEY="schemathesis-$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(48))')"
export DJANGO_SETTINGS_MODULE=maeul.settings
export MAEUL_VOTING_KEY="schemathesis-$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(48))')"
export MAEUL_IDENTITY_HASH_KEY="schemathesis-$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(48))')"

echo "loading the demo data ($(date +%T)) ..."
MAEUL_DEMO=1 .venv/bin/maeul demo --no-serve >"$work/demo.log" 2>&1 || {
    cat "$work/demo.log"
    exit 1
}

port=$(.venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
# Production mode over plain HTTP on the loopback; the casting rate limit stays on (its 429
# is part of the document).
MAEUL_DEBUG=0 MAEUL_DEMO=0 MAEUL_HTTPS=0 MAEUL_TESTING=0 MAEUL_LOG_LEVEL=ERROR \
    .venv/bin/gunicorn -w 2 -b "127.0.0.1:$port" --log-level warning maeul.wsgi \
    >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 120); do
    curl -fsS "$base/healthz" >/dev/null 2>&1 && break
    sleep 0.5
done
curl -fsS "$base/healthz"
echo " (server ready $(date +%T))"
echo

# A demo resident's session and a CSRF token, so the operations behind a login (casting a
# ballot, the points statement, voucher requests) are fuzzed too, not only refused with 401.
read -r session csrf < <(.venv/bin/python - <<'PY'
import django
django.setup()
from django.conf import settings
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from maeul.accounts.models import User
client = Client()
client.force_login(User.objects.get(username="resident.namgu"))
print(client.cookies[settings.SESSION_COOKIE_NAME].value, _get_new_csrf_string())
PY
)

status=0
# One worker: schemathesis' coverage phase is not thread-safe in this version (a spurious
# internal KeyError with two). Checks left out: positive_data_acceptance (valid-looking ids of
# objects that do not exist answer 404 by design), ignored_auth and missing_required_header
# (the session cookie is sent with every request here), unsupported_method (405 is tested
# in tests/security/test_api_errors.py).
(cd "$work" && "$OLDPWD/.venv/bin/schemathesis" run "$base/api/openapi.json" \
    --checks all \
    --exclude-checks positive_data_acceptance,ignored_auth,missing_required_header,unsupported_method \
    --header "Cookie: sessionid=$session; csrftoken=$csrf" \
    --header "X-CSRFToken: $csrf" \
    --generation-with-security-parameters false \
    --max-examples "${SCHEMATHESIS_MAX_EXAMPLES:-20}" \
    --seed "${SCHEMATHESIS_SEED:-20261206}" \
    --workers 1 \
    --request-timeout 20 \
    --generation-database none \
    --no-color) || status=$?
if [ "$status" != 0 ]; then
    echo "--- server log"
    tail -n 80 "$work/server.log"
fi
exit "$status"
