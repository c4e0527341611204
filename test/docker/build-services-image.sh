#!/bin/sh
# Builds resources/container/Containerfile (the `slate services` image) on the local engine, with
# no registry: its base (build argument NODE_IMAGE, node:20-bookworm-slim for everyone else) is
# made here as slate-local/node:20-bookworm-slim when the engine lacks it — Debian
# bookworm (debootstrap minbase from Debian's mirror, which apt reaches) with this machine's
# Node 20 and npm in /usr/local as in the official image. The build's `npm ci` runs with the host's
# network (the test engine has no bridge). Prints the image name.
#   DOCKER_HOST=… sh test/docker/build-services-image.sh [tag]
set -eu
cd "$(dirname "$0")/../.."
TAG=${1:-slate-services:test}
BASE=slate-local/node:20-bookworm-slim
log() { echo "build-services-image: $*" >&2; }

if ! docker image inspect "$BASE" >/dev/null 2>&1; then
  ROOTFS=${SLATE_BASE_ROOTFS:-/tmp/slate-node-rootfs}
  if [ ! -x "$ROOTFS/bin/sh" ]; then
    command -v debootstrap >/dev/null 2>&1 || { apt-get update -qq >&2; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >&2; }
    log "debootstrap bookworm (minbase) into $ROOTFS"
    rm -rf "$ROOTFS.partial"
    debootstrap --variant=minbase bookworm "$ROOTFS.partial" http://deb.debian.org/debian >&2
    mv "$ROOTFS.partial" "$ROOTFS"
  fi
  NODE=$(command -v node)
  # a Node linked against a shared libnode (Debian's own nodejs) would not run in the image
  if ldd "$NODE" 2>/dev/null | grep -q libnode; then
    log "$NODE needs libnode.so; use a self-contained Node build (nodejs.org, NodeSource)"
    exit 1
  fi
  NPM_DIR=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")
  mkdir -p "$ROOTFS/usr/local/bin" "$ROOTFS/usr/local/lib/node_modules"
  cp "$NODE" "$ROOTFS/usr/local/bin/node"
  rm -rf "$ROOTFS/usr/local/lib/node_modules/npm"
  cp -r "$NPM_DIR" "$ROOTFS/usr/local/lib/node_modules/npm"
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$ROOTFS/usr/local/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$ROOTFS/usr/local/bin/npx"
  # the machine's trusted certificates, as its own Node uses them (a TLS-inspecting egress proxy
  # is common on build machines); an official base image would bring Debian's own
  CA=${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}
  CA_ENV=
  if [ -f "$CA" ]; then
    mkdir -p "$ROOTFS/etc/ssl/certs"
    cp "$CA" "$ROOTFS/etc/ssl/certs/ca-certificates.crt"
    CA_ENV=NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
  fi
  log "importing $ROOTFS as $BASE ($("$NODE" --version))"
  tar -C "$ROOTFS" -c . | docker import \
    -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    ${CA_ENV:+-c "ENV $CA_ENV"} \
    -c 'CMD ["node"]' - "$BASE" >/dev/null
fi

log "docker build -f resources/container/Containerfile -t $TAG"
BUILD_LOG=$(mktemp)
if ! DOCKER_BUILDKIT=0 docker build --network host --build-arg "NODE_IMAGE=$BASE" -f resources/container/Containerfile -t "$TAG" . >"$BUILD_LOG" 2>&1; then
  tail -40 "$BUILD_LOG" >&2
  rm -f "$BUILD_LOG"
  exit 1
fi
grep -E '^Step ' "$BUILD_LOG" | sed 's/^/  /' >&2
rm -f "$BUILD_LOG"
echo "$TAG"
