#!/bin/sh
# check-po.sh — fail unless a help translation is complete: msgfmt --check
# passes and reports no fuzzy and no untranslated messages.
#
# Usage: check-po.sh PO_FILE
#
# SPDX-License-Identifier: GPL-3.0-or-later

set -eu

MSGFMT=${MSGFMT:-msgfmt}

if [ $# -ne 1 ]; then
  echo "usage: $0 PO_FILE" >&2
  exit 2
fi

# LC_ALL=C: the statistics line must be in English to be parsed.
if ! stats=$(LC_ALL=C "$MSGFMT" --check --statistics -o /dev/null "$1" 2>&1); then
  printf '%s\n' "$stats" >&2
  exit 1
fi
printf '%s: %s\n' "$(basename "$1")" "$stats"

case $stats in
  *fuzzy*|*untranslated*)
    echo "$(basename "$1") has fuzzy or untranslated messages" >&2
    exit 1
    ;;
esac
