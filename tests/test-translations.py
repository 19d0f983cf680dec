#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Chinese UI has no English string left.

1. Every file under src/ and data/ from which xgettext extracts a message
   (_(), N_(), C_(), NC_(), ngettext, g_dngettext…; translatable="yes" in .ui
   files; the .desktop.in, .metainfo.xml.in and the GSettings schema) is
   listed in po/POTFILES.in, and the list is sorted and names no missing file.
2. Every message xgettext extracts from the POTFILES.in files has a
   translation in po/zh_CN.po that is neither empty nor fuzzy (msgcmp), and
   the catalogue's format strings match their msgids (msgfmt --check).

The gettext tools do all the reading of sources and PO files: whether a file
"has translatable strings" is whether xgettext, with the keywords meson's
'glib' preset gives it (po/meson.build), extracts anything from it.

Usage: test-translations.py SOURCE_ROOT (the tools from $XGETTEXT, $MSGCMP
and $MSGFMT, else from PATH).
"""
import os
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else
                       os.path.join(os.path.dirname(__file__), ".."))
PO_DIR = os.path.join(ROOT, "po")
LANGUAGE = "zh_CN"
XGETTEXT = os.environ.get("XGETTEXT", "xgettext")
MSGCMP = os.environ.get("MSGCMP", "msgcmp")
MSGFMT = os.environ.get("MSGFMT", "msgfmt")

# As i18n.gettext(preset: 'glib') passes them; ngettext and the other plain
# gettext functions are xgettext's defaults for C.
XGETTEXT_ARGS = [
    "--from-code=UTF-8", "--add-comments",
    "--keyword=_", "--keyword=N_", "--keyword=C_:1c,2", "--keyword=NC_:1c,2",
    "--keyword=g_dcgettext:2", "--keyword=g_dngettext:2,3", "--keyword=g_dpgettext2:2c,3",
]

# What xgettext reads: C sources and headers, GtkBuilder files, the files
# meson merges translations into (*.in: .desktop.in, .metainfo.xml.in) and
# the GSettings schema, which GLib translates.
SCANNED_SUFFIXES = (".c", ".h", ".ui", ".in", ".gschema.xml")
SCANNED_DIRS = ("src", "data")

# The C locale keeps the tools' messages stable and in English here.
TOOL_ENV = dict(os.environ, LC_ALL="C", LANGUAGE="")


def run(*args):
    return subprocess.run(args, cwd=ROOT, env=TOOL_ENV, capture_output=True, text=True)


def read_potfiles():
    with open(os.path.join(PO_DIR, "POTFILES.in"), encoding="utf-8") as f:
        return [line.strip() for line in f
                if line.strip() and not line.lstrip().startswith("#")]


def candidate_files():
    for top in SCANNED_DIRS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(ROOT, top)):
            dirnames.sort()
            for name in sorted(filenames):
                if name.endswith(SCANNED_SUFFIXES):
                    yield os.path.relpath(os.path.join(dirpath, name), ROOT)


def extracts_messages(path, tmp):
    """Whether xgettext finds any message in @path (it writes no file then)."""
    pot = os.path.join(tmp, "one.pot")
    if os.path.exists(pot):
        os.unlink(pot)
    result = run(XGETTEXT, *XGETTEXT_ARGS, "-o", pot, path)
    if result.returncode != 0:
        raise RuntimeError(f"xgettext failed on {path}:\n{result.stderr}")
    return os.path.exists(pot)


def pot_entry(pot_lines, line_number):
    """The entry around the line msgcmp points at: the lines between the
    blank ones before and after it."""
    start = end = line_number - 1
    while start > 0 and pot_lines[start - 1].strip():
        start -= 1
    while end < len(pot_lines) and pot_lines[end].strip():
        end += 1
    return "".join(pot_lines[start:end])


def check_potfiles(listed, tmp):
    problems = []
    if listed != sorted(listed):
        problems.append("po/POTFILES.in is not sorted (LC_ALL=C sort po/POTFILES.in)")
    if len(set(listed)) != len(listed):
        problems.append("po/POTFILES.in names a file twice")
    for path in listed:
        if not os.path.exists(os.path.join(ROOT, path)):
            problems.append(f"po/POTFILES.in names {path}, which does not exist")
    listed = set(listed)
    for path in candidate_files():
        if path not in listed and extracts_messages(path, tmp):
            problems.append(f"{path} has translatable strings but is not in po/POTFILES.in")
    return problems


def check_translations(listed, tmp):
    problems = []
    po = os.path.join(PO_DIR, LANGUAGE + ".po")
    pot = os.path.join(tmp, "all.pot")
    files_from = os.path.join(tmp, "POTFILES")
    with open(files_from, "w", encoding="utf-8") as f:
        f.write("".join(p + "\n" for p in listed if os.path.exists(os.path.join(ROOT, p))))

    result = run(XGETTEXT, *XGETTEXT_ARGS, "--files-from", files_from, "-o", pot)
    if result.returncode != 0:
        return [f"xgettext failed:\n{result.stderr}"]

    # msgcmp counts empty and fuzzy translations in def.po as missing; -N: a
    # message is there exactly or not at all.
    result = run(MSGCMP, "-N", po, pot)
    if result.returncode != 0:
        for line in result.stderr.splitlines():
            where, _, what = line.partition(": ")
            filename, _, number = where.rpartition(":")
            if "warning:" in what:
                continue  # in zh_CN.po but no longer used: harmless
            if filename in (po, pot) and number.isdigit():
                with open(filename, encoding="utf-8") as f:
                    entry = pot_entry(f.readlines(), int(number))
                problems.append(f"no {LANGUAGE} translation ({what}):\n{entry}")
            elif line.strip():
                problems.append(line)

    result = run(MSGFMT, "--check", "-o", os.devnull, po)
    if result.returncode != 0:
        problems.append(f"msgfmt --check {os.path.relpath(po, ROOT)}:\n{result.stderr}")
    return problems


def main():
    listed = read_potfiles()
    with tempfile.TemporaryDirectory(prefix="jianguan-translations-") as tmp:
        tests = [("every file with translatable strings is in po/POTFILES.in", check_potfiles),
                 (f"every message is translated in po/{LANGUAGE}.po", check_translations)]
        print(f"1..{len(tests)}")
        failed = False
        for number, (name, check) in enumerate(tests, 1):
            problems = check(listed, tmp)
            for problem in problems:
                print("# " + problem.replace("\n", "\n# ").rstrip("# \n"))
            print(f"{'not ok' if problems else 'ok'} {number} - {name}")
            failed = failed or bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
