#!/bin/sh
# Build the local image `slate-unity-standin:test` that SLATE's Docker-runner tests run instead of
# GameCI's unityci/editor (no registry is reachable here, and Unity cannot run anyway).
#
# Why this shape: the stand-in is a Node script, so the image needs node. Rather than maintaining a
# second, shell-script stand-in for busybox (two implementations that could drift), the rootfs gets
#   - Debian's static busybox for /bin/sh and the usual tools,
#   - the host's node binary plus exactly the shared libraries `ldd` says it needs,
#   - the stand-in script and the two fixture logs it replays,
#   - /usr/bin/unity-editor, the command GameCI images provide, as a wrapper around the stand-in,
#   - /slate and /project/Library owned by uid 1000, the unprivileged user the runner uses.
# `docker import` turns that folder into an image: no base image, no registry, no Dockerfile.
# Idempotent: the image is rebuilt only when the stand-in or the node binary changed.
set -eu
: "${DOCKER_HOST:?set DOCKER_HOST (see test/docker/start-dockerd.sh)}"
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
IMAGE=${SLATE_STANDIN_IMAGE:-slate-unity-standin:test}
LOGS=${SLATE_FIXTURE_LOGS:-$REPO/../shared/fixtures/logs}
NODE=$(command -v node)
STANDIN=$REPO/test/unity-standin/unity-standin.mjs

FINGERPRINT=$(cat "$STANDIN" "$NODE" "$0" | sha256sum | cut -c1-16)
if [ "$(docker image inspect -f '{{ index .Config.Labels "slate.fingerprint" }}' "$IMAGE" 2>/dev/null || true)" = "$FINGERPRINT" ]; then
  echo "build-standin-image: $IMAGE is up to date" >&2
  exit 0
fi

ROOT=$(mktemp -d /tmp/slate-standin-rootfs.XXXXXX)
trap 'rm -rf "$ROOT"' EXIT
mkdir -p "$ROOT/bin" "$ROOT/usr/bin" "$ROOT/usr/local/bin" "$ROOT/opt/unity-standin/logs" "$ROOT/tmp" "$ROOT/etc" \
  "$ROOT/slate/output" "$ROOT/slate/report" "$ROOT/project/Library" "$ROOT/home/unity" "$ROOT/proc" "$ROOT/sys" "$ROOT/dev"
cp "$(command -v busybox)" "$ROOT/bin/busybox"
for tool in sh ls cat env sleep ps id mkdir rm; do ln -s busybox "$ROOT/bin/$tool"; done
cp "$NODE" "$ROOT/usr/local/bin/node"
# The dynamic loader and every library node links against, at the same paths.
ldd "$NODE" | awk '/=> \//{print $3} /^\s*\/lib/{print $1}' | while read -r lib; do
  mkdir -p "$ROOT$(dirname "$lib")"
  cp -L "$lib" "$ROOT$lib"
done
cp "$STANDIN" "$ROOT/opt/unity-standin/unity-standin.mjs"
cp "$LOGS"/0*.log "$ROOT/opt/unity-standin/logs/"
cat >"$ROOT/usr/bin/unity-editor" <<'SH'
#!/bin/sh
exec /usr/local/bin/node /opt/unity-standin/unity-standin.mjs "$@"
SH
chmod 755 "$ROOT/usr/bin/unity-editor"
printf 'root:x:0:0:root:/root:/bin/sh\nunity:x:1000:1000:unity:/home/unity:/bin/sh\n' >"$ROOT/etc/passwd"
printf 'root:x:0:\nunity:x:1000:\n' >"$ROOT/etc/group"
chmod 1777 "$ROOT/tmp"
chown -R 1000:1000 "$ROOT/slate" "$ROOT/project" "$ROOT/home/unity"

tar -C "$ROOT" --numeric-owner -cf - . | docker import \
  --change 'USER 1000:1000' \
  --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
  --change 'ENV SLATE_STANDIN_LOGS=/opt/unity-standin/logs' \
  --change 'ENV HOME=/home/unity' \
  --change "LABEL slate.fingerprint=$FINGERPRINT" \
  --change 'CMD ["/usr/bin/unity-editor"]' \
  - "$IMAGE" >/dev/null
echo "build-standin-image: built $IMAGE ($FINGERPRINT)" >&2
