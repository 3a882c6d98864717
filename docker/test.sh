#!/usr/bin/env bash
# Builds the gateway image and runs docker/compose.yaml for real with podman: PostgreSQL, two gateways, a mail
# sink. A complaint goes in through one instance, is read back through the other, and its receipt must reach
# the mail sink. Everything is torn down at the end, whatever happened.
#
# No container registry is reachable from these machines, so every image is built here (docker/lib.sh): a
# Debian base made with debootstrap, and on it the build stage (JDK + Maven, building offline against the host's
# Maven repository), PostgreSQL and a small mail sink. Elsewhere, run compose.yaml with the public images (the
# defaults of its variables).
set -euo pipefail
cd "$(dirname "$0")/.."
here=$(pwd)

export CONTAINERS_CONF="$here/docker/containers.conf"
project=shouli-test-$$
port1=${SHOULI_TEST_PORT_1:-18081}
port2=${SHOULI_TEST_PORT_2:-18082}
mailport=${SHOULI_TEST_MAILSINK_PORT:-18025}
token=compose-desk-token-0123456789
started=$(date +%s)

step() { echo "docker/test.sh [$(( $(date +%s) - started ))s] $*"; }

. docker/lib.sh
ensure_base_image
for image in builder postgres mailsink; do
  build_local_image docker/local "$image"
done
build_gateway_image localhost/shouli:test

export SHOULI_IMAGE=localhost/shouli:test POSTGRES_IMAGE="$(local_image docker/local postgres)" \
    MAILSINK_IMAGE="$(local_image docker/local mailsink)" SHOULI_PORT_1=$port1 SHOULI_PORT_2=$port2 \
    MAILSINK_PORT=$mailport SHOULI_DESK_TOKENS=compose:$token
compose() { podman-compose -p "$project" -f docker/compose.yaml "$@"; }
cleanup() {
  status=$?
  [ $status -eq 0 ] || print_last_logs "$project"
  step "tearing down"
  teardown_project "$project" docker/compose.yaml
  exit $status
}
trap cleanup EXIT

step "compose up (PostgreSQL, two gateways, mail sink)"
compose up -d >/dev/null 2>&1

wait_ready() {
  for _ in $(seq 1 120); do
    if curl -fsS "http://127.0.0.1:$1/health/ready" >/dev/null 2>&1; then return 0; fi
    check_containers "$project" || return 1
    sleep 1
  done
  echo "gateway on port $1 never became ready" >&2
  return 1
}
wait_ready "$port1"
wait_ready "$port2"
step "both gateways ready"

answer=$(curl -fsS "http://127.0.0.1:$port1/api/v1/complaints" -H 'Content-Type: application/json' \
  -H 'X-Request-Id: docker-test-1' --data-binary @- <<'JSON'
{"kind": "complaint", "subject": "容器测试：空调坏了",
 "description": "在华润万家深圳南山分店买的空调三天就坏了，要求退款。",
 "complainant": {"name": "测试", "email": "receipt-check@example.org"},
 "respondent": {"organisation": "华润万家"}}
JSON
)
reference=$(echo "$answer" | python3 -c 'import json,sys; print(json.load(sys.stdin)["reference"])')
step "instance 1 took the complaint: $reference"

case_json=$(curl -fsS "http://127.0.0.1:$port2/api/v1/cases/$reference" -H "Authorization: Bearer $token")
echo "$case_json" | python3 -c 'import json,sys; c=json.load(sys.stdin); assert c["reference"]=="'"$reference"'", c; assert c["history"][0]["requestId"]=="docker-test-1", c["history"]'
step "instance 2 reads it back, request id in its history"

for _ in $(seq 1 60); do
  if curl -fsS "http://127.0.0.1:$mailport/api/v1/messages" | python3 -c '
import json, sys
messages = json.load(sys.stdin)["messages"]
sys.exit(0 if any("receipt-check@example.org" in [t["Address"] for t in m["To"]] for m in messages) else 1)'; then
    step "the receipt reached the mail sink"
    # Runs the image's HEALTHCHECK command now (podman schedules it through systemd timers, absent here).
    podman healthcheck run "${project}_gateway-1_1" >/dev/null
    step "the image's HEALTHCHECK passes on gateway-1"
    echo "docker/test.sh: 1 passed, 0 failed"
    exit 0
  fi
  sleep 1
done
echo "no receipt for receipt-check@example.org reached the mail sink" >&2
exit 1
