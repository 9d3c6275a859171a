#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-locale-screenshots.sh: the real shadelab in each language of po/LINGUAS, for people to look at
# (text not drawn as boxes, nothing cut off or pushed out by longer words):
#   locale-LL-labeling.png     the demo project, a model box selected, its swatch panel and pixel overlay
#   locale-LL-shortcuts.png    the keyboard shortcuts window
#   locale-LL-preferences.png  the preferences window
#   locale-LL-calibration.png  the calibration window's Tune page
# Checked for each language: the app loads its catalogue (the shortcuts, preferences and calibration windows
# carry their translated titles, as gettext finds them in the build's catalogue, and differ from English), and
# no translation makes a window larger than it is in English. Languages with CJK text need a CJK font.
#
# The locale is the language's own (xx_YY.UTF-8) when the system has it, else compiled into a scratch
# LOCPATH with localedef, else C.UTF-8 with LANGUAGE (enough for gettext, not for dates and numbers).
#
# Usage: test-locale-screenshots.sh SHADELAB OUTPUT-DIR DEMO-DIR BUILD-DIR SOURCE-DIR
# Exits 77 (skipped) without an X display.
. "$(dirname "${BASH_SOURCE[0]}")/../lib/session.sh"

app=$1
out_dir=$2
demo=$3
build_dir=$4
source_dir=$5

session_start locale-screenshots import convert compare identify gettext fc-list

cp -r "$demo" "$work/demo"
demo_project=$(find "$work/demo" -maxdepth 1 -name '*.shadelab' | head -n 1)
project_name='Lipstick Demo'

# The locale environment for a language: sets locale_env (an env(1) argument list).
locale_env=()
use_locale ()
{
  local language=$1 territory=$2 name=$1_$2.UTF-8
  locale_env=(-u LC_ALL -u LC_MESSAGES -u LOCPATH "LANGUAGE=$language")
  if [ "$language" = C ]; then
    locale_env=(-u LC_ALL -u LC_MESSAGES -u LOCPATH -u LANGUAGE LANG=C.UTF-8)
  elif locale -a 2>/dev/null | grep -ix "${language}_${territory}\.utf-\?8" >/dev/null; then
    locale_env+=("LANG=$name")
  elif command -v localedef >/dev/null && [ -f "/usr/share/i18n/locales/${language}_${territory}" ]; then
    # localedef exits 1 for mere warnings; what counts is the compiled locale.
    mkdir -p "$work/locales"
    localedef -i "${language}_${territory}" -f UTF-8 "$work/locales/$name" >/dev/null 2>&1 || true
    if [ -f "$work/locales/$name/LC_CTYPE" ]; then
      locale_env+=("LOCPATH=$work/locales" "LANG=$name")
    else
      locale_env+=(LANG=C.UTF-8)
    fi
  else
    locale_env+=(LANG=C.UTF-8)
  fi
}

# translate MSGID: the build catalogue's translation in the current locale_env.
translate ()
{
  env "${locale_env[@]}" TEXTDOMAINDIR="$build_dir/po" gettext -d shadelab -- "$1"
}

start ()
{
  app_env=("${locale_env[@]}")
  launch_app --style=light "$demo_project"
  wid=$(find_window "^$project_name – Shadelab\$")
  focus_window "$wid"
}

# shoot NAME WINDOW-ID: waits until two screenshots in a row are the same, crops to the window; sets WIDTH and
# HEIGHT to the window's size.
shoot ()
{
  local name=$1 shot=$out_dir/locale-$1.png colours
  screenshot_window "$shot" "$2"
  colours=$(identify -format '%k' "$shot")
  echo "$shot: ${WIDTH}x${HEIGHT}, $colours colours"
  [ "$colours" -ge 32 ] || fail "$name: only $colours colours, not drawn"
}

# open_with KEYS TITLE-REGEX: presses KEYS on the main window and waits for the window titled TITLE.
open_with ()
{
  xdotool key --window "$wid" --clearmodifiers "$1"
  find_window "$2"
}

