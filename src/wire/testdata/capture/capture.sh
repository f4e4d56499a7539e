#!/bin/bash
# Captures real BGP messages from gobgpd, BIRD and ExaBGP on loopback.
#
# Usage: capture.sh OUT_DIR     (as root; traffic on 127.0.0.71-78 only)
#
# Scenarios (one receiving ExaBGP each, printing JSON with the raw bytes):
#   A  gobgpd 127.0.0.72 (AS 65002)  -> ExaBGP 127.0.0.71 (AS 65001), eBGP;
#      routes with communities, large communities, AS_SET, AGGREGATOR; then
#      withdrawals, and a shutdown with a message (RFC 9003).
#   B  BIRD 127.0.0.73 (AS 65000, route reflector) -> ExaBGP 127.0.0.74, iBGP;
#      gobgpd 127.0.0.75 gives BIRD a route that it reflects (ORIGINATOR_ID,
#      CLUSTER_LIST); then `birdc reload in` (ROUTE-REFRESH) and `disable`.
#   C  ExaBGP 127.0.0.76 (AS 65003) -> ExaBGP 127.0.0.77 (AS 65004).
#   D  ExaBGP 127.0.0.78 (AS 4200000078, asn4 disabled) -> ExaBGP 127.0.0.77.
# Then extract.py turns OUT_DIR/capture.pcap into testdata/*.hex files.
set -u
DIR=$(cd "$(dirname "$0")" && pwd)
OUT=$(mkdir -p "$1" && cd "$1" && pwd)
rm -f "$OUT"/*.json "$OUT"/*.log "$OUT"/capture.pcap
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null; done
  sleep 1
  for p in "${PIDS[@]}"; do kill -KILL "$p" 2>/dev/null; done
}
trap cleanup EXIT

# exabgp NAME CONF PORT BIND: one ExaBGP, its log in OUT/NAME.log.
exabgp_run() {
  env exabgp.daemon.user=root exabgp.daemon.drop=false exabgp.api.cli=false \
      exabgp.log.destination="$OUT/$1.log" exabgp.log.level=INFO \
      exabgp.tcp.port="$3" exabgp.tcp.bind="$4" exabgp.api.ack=false \
      timeout 120 exabgp "$2" >/dev/null 2>&1 &
  PIDS+=($!)
}

receiver_conf() {  # NAME: the receiver config of a scenario
  sed -e "s|@DIR@|$DIR|g" -e "s|@OUT@|$OUT|g" -e "s|@NAME@|$1|g" "$DIR/exabgp-receiver.conf.in" \
      "$DIR/exabgp-$1.conf.in" > "$OUT/exabgp-$1.conf"
}

wait_for() {  # SECONDS COMMAND...: until COMMAND succeeds
  local n=$1; shift
  for _ in $(seq "$n"); do "$@" >/dev/null 2>&1 && return 0; sleep 1; done
  echo "timed out waiting for: $*" >&2
  return 1
}

timeout 200 tshark -i lo -f "tcp portrange 17182-17184" -w "$OUT/capture.pcap" -q 2>"$OUT/tshark.log" &
PIDS+=($!)
sleep 3

# --- A: gobgpd -> ExaBGP ----------------------------------------------------
timeout 100 gobgpd -f "$DIR/gobgpd-a.toml" -t toml -p --api-hosts 127.0.0.72:17192 --pprof-disable \
    > "$OUT/gobgpd-a.log" 2>&1 &
PIDS+=($!)
G="gobgp -u 127.0.0.72 -p 17192"
wait_for 20 $G global
# (gobgp's CLI cannot set extended communities on these; BIRD's routes have one.)
$G global rib add 198.51.100.0/24 origin igp med 10 community 65002:100,no-export \
    large-community 65002:1:2,65002:3:4 nexthop 127.0.0.72
$G global rib add 198.51.101.0/24 origin incomplete aspath "65010 {65011,65012}" \
    aggregator 65010:10.0.0.10 nexthop 127.0.0.72
$G global rib -a ipv6 add 2001:db8:72::/48 nexthop 2001:db8::72 med 20 community 65002:6
$G global rib -a ipv6 add 2001:db8:7272::/48 nexthop fe80::72
receiver_conf a
exabgp_run exabgp-a "$OUT/exabgp-a.conf" 17182 ""
wait_for 30 sh -c "$G neighbor -j | grep -q '\"session_state\":6'"
sleep 4
$G global rib del 198.51.100.0/24
$G global rib -a ipv6 del 2001:db8:72::/48
sleep 1
$G neighbor 127.0.0.71 shutdown --reason "herald capture: done"
sleep 2

# --- B: BIRD route reflector -> ExaBGP --------------------------------------
mkdir -p "$OUT/bird"
timeout 100 bird -f -c "$DIR/bird.conf" -s "$OUT/bird/bird.ctl" -P "$OUT/bird/bird.pid" > "$OUT/bird.log" 2>&1 &
PIDS+=($!)
timeout 100 gobgpd -f "$DIR/gobgpd-b.toml" -t toml -p --api-hosts 127.0.0.75:17195 --pprof-disable \
    > "$OUT/gobgpd-b.log" 2>&1 &
PIDS+=($!)
G2="gobgp -u 127.0.0.75 -p 17195"
wait_for 20 $G2 global
$G2 global rib add 192.0.2.128/25 nexthop 127.0.0.75 local-pref 150 community 65000:75
receiver_conf b
exabgp_run exabgp-b "$OUT/exabgp-b.conf" 17183 ""
B="birdc -s $OUT/bird/bird.ctl"
wait_for 30 sh -c "$B show protocols rb | grep -q Established"
wait_for 30 sh -c "$B show protocols g2 | grep -q Established"
sleep 4
$B reload in rb
sleep 1
$B disable rb
sleep 2

# --- C and D: ExaBGP -> ExaBGP ----------------------------------------------
receiver_conf c
exabgp_run exabgp-c "$OUT/exabgp-c.conf" 17184 127.0.0.77
sleep 3
exabgp_run exabgp-sender-c "$DIR/exabgp-sender-c.conf" 17184 ""
SENDER_C=${PIDS[-1]}
exabgp_run exabgp-sender-d "$DIR/exabgp-sender-d.conf" 17184 ""
SENDER_D=${PIDS[-1]}
sleep 10
kill -TERM "$SENDER_C" "$SENDER_D"
sleep 3
