#!/usr/bin/env bash
# Builds the gateway image and runs docker/compose.yaml for real with podman: PostgreSQL, two gateways, a mail
# sink. A complaint goes in through one instance, is read back through the other, and its receipt must reach
# the mail sink. Everything is torn down at the end, whatever happened.
#
# No container registry is reachable from these machines, so every image is built here: a Debian base made
# with debootstrap from the machine's own Debian mirror (cached as localhost/shouli-base:bookworm), and on it
# the build stage (JDK + Maven, building offline against the host's Maven repository), PostgreSQL and a small
# mail sink. Elsewhere, run compose.yaml with the public images (the defaults of its variables).
set -euo pipefail
cd "$(dirname "$0")/.."
here=$(pwd)

export CONTAINERS_CONF="$here/docker/containers.conf"
project=shouli-test-$$
port1=${SHOULI_TEST_PORT_1:-18081}
port2=${SHOULI_TEST_PORT_2:-18082}
mailport=${SHOULI_TEST_MAILSINK_PORT:-18025}
token=compose-desk-token-0123456789
base=localhost/shouli-base:bookworm
started=$(date +%s)

step() { echo "docker/test.sh [$(( $(date +%s) - started ))s] $*"; }

mirror() {
  # The Debian mirror this machine already uses: deb822 sources first, then the classic list.
  local m
  m=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  [ -n "$m" ] || m=$(awk '$1 == "deb" && $0 !~ /security/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
  echo "${m:-http://deb.debian.org/debian}"
}

if ! podman image exists "$base"; then
  step "building the Debian base image with debootstrap from $(mirror)"
  rootfs=$(mktemp -d /var/tmp/shouli-rootfs.XXXXXX)
  debootstrap --variant=minbase --include=openjdk-17-jre-headless,ca-certificates bookworm "$rootfs" "$(mirror)" \
      > /var/tmp/shouli-debootstrap.log 2>&1 || { tail -20 /var/tmp/shouli-debootstrap.log; exit 1; }
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -c . | podman import - "$base" >/dev/null
  rm -rf "$rootfs"
fi

# Each local image is tagged with a hash of its files, so a change to them builds it again.
local_image() {
  local sum
  sum=$(cat docker/local/"$1".* | sha256sum | cut -c1-12)
  echo "localhost/shouli-$1:$sum"
}
for image in builder postgres mailsink; do
  tag=$(local_image "$image")
  if ! podman image exists "$tag"; then
    step "building $tag"
    podman build -q --network host --build-arg BASE_IMAGE="$base" -f "docker/local/$image.Containerfile" \
        -t "$tag" docker/local >/dev/null
  fi
done

step "building the gateway image (docker/Dockerfile)"
mkdir -p "$HOME/.m2"
podman build -q --format docker --network host \
    --volume "$HOME/.m2:/root/.m2" \
    --build-arg BUILDER_IMAGE="$(local_image builder)" \
    --build-arg RUNTIME_IMAGE="$base" \
    --build-arg MAVEN_ARGS=-o \
    -f docker/Dockerfile -t localhost/shouli:test . >/dev/null

export SHOULI_IMAGE=localhost/shouli:test POSTGRES_IMAGE="$(local_image postgres)" \
    MAILSINK_IMAGE="$(local_image mailsink)" SHOULI_PORT_1=$port1 SHOULI_PORT_2=$port2 \
    MAILSINK_PORT=$mailport SHOULI_DESK_TOKENS=compose:$token
compose() { podman-compose -p "$project" -f docker/compose.yaml "$@"; }
containers() { podman ps -a --filter "label=io.podman.compose.project=$project" --format '{{.Names}}'; }
cleanup() {
  status=$?
  if [ $status -ne 0 ]; then
    for c in $(containers); do
      echo "---- last log lines of $c"; podman logs --tail 40 "$c" 2>&1 || true
    done
  fi
  step "tearing down"
  compose down -v >/dev/null 2>&1 || true
  # podman-compose 1.0 leaves the project's network behind; remove it so runs do not pile them up.
  for n in $(podman network ls --format '{{.Name}}' | grep -x "${project}_default" || true); do
    podman network rm -f "$n" >/dev/null 2>&1 || true
  done
  exit $status
}
trap cleanup EXIT

step "compose up (PostgreSQL, two gateways, mail sink)"
compose up -d >/dev/null 2>&1

# A container that exited or was restarted (restart: on-failure) will not recover by waiting: fail at once,
# and the clean-up prints its last log lines.
check_containers() {
  local c state restarts
  for c in $(containers); do
    state=$(podman inspect --format '{{.State.Status}}' "$c" 2>/dev/null || echo gone)
    restarts=$(podman inspect --format '{{.RestartCount}}' "$c" 2>/dev/null || echo 0)
    if [ "$state" != running ] || [ "${restarts:-0}" -gt 0 ]; then
      echo "container $c is $state after ${restarts:-0} restart(s)" >&2
      return 1
    fi
  done
}

wait_ready() {
  for _ in $(seq 1 120); do
    if curl -fsS "http://127.0.0.1:$1/health/ready" >/dev/null 2>&1; then return 0; fi
    check_containers || return 1
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