# close_window WINDOW-ID: Escape (the shortcuts window), else Ctrl+W (window.close).
close_window ()
{
  local keys
  # Without a window manager nothing moves the focus to a new window: it is given, so the keys reach it.
  timeout 10 xdotool windowfocus --sync "$1" || true
  for keys in Escape ctrl+w; do
    xdotool key --clearmodifiers "$keys"
    for _ in $(seq 15); do
      xdotool search --onlyvisible --name '.' 2>/dev/null | grep -x "$1" >/dev/null || return 0
      sleep 0.2
    done
  done
  fail "the window $1 did not close"
}

# back_to_main: the focus back on the project window, for its shortcuts.
back_to_main ()
{
  focus_window "$wid" "the project window"
}

# One run of the app in a language: the four screenshots; the sizes land in size_LABEL variables.
run_language ()
{
  local language=$1 shortcuts_title preferences_title calibrate_title window
  shortcuts_title=$(translate 'Keyboard Shortcuts')
  preferences_title=$(translate 'Preferences')
  calibrate_title=$(translate 'Calibrate Materials')
  if [ "$language" != C ]; then
    for title in "$shortcuts_title" "$preferences_title" "$calibrate_title"; do
      case $title in
        'Keyboard Shortcuts'|'Preferences'|'Calibrate Materials')
          fail "$language: '$title' has no translation in $build_dir/po/$language/LC_MESSAGES/shadelab.mo" ;;
      esac
    done
  fi

  start
  sleep 1.5
  # Tab selects the first (model) box, V shows which pixels its colour comes from.
  xdotool key --window "$wid" --clearmodifiers Tab
  sleep 0.5
  xdotool key --window "$wid" --clearmodifiers v
  sleep 1
  shoot "$language-labeling" "$wid"
  size_labeling="${WIDTH}x${HEIGHT}"

  window=$(open_with ctrl+question "^$shortcuts_title\$")
  shoot "$language-shortcuts" "$window"
  close_window "$window"
  back_to_main

  window=$(open_with ctrl+comma "^$preferences_title\$")
  shoot "$language-preferences" "$window"
  size_preferences="${WIDTH}x${HEIGHT}"
  close_window "$window"
  back_to_main

  window=$(open_with ctrl+k "^$calibrate_title – $project_name\$")
  shoot "$language-calibration" "$window"
  size_calibration="${WIDTH}x${HEIGHT}"
  close_window "$window"
  stop_app
}

# not_larger WHAT SIZE ENGLISH-SIZE
not_larger ()
{
  local w=${2%x*} h=${2#*x} english_w=${3%x*} english_h=${3#*x}
  [ "$w" -le "$english_w" ] && [ "$h" -le "$english_h" ] ||
    fail "$1 is ${2} in this language, larger than in English (${3}): a label does not wrap or ellipsize"
}

# English first: the sizes every language is held to.
use_locale C ''
run_language C
english_labeling=$size_labeling english_preferences=$size_preferences english_calibration=$size_calibration

languages=$(sed -e 's/#.*//' "$source_dir/po/LINGUAS" | tr -s ' \t' '\n\n' | sed '/^$/d')
[ -n "$languages" ] || skip "po/LINGUAS lists no language"
for language in $languages; do
  case $language in
    fr) territory=FR ;; de) territory=DE ;; es) territory=ES ;; ja) territory=JP ;; *) territory=${language^^} ;;
  esac
  case $language in
    ja|zh*|ko)
      [ -n "$(fc-list ":lang=$language" family 2>/dev/null)" ] ||
        fail "no font covers $language: its text would be drawn as boxes (install fonts-noto-cjk)" ;;
  esac
  use_locale "$language" "$territory"
  echo "# $language: ${locale_env[*]}"
  run_language "$language"
  not_larger "$language: the labeling window" "$size_labeling" "$english_labeling"
  not_larger "$language: the preferences window" "$size_preferences" "$english_preferences"
  not_larger "$language: the calibration window" "$size_calibration" "$english_calibration"
done

echo "ok: screenshots in $out_dir/locale-*.png"
