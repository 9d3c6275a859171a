#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# test-deploy-files.py: the cluster files of deploy/ checked without a cluster: the Kubernetes Jobs parse as YAML
# and are Indexed Jobs that shard by JOB_COMPLETION_INDEX; the Containerfile's instructions and stages hang
# together and its Debian packages exist; the Slurm script is valid shell with its directives in place; and
# every shadelab-cli command and option these files run exists.
#
# Usage: test-deploy-files.py SHADELAB-CLI SOURCE-DIR
import json
import os
import re
import shlex
import shutil
import subprocess
import sys

cli, source = sys.argv[1], sys.argv[2]
deploy = os.path.join(source, "deploy")
failures = []


def fail(message):
    failures.append(message)
    print("FAIL: " + message, file=sys.stderr)


def cli_commands(text):
    """(command, [options]) of each shadelab-cli run written in text."""
    runs = []
    text = re.sub(r"\\\n\s*", " ", text)
    for match in re.finditer(r'(?:shadelab-cli|"\$cli")[ \t]+([a-z][a-z-]*)([^\n]*)', text):
        options = re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", match.group(2))
        runs.append((match.group(1), options))
    return runs


def check_cli(name, text):
    for command, options in cli_commands(text):
        if command in ("COMMAND",):
            continue
        result = subprocess.run([cli, command, "--help"], capture_output=True, text=True)
        if result.returncode != 0:
            fail("%s runs 'shadelab-cli %s', which does not exist" % (name, command))
            continue
        for option in options:
            if not re.search(r"\s%s\b" % re.escape(option), result.stdout):
                fail("%s runs 'shadelab-cli %s %s', which is not an option of it" % (name, command, option))


# ---- Kubernetes ----
try:
    import yaml
except ImportError:
    yaml = None

jobs = {}
for name in ("extract-job.yaml", "merge-job.yaml"):
    path = os.path.join(deploy, "kubernetes", name)
    text = open(path).read()
    check_cli(name, text)
    if yaml is None:
        # A structural check: no tabs, and the keys the Jobs need are there.
        if "\t" in text:
            fail(name + " holds a tab, which YAML refuses")
        for key in ("apiVersion: batch/v1", "kind: Job", "restartPolicy:", "containers:"):
            if key not in text:
                fail("%s lacks '%s'" % (name, key))
        continue
    try:
        jobs[name] = yaml.safe_load(text)
    except yaml.YAMLError as error:
        fail("%s is not valid YAML: %s" % (name, error))

if yaml is not None and len(jobs) == 2:
    for name, job in jobs.items():
        try:
            assert job["apiVersion"] == "batch/v1" and job["kind"] == "Job", "not a batch/v1 Job"
            pod = job["spec"]["template"]["spec"]
            assert pod["restartPolicy"] in ("OnFailure", "Never"), "a Job's pods restart OnFailure or Never"
            volumes = {v["name"] for v in pod.get("volumes", [])}
            for container in pod["containers"]:
                assert container["name"] and container["image"], "a container without a name or image"
                for mount in container.get("volumeMounts", []):
                    assert mount["name"] in volumes, "volume %s is mounted but not declared" % mount["name"]
        except (AssertionError, KeyError, TypeError) as error:
            fail("%s: %s" % (name, error))
    try:
        spec = jobs["extract-job.yaml"]["spec"]
        assert spec["completionMode"] == "Indexed", "completionMode is not Indexed"
        container = spec["template"]["spec"]["containers"][0]
        env = {e["name"]: e.get("value") for e in container.get("env", [])}
        script = " ".join(container.get("command", []) + container.get("args", []))
        assert "${JOB_COMPLETION_INDEX}" in script, "the shard is not JOB_COMPLETION_INDEX"
        assert "--resume" in script, "a restarted pod does not resume"
        shards = int(env["SHARDS"])
        assert spec["completions"] == shards and spec["parallelism"] == shards, \
            "completions and parallelism differ from SHARDS"
        merge = jobs["merge-job.yaml"]["spec"]
        assert merge["parallelism"] == 1 and merge["completions"] == 1, "more than one process would write the project"
    except (AssertionError, KeyError, TypeError, ValueError) as error:
        fail("extract-job.yaml / merge-job.yaml: %s" % error)

