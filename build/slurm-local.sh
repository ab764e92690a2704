#!/usr/bin/env bash
# A real single-node Slurm on this machine, for the scale-out tests (tests/SeCo.Host.Tests/ScaleOut) and for trying
# `seco slurm` by hand. Needs root and Debian's slurm-wlm + munge (.ci/run installs them):
#   build/slurm-local.sh start [DIR]   starts munged (when not running), slurmctld and slurmd with a slurm.conf in DIR
#                                      (default /tmp/seco-slurm), waits until the node is idle, prints SLURM_CONF=...
#   build/slurm-local.sh stop [DIR]    stops slurmd and slurmctld by their pid files (munged is left running)
# Use it with: export SLURM_CONF=DIR/slurm.conf; sbatch/squeue/scontrol then talk to this cluster.
set -euo pipefail
action="${1:-}"
dir="${2:-/tmp/seco-slurm}"
conf="$dir/slurm.conf"

die() { echo "slurm-local: $*" >&2; exit 1; }

start_munge() {
  if [ -S /run/munge/munge.socket.2 ] && munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
    return
  fi
  command -v munged >/dev/null || die "munged not found; install it: apt-get install -y slurm-wlm munge"
  if [ ! -s /etc/munge/munge.key ]; then
    mkdir -p /etc/munge
    dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key status=none
  fi
  chown munge:munge /etc/munge /etc/munge/munge.key
  chmod 700 /etc/munge
  chmod 400 /etc/munge/munge.key
  mkdir -p /run/munge /var/lib/munge /var/log/munge
  chown munge:munge /run/munge /var/lib/munge /var/log/munge
  chmod 755 /run/munge
  runuser -u munge -- /usr/sbin/munged
  for _ in $(seq 50); do
    if munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then return; fi
    sleep 0.1
  done
  die "munged did not come up"
}

write_conf() {
  local node host
  host="$(hostname -s)"
  # slurmd -C prints the node's real CPUs, sockets, cores, threads and memory.
  node="$(slurmd -C | head -n 1)"
  case "$node" in NodeName=*) ;; *) die "slurmd -C printed no node line: $node" ;; esac
  mkdir -p "$dir/state" "$dir/spool" "$dir/log"
  cat > "$conf" <<CONF
ClusterName=seco-local
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
SlurmctldPort=6817
SlurmdPort=6818
AuthType=auth/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=1
MinJobAge=300
$node State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
}

stop_daemon() {
  local pidfile="$1" pid
  [ -s "$pidfile" ] || return 0
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$pidfile"
}

case "$action" in
  start)
    [ "$(id -u)" -eq 0 ] || die "needs root (slurmd runs jobs as their users)"
    command -v slurmctld >/dev/null && command -v slurmd >/dev/null || die "slurmctld/slurmd not found; install them: apt-get install -y slurm-wlm munge"
    stop_daemon "$dir/slurmd.pid"
    stop_daemon "$dir/slurmctld.pid"
    start_munge
    write_conf
    export SLURM_CONF="$conf"
    if timeout 10 scontrol ping 2>/dev/null | grep -q "is UP"; then
      die "another slurmctld already answers on this host's port 6817; stop it first (build/slurm-local.sh stop ITS_DIR)"
    fi
    # -i: ignore state from an earlier start (a fresh cluster every time).
    slurmctld -f "$conf" -i
    slurmd -f "$conf"
    for _ in $(seq 300); do
      # Our own daemons must be the ones answering: another cluster on these ports would answer sinfo too.
      for daemon in slurmctld slurmd; do
        if [ -s "$dir/$daemon.pid" ] && ! kill -0 "$(cat "$dir/$daemon.pid")" 2>/dev/null; then
          tail -n 20 "$dir/log/$daemon.log" >&2 || true
          die "$daemon exited (is another Slurm running on ports 6817/6818?)"
        fi
      done
      state="$(sinfo -h -N -o '%t' 2>/dev/null | head -n 1 || true)"
      case "$state" in
        idle|mix|alloc)
          scontrol show config 2>/dev/null | grep -q "StateSaveLocation *= *$dir/state\$" || die "the controller answering is not the one started in $dir"
          echo "SLURM_CONF=$conf"
          exit 0
          ;;
      esac
      sleep 0.1
    done
    echo "--- slurmctld.log" >&2; tail -n 20 "$dir/log/slurmctld.log" >&2 || true
    echo "--- slurmd.log" >&2; tail -n 20 "$dir/log/slurmd.log" >&2 || true
    die "the node did not become idle in 30 s (state: ${state:-none})"
    ;;
  stop)
    stop_daemon "$dir/slurmd.pid"
    stop_daemon "$dir/slurmctld.pid"
    ;;
  *)
    echo "usage: $0 start|stop [DIR]" >&2
    exit 2
    ;;
esac
