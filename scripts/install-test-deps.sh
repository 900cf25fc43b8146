#!/usr/bin/env bash
# Install what the browser test needs and pip cannot provide: Debian's Chromium.
#
# The HTML browser test (tests/test_html_browser.py) drives /usr/bin/chromium
# through Playwright for Python; it never downloads a browser of its own
# ("playwright install" is not used).  Idempotent: does nothing when Chromium
# is already there.  Runs unattended (CI, root, no standard input).
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
    echo "install-test-deps: /usr/bin/chromium present ($(/usr/bin/chromium --version 2>/dev/null || echo 'version unknown'))"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo -n"
    else
        echo "install-test-deps: need root (or sudo) to apt-get install chromium" >&2
        exit 1
    fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-liberation </dev/null
echo "install-test-deps: installed $(/usr/bin/chromium --version 2>/dev/null || echo chromium)"