# ---- Containerfile ----
path = os.path.join(deploy, "Containerfile")
lines, current = [], ""
for raw in open(path).read().split("\n"):
    if raw.strip().startswith("#") and not current:
        continue
    current += raw.rstrip("\\").rstrip() + " " if raw.endswith("\\") else raw
    if not raw.endswith("\\"):
        if current.strip():
            lines.append(current.strip())
        current = ""
known = {"FROM", "RUN", "COPY", "ADD", "WORKDIR", "ENV", "ARG", "USER", "ENTRYPOINT", "CMD", "LABEL", "EXPOSE",
         "VOLUME"}
stages, packages_final = [], []
for line in lines:
    instruction, _, rest = line.partition(" ")
    if instruction not in known:
        fail("Containerfile: unknown instruction %s" % instruction)
    if instruction == "FROM":
        words = rest.split()
        if not words[0].startswith("debian:12"):
            fail("Containerfile: a stage is not built on debian:12 (%s)" % words[0])
        stages.append(words[2] if len(words) == 3 and words[1].upper() == "AS" else None)
        packages_final = []
    if instruction == "COPY":
        source_stage = re.search(r"--from=(\S+)", rest)
        if source_stage and source_stage.group(1) not in stages[:-1]:
            fail("Containerfile: COPY --from=%s names no earlier stage" % source_stage.group(1))
    if instruction == "RUN" and "apt-get install" in rest:
        install = rest.split("apt-get install", 1)[1].split("&&")[0]
        packages_final = [w for w in install.split() if not w.startswith("-")]
    if instruction in ("ENTRYPOINT", "CMD") and rest.startswith("["):
        try:
            json.loads(rest)
        except ValueError:
            fail("Containerfile: %s is not a JSON array" % instruction)
if not lines or not lines[0].startswith("FROM"):
    fail("Containerfile does not start with FROM")
if "shadelab-cli" not in " ".join(l for l in lines if l.startswith("COPY --from")):
    fail("Containerfile: the final stage does not take shadelab-cli from the build stage")
if shutil.which("apt-cache"):
    for package in packages_final:
        if subprocess.run(["apt-cache", "show", package], capture_output=True).returncode != 0:
            fail("Containerfile installs %s, which apt does not know" % package)

# ---- Slurm ----
path = os.path.join(deploy, "slurm", "extract.sbatch")
text = open(path).read()
check_cli("extract.sbatch", text)
if subprocess.run(["bash", "-n", path]).returncode != 0:
    fail("extract.sbatch is not valid bash")
directives, first_command = [], None
for number, line in enumerate(text.split("\n"), 1):
    if line.startswith("#SBATCH"):
        if first_command is not None:
            fail("extract.sbatch: line %d: #SBATCH after the first command (line %d) is ignored"
                 % (number, first_command))
        directives.append(line.split()[1])
    elif line.strip() and not line.startswith("#") and first_command is None:
        first_command = number
for wanted in ("--requeue", "--open-mode=append"):
    if wanted not in directives:
        fail("extract.sbatch lacks #SBATCH %s" % wanted)
for wanted in ("--dependency=\"afterok:", "--array=", "--shard \"$task/$shards\"", "--resume", "merge-results"):
    if wanted not in text:
        fail("extract.sbatch does not say %s" % wanted)
if shutil.which("shellcheck"):
    result = subprocess.run(["shellcheck", "-S", "warning", path], capture_output=True, text=True)
    if result.returncode != 0:
        fail("shellcheck extract.sbatch:\n" + result.stdout)

if failures:
    print("%d problems in deploy/" % len(failures))
    sys.exit(1)
print("ok: deploy/ (YAML checked with %s)" % ("PyYAML" if yaml else "a structural check"))
