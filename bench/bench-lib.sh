# Shared by the bench scripts (sourced, not run).

# Waits (polling every 30 s, at most 15 minutes) while another benchmark runs on this shared machine (a load
# generator or a JMH run that is not one of ours) or the 1-minute load average is above BENCH_MAX_LOAD (default 3 on
# these 2 cores: someone else's build). Prints the load average either way. BENCH_NO_WAIT=1 skips the wait (smoke
# runs of the scripts themselves).
wait_for_quiet() {
  local waited=0 others
  if [[ "${BENCH_NO_WAIT:-0}" == 1 ]]; then
    return 0
  fi
  while :; do
    others="$(pgrep -f 'LoadGenerator|org.openjdk.jmh.Main|benchmarks.jar' | grep -v -x "$$" || true)"
    local load
    load="$(cut -d' ' -f1 /proc/loadavg)"
    if [[ -z "$others" ]] && awk -v l="$load" -v m="${BENCH_MAX_LOAD:-3}" 'BEGIN { exit !(l <= m) }'; then
      echo "# $(date +%T) machine: $(uptime | sed 's/.*load average/load average/'), no other benchmark running" >&2
      return 0
    fi
    if (( waited >= 900 )); then
      echo "# $(date +%T) still busy after 15 min (load $load, other benchmarks: [$(echo $others)]); measuring anyway" >&2
      return 0
    fi
    echo "# $(date +%T) load $load, other benchmarks: [$(echo $others)]; waiting 30 s" >&2
    sleep 30
    waited=$((waited + 30))
  done
}

# A free TCP port on 127.0.0.1.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Waits until http://127.0.0.1:$1/health/ready answers 200 (at most 120 s).
wait_ready() {
  for _ in $(seq 1 240); do
    if curl -fsS -o /dev/null "http://127.0.0.1:$1/health/ready" 2>/dev/null; then
      return 0
    fi
    sleep 0.5
  done
  echo "node on port $1 did not become ready" >&2
  return 1
}
