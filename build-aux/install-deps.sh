#!/bin/sh
# Installs, from Debian 12's packages, everything Jianguan needs to build,
# run and test. Safe to run again: apt-get skips what is already there.
set -eu

PACKAGES="
  build-essential pkg-config meson ninja-build gettext itstool
  libglib2.0-dev libglib2.0-bin libgtk-4-dev libadwaita-1-dev
  libsoup-3.0-dev libjson-glib-dev libyajl-dev libsqlite3-dev sqlite3 libsecret-1-dev
  libsodium-dev libcsv-dev libxlsxwriter-dev libzip-dev libxml2-dev
  desktop-file-utils appstream yelp-tools
  xvfb xauth xdotool imagemagick fonts-noto-cjk locales poppler-utils iproute2
  dbus dbus-x11 at-spi2-core python3 python3-gi python3-pyatspi gir1.2-atspi-2.0
  gnome-keyring libsecret-tools dbus-bin dbus-daemon glib-networking openssl
  adwaita-icon-theme hicolor-icon-theme libgtk-4-bin dconf-gsettings-backend
"

missing=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done

if [ -n "$missing" ]; then
  echo "Installing from Debian:$missing" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q >&2
  # shellcheck disable=SC2086
  $SUDO apt-get install -y -q --no-install-recommends $missing >&2
fi

# A zh_CN.UTF-8 locale, so the Chinese UI and its tests can run.
if ! locale -a 2>/dev/null | grep -qi '^zh_CN\.utf8$'; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  if [ -f /etc/locale.gen ]; then
    $SUDO sed -i 's/^# *\(zh_CN.UTF-8 UTF-8\)/\1/' /etc/locale.gen
    grep -q '^zh_CN.UTF-8 UTF-8' /etc/locale.gen || echo 'zh_CN.UTF-8 UTF-8' | $SUDO tee -a /etc/locale.gen >/dev/null
    $SUDO locale-gen >&2
  fi
fi
