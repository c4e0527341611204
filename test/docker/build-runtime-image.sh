#!/bin/sh
# Build `slate-runtime-test:busybox`, the image the runtime-session tests run: Debian's static
# busybox only (no registry is reachable here), uid 1000 as the default user. Idempotent.
set -eu
: "${DOCKER_HOST:?set DOCKER_HOST (see test/docker/start-dockerd.sh)}"
IMAGE=${SLATE_RUNTIME_TEST_IMAGE:-slate-runtime-test:busybox}
BB=$(command -v busybox)
FP=$(cat "$BB" "$0" | sha256sum | cut -c1-16)
if [ "$(docker image inspect -f '{{ index .Config.Labels "slate.fingerprint" }}' "$IMAGE" 2>/dev/null || true)" = "$FP" ]; then exit 0; fi
ROOT=$(mktemp -d /tmp/slate-runtime-rootfs.XXXXXX)
trap 'rm -rf "$ROOT"' EXIT
mkdir -p "$ROOT/bin" "$ROOT/tmp" "$ROOT/etc" "$ROOT/proc" "$ROOT/sys" "$ROOT/dev" "$ROOT/data"
cp "$BB" "$ROOT/bin/busybox"
for t in sh ls cat echo env sleep seq id printf yes head wc true; do ln -s busybox "$ROOT/bin/$t"; done
printf 'root:x:0:0:root:/:/bin/sh\ngame:x:1000:1000:game:/tmp:/bin/sh\n' >"$ROOT/etc/passwd"
printf 'root:x:0:\ngame:x:1000:\n' >"$ROOT/etc/group"
chmod 1777 "$ROOT/tmp"
tar -C "$ROOT" --numeric-owner -cf - . | docker import --change 'USER 1000:1000' --change 'ENV PATH=/bin' \
  --change "LABEL slate.fingerprint=$FP" --change 'CMD ["/bin/sh","-c","sleep 3600"]' - "$IMAGE" >/dev/null
echo "build-runtime-image: built $IMAGE" >&2
