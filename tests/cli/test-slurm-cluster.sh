#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-slurm-cluster.sh: deploy/slurm/extract.sbatch on a real one-node Slurm cluster started here (munged,
# slurmctld, slurmd as root, configured in a temporary folder, without cgroups or accounting): 2,000 photos
# measured by an array job of 4 tasks and merged into a project by the dependent job, every swatch exactly
# once; then again with one task killed half-way through its shard, requeued, and resumed: still exact.
# Skips (77) unless run as root with slurm-wlm and munge installed. Every daemon it starts is stopped on exit.
#
# Usage: test-slurm-cluster.sh SHADELAB-CLI SOURCE-DIR [PHOTOS]
set -euo pipefail

cli=$(readlink -f "$1")
source_dir=$(readlink -f "$2")
sbatch_script=$source_dir/deploy/slurm/extract.sbatch
photos=${SHADELAB_SLURM_PHOTOS:-${3:-2000}}

skip () { echo "SKIP: $*"; exit 77; }
fail () { echo "FAIL: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || skip "the daemons of a test cluster run as root"
for program in munged slurmctld slurmd sbatch squeue scontrol; do
  command -v "$program" >/dev/null || skip "$program is not installed (apt-get install slurm-wlm munge)"
done

work=$(mktemp -d "${TMPDIR:-/tmp}/shadelab-slurm.XXXXXX")
chmod 700 "$work"
pids=()
stop_daemons ()
{
  local pid
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
  done
  pids=()
}
cleanup ()
{
  local status=$?
  if [ "$status" -ne 0 ] && [ "$status" -ne 77 ]; then
    for log in "$work"/*.log "$work"/results*/*.log; do
      [ -f "$log" ] && { echo "--- $log"; tail -n 20 "$log"; }
    done
  fi
  # Jobs first, so that no step outlives its daemons; then whatever still runs with this cluster's
  # configuration (slurmstepd and its tasks are not our children).
  scancel --quiet --full --signal=KILL --partition=test 2>/dev/null || true
  scancel --quiet --partition=test 2>/dev/null || true
  for _ in $(seq 50); do
    [ -z "$(squeue -h -o %i 2>/dev/null)" ] && break
    sleep 0.1
  done
  stop_daemons
  for environ in /proc/[0-9]*/environ; do
    if grep -qxF "SLURM_CONF=$work/slurm.conf" < <({ tr '\0' '\n' < "$environ"; } 2>/dev/null); then
      pid=${environ#/proc/}
      kill -9 "${pid%/environ}" 2>/dev/null || true
    fi
  done
  rm -rf "$work"
}
trap cleanup EXIT

# Two free TCP ports for slurmctld and slurmd.
read -r ctld_port slurmd_port < <(python3 -c '
import socket
s = [socket.socket() for _ in range(2)]
for x in s:
    x.bind(("127.0.0.1", 0))
print(*[x.getsockname()[1] for x in s])')
host=$(hostname -s)
cpus=$(nproc)
memory=$(($(awk '/^MemTotal/ { print $2 }' /proc/meminfo) / 1024 / 2))

# munge, with its own key and socket.
dd if=/dev/urandom of="$work/munge.key" bs=1024 count=1 status=none
chmod 400 "$work/munge.key"
mkdir -m 700 "$work/munge"
munged --foreground --force --key-file="$work/munge.key" --socket="$work/munge/munge.socket" \
  --pid-file="$work/munge/munged.pid" --log-file="$work/munged.log" --seed-file="$work/munge/seed" \
  > /dev/null 2>&1 &
pids+=($!)
for _ in $(seq 50); do [ -S "$work/munge/munge.socket" ] && break; sleep 0.1; done
[ -S "$work/munge/munge.socket" ] || fail "munged did not start"

mkdir -p "$work/state" "$work/spool"
export SLURM_CONF=$work/slurm.conf
cat > "$SLURM_CONF" <<CONF
ClusterName=shadelab-test
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$work/munge/munge.socket
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
JobRequeue=1
MaxJobCount=1000
MinJobAge=300
SchedulerParameters=sched_interval=1
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
: > "$work/plugstack.conf"
echo "PlugStackConfig=$work/plugstack.conf" >> "$SLURM_CONF"

slurmctld -D -i -f "$SLURM_CONF" > "$work/slurmctld.out" 2>&1 &
pids+=($!)
slurmd -D -f "$SLURM_CONF" > "$work/slurmd.out" 2>&1 &
pids+=($!)
node_idle () { [ "$(sinfo -h -o %T 2>/dev/null)" = idle ]; }
for _ in $(seq 100); do
  node_idle && break
  sleep 0.2
done
node_idle || fail "the test cluster's node did not come up: $(sinfo 2>&1 | tail -2)"

# 2,000 small photos, a manifest of their boxes (CSV, paths relative to it) and a project holding them.
start=$SECONDS
"$cli" generate "$work/photos" --count "$photos" --seed 21 --size 160x120 > /dev/null
python3 - "$work/photos/truth.json" "$work/manifest.csv" <<'PY'
import json, sys
with open(sys.argv[2], "w") as out:
    out.write("id,image,x,y,w,h\n")
    for i, e in enumerate(json.load(open(sys.argv[1]))):
        b = e["box"]
        out.write("photo-%d,photos/%s,%d,%d,%d,%d\n" % (i, e["file"], b["x"], b["y"], b["w"], b["h"]))
PY
"$cli" init "$work/fresh.shadelab" > /dev/null
"$cli" import "$work/fresh.shadelab" "$work/photos" > /dev/null 2>&1 || true
[ "$(sqlite3 "$work/fresh.shadelab" 'SELECT count(*) FROM images')" = "$photos" ] || fail "the import missed photos"
echo "$photos photos generated and imported in $((SECONDS - start)) s"

# wait_for JOB-IDS...: until no job of ours is left in the queue (4 minutes at most).
wait_for ()
{
  local pending hurried=" "
  for _ in $(seq 1200); do
    [ -z "$(squeue -h -j "$(IFS=,; echo "$*")" -o %i 2>/dev/null)" ] && return 0
    # Slurm holds a requeued task about two minutes (Reason=BeginTime); the test has no reason to wait that
    # long, but a task started again within the second of its requeue is refused by slurmd ("Job credential
    # revoked": revocations are kept to the second), so it starts 3 s on (set once: again would push it back).
    for pending in $(squeue -h -j "$(IFS=,; echo "$*")" -t PENDING -o '%i %r' 2>/dev/null | awk '$2 == "BeginTime" { print $1 }'); do
      case $hurried in *" $pending "*) continue ;; esac
      scontrol update JobId="$pending" StartTime=now+3 2>/dev/null && hurried="$hurried$pending "
    done
    sleep 0.2
  done
  fail "jobs $* still queued after 4 minutes: $(squeue 2>&1)"
}

# run_case NAME: submits the array and merge jobs through the deploy script, waits and checks the project.
run_case ()
{
  local name=$1 ids
  cp "$work/fresh.shadelab" "$work/$name.shadelab"
  ids=$(cd "$work" && "$sbatch_script" manifest.csv "$name.shadelab" "results-$name" 4)
  echo "$name: $ids"
  start=$SECONDS
  wait_for $(echo "$ids" | grep -oE 'job [0-9]+' | cut -d' ' -f2)
  grep -q "results read" "$work/results-$name/merge.log" 2>/dev/null \
    || fail "$name: the merge job did not run: $(cat "$work/results-$name/merge.log" 2>&1)"
  python3 - "$work/results-$name" "$work/$name.shadelab" "$photos" <<'PY' || fail "$name: results or project not exact"
import glob, json, sqlite3, sys
folder, project, photos = sys.argv[1], sys.argv[2], int(sys.argv[3])
ids = []
for path in sorted(glob.glob(folder + "/shard-*.jsonl")):
    text = open(path).read()
    assert text.endswith("\n"), path + " ends in a torn line"
    for line in text.splitlines():
        r = json.loads(line)
        assert "error" not in r, r
        ids.append(r["id"])
assert len(ids) == photos and len(set(ids)) == photos, (len(ids), len(set(ids)))
db = sqlite3.connect(project)
images, boxes, swatches, per_image = db.execute(
    "SELECT (SELECT count(*) FROM images), (SELECT count(*) FROM boxes), (SELECT count(*) FROM swatches), "
    "(SELECT max(n) FROM (SELECT count(*) AS n FROM boxes GROUP BY image_id))").fetchone()
assert (images, boxes, swatches, per_image) == (photos, photos, photos, 1), (images, boxes, swatches, per_image)
PY
  grep -q "$photos results read: $photos swatches stored" "$work/results-$name/merge.log" \
    || fail "$name: merge said $(cat "$work/results-$name/merge.log")"
  echo "$name: measured and merged in $((SECONDS - start)) s"
}

# One processor per task, so that two of the four run at once on two processors.
export SHADELAB_SBATCH_OPTIONS="--cpus-per-task=1"
export SHADELAB_CLI=$cli
run_case plain

# Task 1 kills its extract-batch once, half-way through its shard (marker file), and fails; the script requeues it.
cat > "$work/flaky-cli" <<SH
#!/usr/bin/env bash
if [ "\$1" = extract-batch ] && [ "\${SLURM_ARRAY_TASK_ID:-}" = 1 ] && mkdir "$work/killed-once" 2>/dev/null; then
  "$cli" "\$@" &
  child=\$!
  out=\${@: -1}
  while kill -0 "\$child" 2>/dev/null && [ "\$( { wc -l < "\$out"; } 2>/dev/null || echo 0)" -lt 100 ]; do
    sleep 0.05
  done
  kill -9 "\$child" 2>/dev/null
  wait "\$child"
  exit 137
fi
exec "$cli" "\$@"
SH
chmod +x "$work/flaky-cli"
export SHADELAB_CLI=$work/flaky-cli
run_case killed
[ -d "$work/killed-once" ] || fail "killed: task 1 was never killed"
grep -q "requeued" "$work/results-killed/shard-1.log" || fail "killed: task 1 was not requeued: $(cat "$work/results-killed/shard-1.log")"
grep -q "start 2" "$work/results-killed/shard-1.log" || fail "killed: task 1 did not run again"
grep -qE "[1-9][0-9]* already in" "$work/results-killed/shard-1.log" || fail "killed: task 1 did not resume"

echo "ok: $photos photos in 4 Slurm tasks, merged exactly once, also with a task killed and requeued"
