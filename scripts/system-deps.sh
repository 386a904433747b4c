#!/usr/bin/env bash
# Debian packages the test suite needs: Chromium for browser tests, poppler for PDF text,
# Pango for WeasyPrint, gettext for translations. Installs only what is missing.
set -eu
PACKAGES="chromium poppler-utils libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core gettext"
missing=""
for package in $PACKAGES; do
  dpkg -s "$package" >/dev/null 2>&1 || missing="$missing $package"
done
if [ -n "$missing" ]; then
  echo "Installing Debian packages:$missing"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi
