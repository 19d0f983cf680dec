#!/bin/sh
# validate-translated.sh — build the translated help pages of one language
# from its .po file and validate them as Mallard.
#
# Usage: validate-translated.sh PO_FILE PAGE...
#
# The tools can be overridden with $MSGFMT, $ITSTOOL and $YELP_CHECK.
#
# SPDX-License-Identifier: GPL-3.0-or-later

set -eu

MSGFMT=${MSGFMT:-msgfmt}
ITSTOOL=${ITSTOOL:-itstool}
YELP_CHECK=${YELP_CHECK:-yelp-check}

if [ $# -lt 2 ]; then
  echo "usage: $0 PO_FILE PAGE..." >&2
  exit 2
fi

po=$1
shift

tmp=$(mktemp -d "${TMPDIR:-/tmp}/jianguan-help.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

mkdir "$tmp/pages"
"$MSGFMT" --check -o "$tmp/messages.mo" "$po"
# --strict: a translation with broken markup is an error, not a silent
# fallback to the English text.
"$ITSTOOL" --strict -m "$tmp/messages.mo" -o "$tmp/pages/" "$@"

status=0
for page in "$@"; do
  translated="$tmp/pages/$(basename "$page")"
  if [ ! -s "$translated" ]; then
    echo "$translated: itstool did not produce this page" >&2
    status=1
  fi
done

# yelp-check prints nothing for valid pages; it exits non-zero otherwise.
"$YELP_CHECK" validate "$tmp"/pages/*.page || status=1
if [ "$status" -eq 0 ]; then
  echo "$(basename "$po"): $# translated pages are valid"
fi
exit "$status"
