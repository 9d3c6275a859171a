#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-translations.sh: the catalogues in po/ are complete for the sources as they are now.
#   - po/POTFILES.in lists every source file with translatable strings, and only existing files that have some;
#     shadelab-cli's own files are never in it (its output stays English);
#   - a POT extracted now (xgettext with the options of meson's i18n 'glib' preset, which the shadelab-pot
#     target uses) comes out without a warning;
#   - every language in po/LINGUAS, merged with that POT, has every message translated: none fuzzy, none
#     untranslated (so a string added to the code without a translation fails here);
#   - each catalogue passes msgfmt --check (header, plural forms, format strings) and keeps its mnemonics.
#
# Usage: test-translations.sh SOURCE-DIR
set -euo pipefail

source_dir=$1
po_dir=$source_dir/po

fail () { echo "FAIL: $*" >&2; exit 1; }

for tool in xgettext msgmerge msgfmt; do
  command -v "$tool" >/dev/null || fail "$tool is not installed (package gettext)"
done

work=$(mktemp -d "${TMPDIR:-/tmp}/shadelab-translations.XXXXXX")
trap 'rm -rf "$work"' EXIT

# --- POTFILES.in against the tree ---
sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$po_dir/POTFILES.in" | sort >"$work/listed"
[ -s "$work/listed" ] || fail "po/POTFILES.in lists no files"
marks='\b(_|N_|C_|NC_|g_dngettext|g_dpgettext2) ?\(|translatable="yes"'
(
  cd "$source_dir"
  grep -lE "$marks" app/*.c widgets/*.c core/*/*.c ui/*.ui 2>/dev/null || true
  ls data/*.desktop.in data/*.metainfo.xml.in data/*.gschema.xml 2>/dev/null || true
) | grep -vE '^(core/cli/|app/shadelab-cli\.c$)' | sort -u >"$work/marked"
missing=$(comm -13 "$work/listed" "$work/marked")
[ -z "$missing" ] || fail "files with translatable strings missing from po/POTFILES.in: $missing"
while read -r file; do
  [ -f "$source_dir/$file" ] || fail "po/POTFILES.in lists $file, which does not exist"
  case $file in
    core/cli/*|app/shadelab-cli.c) fail "po/POTFILES.in lists $file: shadelab-cli's output stays English" ;;
    *.c|*.ui) grep -qE "$marks" "$source_dir/$file" || fail "po/POTFILES.in lists $file, which has no translatable string" ;;
  esac
done <"$work/listed"
echo "ok: po/POTFILES.in lists the $(wc -l <"$work/listed") files with translatable strings"

# --- a fresh POT, as the shadelab-pot target makes it (mesonbuild/modules/i18n.py, preset 'glib') ---
xgettext --package-name=shadelab -D "$source_dir" -f "$work/listed" -o "$work/shadelab.pot" \
  --from-code=UTF-8 --add-comments \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=g_dcgettext:2 \
  --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
  --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
  --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format --flag=g_string_printf:2:c-format \
  --flag=g_string_append_printf:2:c-format --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
  --flag=g_markup_printf_escaped:1:c-format --flag=g_log:3:c-format --flag=g_print:1:c-format \
  --flag=g_printerr:1:c-format --flag=g_printf:1:c-format --flag=g_fprintf:2:c-format \
  --flag=g_sprintf:2:c-format --flag=g_snprintf:3:c-format \
  2>"$work/xgettext.log" || { cat "$work/xgettext.log" >&2; fail "xgettext failed"; }
[ ! -s "$work/xgettext.log" ] || { cat "$work/xgettext.log" >&2; fail "xgettext warned while extracting"; }
total=$(LC_ALL=C msgfmt --statistics -o /dev/null "$work/shadelab.pot" 2>&1 | sed -n 's/.* \([0-9][0-9]*\) untranslated messages*\./\1/p')
[ -n "$total" ] && [ "$total" -gt 0 ] || fail "the POT holds no messages"
echo "ok: $total messages extracted without a warning"

# --- every language, complete against that POT ---
languages=$(sed -e 's/#.*//' "$po_dir/LINGUAS" | tr -s ' \t' '\n\n' | sed '/^$/d')
[ -n "$languages" ] || fail "po/LINGUAS lists no language"
for language in $languages; do
  po=$po_dir/$language.po
  [ -f "$po" ] || fail "po/LINGUAS lists $language but po/$language.po does not exist"
  grep -q '^"Plural-Forms: nplurals=[0-9]; plural=' "$po" || fail "$language.po has no Plural-Forms header"
  grep -q "^\"Language: $language\\\\n\"" "$po" || fail "$language.po does not say Language: $language"

  # The catalogue as it is: valid, every message translated.
  msgfmt --check --check-format --check-accelerators=_ -o /dev/null "$po" ||
    fail "msgfmt --check rejects $language.po"
  stats=$(LC_ALL=C msgfmt --statistics -o /dev/null "$po" 2>&1)
  [[ $stats =~ ^[0-9]+\ translated\ messages?\.$ ]] || fail "$language.po: $stats"

  # Merged with what the sources hold now: nothing new left untranslated, nothing turned fuzzy.
  msgmerge --quiet --no-wrap -o "$work/$language.po" "$po" "$work/shadelab.pot" ||
    fail "msgmerge could not merge $language.po with the sources' POT"
  stats=$(LC_ALL=C msgfmt --statistics -o /dev/null "$work/$language.po" 2>&1)
  [ "$stats" = "$total translated messages." ] || [ "$stats" = "$total translated message." ] ||
    fail "$language.po against the sources: $stats (want $total translated; run: meson compile shadelab-update-po)"
  echo "ok: $language: $stats"
done
