#!/usr/bin/env bash
# Makes sure the machine has what the product needs besides Node: Java 17+ (Amazon DynamoDB Local
# runs on it) and, for the browser tests, Debian's Chromium. Installs them with apt-get when run as
# root on Debian (CI, fresh dev machines); otherwise says what to install.
set -euo pipefail
want_chromium=${1:-}
missing=()
if ! command -v java >/dev/null 2>&1; then missing+=(openjdk-17-jre-headless); fi
if [ "$want_chromium" = "--chromium" ] && [ ! -x /usr/bin/chromium ]; then missing+=(chromium); fi
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${missing[*]} (apt-get)…"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Missing system packages: ${missing[*]}. Install them (e.g. sudo apt-get install ${missing[*]})." >&2
  exit 1
fi
