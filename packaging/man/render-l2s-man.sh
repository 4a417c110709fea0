#!/usr/bin/env bash
# Writes the l2s(1) manual page: l2s.1.in with @COMMANDS@ replaced by every
# command's usage, description and options, read from the built program's
# `--help` texts so the page always lists the real ones.
# Usage: render-l2s-man.sh L2S_EXECUTABLE TEMPLATE OUTPUT VERSION DATE
set -euo pipefail
l2s="$1" template="$2" output="$3" version="$4" date="$5"

# The commands a help text lists under "commands:" (the top level, `l2s tokenizer`).
commands_of() {
  "$l2s" "$@" --help | awk '/^commands:/ { listing = 1; next } listing && /^  [a-z]/ { print $1; next } { listing = 0 }'
}

# One command's help text as a roff subsection.
section_of() {
  "$l2s" "$@" --help | awk -v name="l2s $*" '
    function roff(text) {
      gsub(/\\/, "\\e", text)
      gsub(/--/, "\\-\\-", text)
      gsub(/ -/, " \\-", text)
      sub(/^-/, "\\-", text)
      if (text ~ /^[.'"'"']/) text = "\\&" text
      return text
    }
    function option(flag) { gsub(/-/, "\\-", flag); return flag }
    function print_usage() {
      if (printed_usage) return
      print ".nf"; for (i = 1; i <= usages; i++) print roff(usage[i]); print ".fi"
      printed_usage = 1
    }
    BEGIN { print ".SS \"" roff(name) "\"" }
    /^usage: / { sub(/^usage: /, ""); usage[++usages] = $0; next }
    /^       l2s / && usages { sub(/^ +/, ""); usage[++usages] = $0; next }
    /^commands:/ || /^Run `l2s / { skipping = 1; next }
    skipping && /^  [a-z]/ { next }
    { skipping = 0 }
    /^  --[a-z0-9-]+/ {
      print_usage()
      flag = $1; rest = substr($0, length(flag) + 4)
      if (rest ~ /^VALUE /) print ".TP\n.BI " option(flag) " \" VALUE\""
      else print ".TP\n.B " option(flag)
      sub(/^(VALUE)? +/, "", rest)
      print roff(rest)
      next
    }
    /^$/ { paragraph = 1; next }
    {
      print_usage()
      if (paragraph) { print ".PP"; paragraph = 0 }
      print roff($0)
    }
    END { print_usage()
    }'
}

commands="$(mktemp)"
trap 'rm -f "$commands"' EXIT
for command in $(commands_of); do
  section_of "$command" >>"$commands"
  for sub in $(commands_of "$command"); do section_of "$command" "$sub" >>"$commands"; done
done
[ -s "$commands" ] || { echo "render-l2s-man.sh: $l2s --help lists no commands" >&2; exit 1; }

awk -v commands="$commands" -v version="$version" -v date="$date" '
  /^@COMMANDS@$/ { while ((getline line < commands) > 0) print line; next }
  { gsub(/@VERSION@/, version); gsub(/@DATE@/, date); print }' "$template" >"$output.tmp"
mv "$output.tmp" "$output"
