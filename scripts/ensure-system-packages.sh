#!/usr/bin/env bash
# Installs, from Debian's packages, the system tools GPS runs on when a fresh machine lacks
# them: `java` (DynamoDB Local) and, for browser tests, `chromium`. Does nothing when present.
set -euo pipefail

declare -A PACKAGE=([java]=openjdk-17-jre-headless [chromium]=chromium)
missing=()
for tool in "$@"; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("${PACKAGE[$tool]:?unknown tool $tool}")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "GPS : installation de ${missing[*]} (paquets Debian)…" >&2
sudo_cmd=()
[ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
