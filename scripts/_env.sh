# Shared settings for the scripts in this folder; sourced, not run.
# shellcheck shell=bash

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
CACHE_DIR="${SEMINAR_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/seminar-calendar}"
ROOTFS="$CACHE_DIR/rootfs-unstable"
ROOTFS_VENV=/opt/seminar-calendar-venv
HOST_VENV="$REPO_ROOT/.venv"
REQUIREMENT_FILES=(requirements.txt requirements_test.txt)
MIN_PYTHON="3.14.2"

# Prints a fingerprint of the requirement files, so environments reinstall only when they change.
requirements_hash() {
  (cd "$REPO_ROOT" && cat "${REQUIREMENT_FILES[@]}") | sha256sum | cut -d' ' -f1
}

# True when the named interpreter exists and is at least MIN_PYTHON.
python_is_recent() {
  command -v "$1" >/dev/null 2>&1 &&
    "$1" -c "import sys; sys.exit(sys.version_info < tuple(int(p) for p in '$MIN_PYTHON'.split('.')))" 2>/dev/null
}

# Prints which environment scripts/run should use: host, rootfs, or nothing when none is set up.
environment_kind() {
  if [ -x "$HOST_VENV/bin/python" ] && [ -f "$HOST_VENV/.requirements.sha256" ]; then
    echo host
  elif [ -f "$ROOTFS$ROOTFS_VENV/pyvenv.cfg" ] && [ -f "$ROOTFS$ROOTFS_VENV/.requirements.sha256" ]; then
    echo rootfs
  fi
}

# Runs a command inside the Debian root filesystem, with the checkout at the same path and the
# caller's environment; mounts live in a private mount namespace, so they vanish when the command ends.
# IN_ROOTFS_VENV names another virtual environment of the root filesystem to run in.
in_rootfs() {
  local workdir="$PWD"
  case "$workdir" in "$REPO_ROOT" | "$REPO_ROOT"/*) ;; *) workdir="$REPO_ROOT" ;; esac
  unshare --mount --propagation private -- /bin/bash -c '
    set -euo pipefail
    root=$1 repo=$2 workdir=$3 venv=$4; shift 4
    for fs in proc sys dev; do mount --rbind "/$fs" "$root/$fs"; done
    mkdir -p "$root$repo" "$root${HOME:-/root}"
    mount --bind "$repo" "$root$repo"
    # Copied then renamed: commands run side by side must never read a half-written file.
    for file in /etc/resolv.conf /etc/hosts /etc/ssl/certs/ca-certificates.crt; do
      if [ -f "$file" ]; then
        cp -L "$file" "$root$file.$$" && mv -f "$root$file.$$" "$root$file"
      fi
    done
    export PATH="$venv/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" VIRTUAL_ENV="$venv"
    exec chroot "$root" /bin/bash -c "cd \"\$0\" && exec \"\$@\"" "$workdir" "$@"
  ' in_rootfs "$ROOTFS" "$REPO_ROOT" "$workdir" "${IN_ROOTFS_VENV:-$ROOTFS_VENV}" "$@"
}
