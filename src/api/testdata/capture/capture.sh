#!/bin/sh
# Captures ExaBGP 4.2's JSON and text output for the scenarios of speaker.py.
# Usage: capture.sh OUT_DIR [PORT]   (needs root: ExaBGP runs as root here)
set -eu
DIR=$(cd "$(dirname "$0")" && pwd)
OUT=$1
PORT=${2:-17961}
mkdir -p "$OUT"
rm -f "$OUT/out.json" "$OUT/out.txt" "$OUT/sent.hex"
sed -e "s|@DIR@|$DIR|g" -e "s|@OUT@|$OUT|g" "$DIR/receiver.conf.in" > "$OUT/receiver.conf"
timeout 90 python3 "$DIR/speaker.py" "$PORT" "$OUT" &
SPEAKER=$!
sleep 1
env exabgp.daemon.user=root exabgp.daemon.drop=false exabgp.api.cli=false \
    exabgp.log.destination="$OUT/exabgp.log" exabgp.log.level=DEBUG exabgp.log.processes=true \
    exabgp.tcp.bind= exabgp.tcp.port="$PORT" exabgp.api.ack=false \
    timeout 120 exabgp "$OUT/receiver.conf" &
EXABGP=$!
wait $SPEAKER || true
sleep 3
kill -TERM $EXABGP 2>/dev/null || true
wait $EXABGP || true
