#!/bin/sh
# Start a Docker engine for SLATE's Docker-runner tests, idempotently, and print the DOCKER_HOST
# to use. Safe to call from .ci/run on every run:
#   eval "$(test/docker/start-dockerd.sh)"     # exports DOCKER_HOST
# Installs Debian's docker.io and busybox-static when missing (needs root and apt). The engine gets
# its own data and exec roots and socket under /tmp, no iptables and no default bridge: test
# containers run with --network none, and nothing here touches the host's own Docker setup.
set -eu
SOCK=${SLATE_DOCKER_SOCK:-/tmp/slate-docker.sock}
DATA=${SLATE_DOCKER_DATA:-/tmp/slate-docker}
EXEC=${SLATE_DOCKER_EXEC:-/tmp/slate-docker-exec}
LOG=${SLATE_DOCKER_LOG:-/tmp/slate-dockerd.log}
PIDFILE=$EXEC/dockerd.pid

if ! command -v dockerd >/dev/null 2>&1 || ! command -v busybox >/dev/null 2>&1; then
  echo "start-dockerd: installing docker.io and busybox-static" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq docker.io busybox-static >&2
fi

# Several CI runs or sessions may call this at once: one starts the engine, the others wait for it.
mkdir -p "$EXEC"
exec 9>"$EXEC.lock"
if command -v flock >/dev/null 2>&1; then flock 9; fi

if [ -S "$SOCK" ] && docker -H "unix://$SOCK" version >/dev/null 2>&1; then
  echo "export DOCKER_HOST=unix://$SOCK"
  exit 0
fi

mkdir -p "$DATA" "$EXEC"
rm -f "$SOCK"
# setsid + nohup: the engine must outlive the shell that started it.
setsid nohup dockerd --data-root "$DATA" --exec-root "$EXEC" -H "unix://$SOCK" --pidfile "$PIDFILE" \
  --iptables=false --ip-masq=false --bridge=none >"$LOG" 2>&1 9>&- &

i=0
until docker -H "unix://$SOCK" version >/dev/null 2>&1; do
  i=$((i + 1))
  if [ $i -gt 300 ]; then
    echo "start-dockerd: dockerd did not come up in 30 s; last log lines:" >&2
    tail -20 "$LOG" >&2
    exit 1
  fi
  sleep 0.1
done
echo "start-dockerd: dockerd is up on unix://$SOCK (log: $LOG)" >&2
echo "export DOCKER_HOST=unix://$SOCK"
