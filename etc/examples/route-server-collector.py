#!/usr/bin/python3
"""Route collector: a herald `process` (see route-server.conf).

Usage: route-server-collector.py [SNAPSHOT]   (default /var/lib/herald/rib.json)

Reads the JSON herald writes for `api { receive { parsed; update; } }` and
`neighbor-changes` (ExaBGP's JSON, encoder json), keeps every member's
routes, and rewrites SNAPSHOT (atomically, at most twice a second) as

  {"peers": {"192.0.2.1": {"asn": 64497, "state": "up",
                           "routes": {"ipv4 unicast": {"198.51.100.0/25":
                               {"next-hop": "192.0.2.1", "attribute": {...}}}}}}}

so that a looking glass, a monitoring check or `jq` can read what each
member announces. A member's routes go when its session goes down.
Python 3 standard library only; prints nothing to herald.
"""

import json
import os
import sys
import threading
import time

SNAPSHOT = sys.argv[1] if len(sys.argv) > 1 else "/var/lib/herald/rib.json"

peers = {}
lock = threading.Lock()        # peers
write_lock = threading.Lock()  # the snapshot file
dirty = threading.Event()


def route_key(route):
    """The route's prefix (with its path id when ADD-PATH is on); the
    whole NLRI as JSON for families without a plain prefix."""
    if isinstance(route, str):
        return route
    if "nlri" in route:
        if "path-information" in route:
            return f'{route["nlri"]} path-information {route["path-information"]}'
        return route["nlri"]
    return json.dumps(route, sort_keys=True)


def peer_entry(message):
    neighbor = message["neighbor"]
    entry = peers.setdefault(neighbor["address"]["peer"], {"asn": None, "state": "up", "routes": {}})
    entry["asn"] = neighbor.get("asn", {}).get("peer", entry["asn"])
    return entry


def on_update(message):
    entry = peer_entry(message)
    update = message["neighbor"]["message"].get("update", {})
    attribute = update.get("attribute", {})
    for family, by_hop in update.get("announce", {}).items():
        table = entry["routes"].setdefault(family, {})
        for hop, routes in by_hop.items():
            for route in routes:
                table[route_key(route)] = {"next-hop": hop, "attribute": attribute}
    for family, routes in update.get("withdraw", {}).items():
        table = entry["routes"].get(family, {})
        for route in routes:
            table.pop(route_key(route), None)


def on_state(message):
    entry = peer_entry(message)
    entry["state"] = message["neighbor"].get("state", "unknown")
    if entry["state"] != "up":
        entry["routes"] = {}


def handle(line):
    try:
        message = json.loads(line)
    except ValueError:
        return  # not JSON (a line herald did not mean for a collector)
    kind = message.get("type")
    with lock:
        if kind == "update":
            on_update(message)
        elif kind == "state":
            on_state(message)
        else:
            return
    dirty.set()


def write():
    with write_lock:
        with lock:
            text = json.dumps({"peers": peers}, indent=1, sort_keys=True)
        tmp = SNAPSHOT + ".tmp"
        with open(tmp, "w") as f:
            f.write(text + "\n")
        os.replace(tmp, SNAPSHOT)


def writer():
    while True:
        dirty.wait()
        dirty.clear()
        try:
            write()
        except OSError as e:
            print(f"route-server-collector: {SNAPSHOT}: {e}", file=sys.stderr, flush=True)
        time.sleep(0.5)


def main():
    os.makedirs(os.path.dirname(os.path.abspath(SNAPSHOT)), exist_ok=True)
    write()
    threading.Thread(target=writer, daemon=True).start()
    for line in sys.stdin:
        handle(line)
    # herald has gone: leave the last state on disk.
    write()


if __name__ == "__main__":
    main()
