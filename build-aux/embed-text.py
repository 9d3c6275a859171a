#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Turns a text file into a C source defining `const char SYMBOL[]` with its contents, so that a file such
as core/store/schema.sql stays the single source and is compiled into the library.

Usage: embed-text.py INPUT OUTPUT SYMBOL
"""
import sys


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    source, output, symbol = sys.argv[1:]
    with open(source, encoding="utf-8") as f:
        text = f.read()
    lines = ["/* Generated from %s by build-aux/embed-text.py: edit the source, not this file. */"
             % source.split("/")[-1],
             "extern const char %s[];" % symbol,
             "const char %s[] =" % symbol]
    for line in text.splitlines(keepends=True):
        escaped = (line.replace("\\", "\\\\").replace("\"", "\\\"").replace("\t", "\\t")
                   .replace("\r", "\\r").replace("\n", "\\n"))
        lines.append('  "%s"' % escaped)
    if not text:
        lines.append('  ""')
    lines[-1] += ";"
    with open(output, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
