#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""check-flatpak-manifest.py MANIFEST APP-ID SOURCE-DIR: static checks of the flatpak manifest, which cannot be
built without network access to the GNOME runtime.

The manifest must target a current GNOME runtime, start the GUI, ask for no broad file system access (files
come through the file-chooser portal), build cJSON (absent from the runtime) as its own pinned module, and
build this repository with meson as the last module."""
import json
import os
import sys

CJSON_FLAGS = [
    '-DENABLE_CUSTOM_COMPILER_FLAGS=OFF',
    '-DENABLE_CJSON_TEST=OFF',
    '-DBUILD_SHARED_LIBS=ON',
    '-DCMAKE_INSTALL_LIBDIR=lib',
]
CJSON_TAG = 'v1.7.18'
CJSON_COMMIT = 'acc76239bee01d8e9c858ae2cab296704e52d916'
OLDEST_RUNTIME = 47
REQUIRED_FINISH_ARGS = ['--share=ipc', '--socket=fallback-x11', '--socket=wayland', '--device=dri']
BROAD_FILESYSTEMS = ('host', 'host-os', 'host-etc', 'home', '~', '/')

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
    return condition


def main():
    manifest_path, app_id, source_dir = sys.argv[1:4]
    with open(manifest_path, encoding='utf-8') as f:
        try:
            manifest = json.load(f)
        except json.JSONDecodeError as error:
            print(f'FAIL: {manifest_path} is not valid JSON: {error}')
            return 1

    check(manifest.get('id', manifest.get('app-id')) == app_id, f'id is not {app_id}')
    check(manifest.get('runtime') == 'org.gnome.Platform', 'runtime is not org.gnome.Platform')
    check(manifest.get('sdk') == 'org.gnome.Sdk', 'sdk is not org.gnome.Sdk')
    version = str(manifest.get('runtime-version', ''))
    check(version.isdigit() and int(version) >= OLDEST_RUNTIME,
          f'runtime-version {version!r} is not a GNOME release number >= {OLDEST_RUNTIME}')
    check(manifest.get('command') == 'shadelab', 'command is not shadelab')

    finish_args = manifest.get('finish-args', [])
    for arg in REQUIRED_FINISH_ARGS:
        check(arg in finish_args, f'finish-args lack {arg}')
    for arg in finish_args:
        if arg.startswith('--filesystem='):
            place = arg.split('=', 1)[1].split(':', 1)[0].rstrip('/') or '/'
            check(place not in BROAD_FILESYSTEMS, f'broad file system access: {arg}')
        check(arg not in ('--socket=x11', '--device=all', '--talk-name=org.freedesktop.Flatpak'),
              f'finish-args hold {arg}')

    modules = manifest.get('modules', [])
    names = [m.get('name') if isinstance(m, dict) else m for m in modules]
    check('cjson' in names, 'no cjson module')
    if 'cjson' in names:
        cjson = modules[names.index('cjson')]
        check(cjson.get('buildsystem') == 'cmake-ninja', 'cjson is not built with cmake-ninja')
        opts = cjson.get('config-opts', [])
        for flag in CJSON_FLAGS:
            check(flag in opts, f'cjson config-opts lack {flag}')
        sources = cjson.get('sources', [])
        check(len(sources) == 1 and sources[0].get('type') == 'git', 'cjson is not built from one git source')
        if sources:
            source = sources[0]
            check('DaveGamble/cJSON' in source.get('url', ''), 'cjson source is not DaveGamble/cJSON')
            check(source.get('tag') == CJSON_TAG, f'cjson tag is not {CJSON_TAG}')
            check(source.get('commit') == CJSON_COMMIT, f'cjson commit is not {CJSON_COMMIT}')
    # lcms2 and SQLite come with the runtime (freedesktop SDK platform).
    for name in names:
        check(name not in ('sqlite', 'sqlite3'), f'module {name} duplicates the runtime')

    check(bool(modules) and names[-1] == 'shadelab', 'the last module is not shadelab')
    if modules and names[-1] == 'shadelab':
        app = modules[-1]
        check(app.get('buildsystem') == 'meson', 'shadelab is not built with meson')
        sources = app.get('sources', [])
        check(len(sources) == 1 and sources[0].get('type') in ('dir', 'git'), 'shadelab source is not one dir or git')
        if sources and 'path' in sources[0]:
            root = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(manifest_path)), sources[0]['path']))
            check(os.path.samefile(root, source_dir), f'shadelab source path {sources[0]["path"]} is not the repository')
        check(cjson_before_app(names), 'cjson is not built before shadelab')

    for message in failures:
        print(f'FAIL: {message}')
    if failures:
        return 1
    print(f'ok: {manifest_path}: {app_id} on org.gnome.Platform {version}, {len(modules)} modules')
    return 0


def cjson_before_app(names):
    return 'cjson' in names and names.index('cjson') < len(names) - 1


if __name__ == '__main__':
    sys.exit(main())
