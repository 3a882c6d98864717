# Shared by docker/test.sh and docker/ha-test.sh (sourced, not run): building images without a registry,
# and watching and tearing down a podman-compose project.
#
# No container registry is reachable from these machines, so every image is built here: a Debian base made
# with debootstrap from the machine's own Debian mirror (cached as localhost/shouli-base:bookworm), and on it
# each local image, tagged with a hash of its files so a change to them builds it again and an unchanged one
# comes from podman's store.

SHOULI_BASE_IMAGE=localhost/shouli-base:bookworm

mirror() {
  # The Debian mirror this machine already uses: deb822 sources first, then the classic list.
  local m
  m=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  [ -n "$m" ] || m=$(awk '$1 == "deb" && $0 !~ /security/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
  echo "${m:-http://deb.debian.org/debian}"
}

ensure_base_image() {
  podman image exists "$SHOULI_BASE_IMAGE" && return 0
  step "building the Debian base image with debootstrap from $(mirror)"
  local rootfs
  rootfs=$(mktemp -d /var/tmp/shouli-rootfs.XXXXXX)
  debootstrap --variant=minbase --include=openjdk-17-jre-headless,ca-certificates bookworm "$rootfs" "$(mirror)" \
      > /var/tmp/shouli-debootstrap.log 2>&1 || { tail -20 /var/tmp/shouli-debootstrap.log; rm -rf "$rootfs"; return 1; }
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -c . | podman import - "$SHOULI_BASE_IMAGE" >/dev/null
  rm -rf "$rootfs"
}

# local_image DIR NAME: the tag of the image built from DIR/NAME.Containerfile, a hash of DIR/NAME.* (the
# Containerfile and the files it copies share its name).
local_image() {
  local sum
  sum=$(cat "$1/$2".* | sha256sum | cut -c1-12)
  echo "localhost/shouli-$2:$sum"
}

# build_local_image DIR NAME: builds it on the Debian base unless an image of these files exists already.
build_local_image() {
  local tag
  tag=$(local_image "$1" "$2")
  podman image exists "$tag" && return 0
  step "building $tag"
  podman build -q --network host --build-arg BASE_IMAGE="$SHOULI_BASE_IMAGE" -f "$1/$2.Containerfile" \
      -t "$tag" "$1" >/dev/null
}

# build_gateway_image TAG: docker/Dockerfile, built offline against the host's Maven repository. Run from the
# repository root. Podman's layer cache makes a build of unchanged sources quick.
build_gateway_image() {
  build_local_image docker/local builder
  step "building the gateway image $1 (docker/Dockerfile)"
  mkdir -p "$HOME/.m2"
  podman build -q --format docker --network host \
      --volume "$HOME/.m2:/root/.m2" \
      --build-arg BUILDER_IMAGE="$(local_image docker/local builder)" \
      --build-arg RUNTIME_IMAGE="$SHOULI_BASE_IMAGE" \
      --build-arg MAVEN_ARGS=-o \
      -f docker/Dockerfile -t "$1" . >/dev/null
}

# project_containers PROJECT: the names of every container of a podman-compose project, running or not.
project_containers() {
  podman ps -a --filter "label=io.podman.compose.project=$1" --format '{{.Names}}'
}

# check_containers PROJECT [NAME...]: fails (naming the container) when one of the project's containers exited
# or was restarted (restart: on-failure): it will not recover by waiting. Names given are skipped: those the
# caller stopped on purpose.
check_containers() {
  local project=$1 name state restarts status=0
  shift
  # One inspect for all of them: the drills call this every half second.
  while read -r name state restarts; do
    case " $* " in *" $name "*) continue ;; esac
    if [ "$state" != running ] || [ "${restarts:-0}" -gt 0 ]; then
      echo "container $name is $state after ${restarts:-0} restart(s)" >&2
      status=1
    fi
  done < <(project_containers "$project" | xargs -r podman inspect --format '{{.Name}} {{.State.Status}} {{.RestartCount}}' 2>/dev/null)
  return $status
}

# print_last_logs PROJECT [LINES]: the last log lines of each of the project's containers, for a failed run.
print_last_logs() {
  local c
  for c in $(project_containers "$1"); do
    echo "---- last log lines of $c"
    podman logs --tail "${2:-40}" "$c" 2>&1 || true
  done
}

# teardown_project PROJECT COMPOSE_FILE: removes the project's containers, volumes and network, whatever state
# they are in. Safe to call twice and on a project that never started.
teardown_project() {
  local n v
  # Killed outright, not stopped one by one with a grace period: a test's containers hold nothing worth a clean
  # shutdown, and this includes containers a drill started outside compose with the project's label.
  project_containers "$1" | xargs -r podman rm -f -v -t 0 >/dev/null 2>&1 || true
  podman-compose -p "$1" -f "$2" down -v >/dev/null 2>&1 || true
  for v in $(podman volume ls --format '{{.Name}}' | grep "^$1_" || true); do
    podman volume rm -f "$v" >/dev/null 2>&1 || true
  done
  # podman-compose 1.0 leaves the project's network behind; remove it so runs do not pile them up.
  for n in $(podman network ls --format '{{.Name}}' | grep -x "${1}_default" || true); do
    podman network rm -f "$n" >/dev/null 2>&1 || true
  done
}
