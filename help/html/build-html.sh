#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# build-html.sh OUTDIR PO|- PAGE… — the help as HTML, for machines without
# Yelp (the app opens OUTDIR/index.html in the browser then). With a PO
# file, the pages are translated with itstool first, as gnome.yelp() does
# at install time.
set -e
out=$1 po=$2
shift 2
rm -rf "$out"
mkdir -p "$out"
if [ "$po" != - ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  "${MSGFMT:-msgfmt}" -o "$tmp/help.mo" "$po"
  "${ITSTOOL:-itstool}" -m "$tmp/help.mo" -o "$tmp" "$@"
  set -- "$tmp"/*.page
fi
"${YELP_BUILD:-yelp-build}" html -o "$out" "$@"
