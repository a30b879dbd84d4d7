#!/usr/bin/env bash
# Debian's chromium for the browser tests: Playwright drives /usr/bin/chromium and never
# downloads a browser of its own (that download is not reachable offline, nor pinned).
# Run by scripts/test.sh; a no-op once chromium is installed.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
    exit 0
fi
sudo=()
if [ "$(id -u)" != 0 ]; then
    if ! command -v sudo >/dev/null; then
        echo "the browser tests need Debian's chromium: run 'apt-get install chromium' as root" >&2
        exit 1
    fi
    sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
# apt's download sandbox user cannot write a /tmp that is not world-writable (seen on CI
# machines); running its helpers as root avoids that without touching /tmp.
apt=("${sudo[@]}" apt-get -o APT::Sandbox::User=root -qq)
"${apt[@]}" update >/dev/null
"${apt[@]}" install -y --no-install-recommends chromium fonts-dejavu-core fonts-noto-core >/dev/null
/usr/bin/chromium --version
