#!/bin/sh
# FlowSpec DDoS mitigation controller: a herald `process` (see flowspec-ddos.conf).
#
# Usage: flowspec-ddos-controller.sh [FIFO [STATE-DIR]]
#   FIFO       named pipe the attack descriptions are written to
#              (default /run/herald/ddos.fifo; created, mode 0600, if missing)
#   STATE-DIR  one file per active rule, so that the rules survive a restart
#              of the process or of herald (default /var/lib/herald/ddos)
#   MAX_RULES  (environment) most rules active at once, default 100: a flood
#              of descriptions must not fill the routers' filter memory
#
# Your detector (or you) writes one line per event to the FIFO:
#
#   start ID ACTION dst=PREFIX [src=PREFIX] [proto=P] [dport=OPS] [sport=OPS] [len=OPS]
#   stop ID
#   stop-all
#
#   ACTION  discard               drop the traffic
#           rate-limit:BYTES      police it to BYTES bytes per second
#           redirect:ASN:NUMBER   send it to the VRF with that route target
#                                 (a scrubbing centre)
#   P       tcp, udp, icmp, gre or a protocol number
#   OPS     a port or length: 53, or operators as in herald's flow syntax:
#           >1024&<2048, <=512, !=80
#
# e.g.  echo 'start dns-amp discard dst=203.0.113.10/32 proto=udp sport=53' > /run/herald/ddos.fifo
#       echo 'start syn rate-limit:125000 dst=203.0.113.0/24 proto=tcp dport=443' > /run/herald/ddos.fifo
#       echo 'stop dns-amp' > /run/herald/ddos.fifo
#
# Each event becomes one line for herald on stdout, e.g.
#   announce flow route destination 203.0.113.10/32 protocol udp source-port =53 discard
#   withdraw flow route destination 203.0.113.10/32 protocol udp source-port =53
# A bad line is reported on stderr (herald's log) and ignored. POSIX sh only.

FIFO=${1:-/run/herald/ddos.fifo}
STATE=${2:-/var/lib/herald/ddos}
MAX_RULES=${MAX_RULES:-100}

log() { echo "flowspec-ddos-controller: $*" >&2; }

mkdir -p "$STATE" "$(dirname "$FIFO")" || exit 1
[ -p "$FIFO" ] || mkfifo -m 0600 "$FIFO" || exit 1

# herald answers every command on stdin ("done" or "error ..."): read the
# answers so its pipe never fills, log the refusals, and stop the
# controller when herald goes away (stdin closes).
exec 3<&0
(
    while IFS= read -r answer <&3; do
        case $answer in error*) log "herald refused a rule: $answer" ;; esac
    done
    kill $$ 2>/dev/null
) &

valid_prefix() {
    case $1 in
        */*) ;;
        *) return 1 ;;
    esac
    case $1 in *[!0-9a-fA-F:./]*) return 1 ;; esac
}
valid_ops() {
    case $1 in '' | *[!0-9=\<\>\&!]*) return 1 ;; esac
}
ops() {  # a bare number means "equal to"
    case $1 in [0-9]*) echo "=$1" ;; *) echo "$1" ;; esac
}

# The FlowSpec match for the key=value words given; fails on an error.
match() {
    dst='' src='' proto='' dport='' sport='' len=''
    for word in "$@"; do
        key=${word%%=*} value=${word#*=}
        case $key in
            dst | src) valid_prefix "$value" || { log "bad $key: $value"; return 1; } ;;
            proto)
                case $value in
                    tcp | udp | icmp | gre) ;;
                    *[!0-9]* | '') log "bad proto: $value"; return 1 ;;
                    *) value="=$value" ;;
                esac ;;
            dport | sport | len)
                valid_ops "$value" || { log "bad $key: $value"; return 1; }
                value=$(ops "$value") ;;
            *) log "unknown match: $word"; return 1 ;;
        esac
        eval "$key=\$value"  # key is one of the names above
    done
    [ -n "$dst" ] || { log "dst= is required"; return 1; }
    # IPv6 rules name the protocol next-header.
    case $dst in *:*) protocol=next-header ;; *) protocol=protocol ;; esac
    out="destination $dst"
    [ -n "$src" ] && out="$out source $src"
    [ -n "$proto" ] && out="$out $protocol $proto"
    [ -n "$dport" ] && out="$out destination-port $dport"
    [ -n "$sport" ] && out="$out source-port $sport"
    [ -n "$len" ] && out="$out packet-length $len"
    echo "$out"
}

action() {
    case $1 in
        discard) echo discard ;;
        rate-limit:*)
            case ${1#rate-limit:} in *[!0-9]* | '') return 1 ;; esac
            echo "rate-limit ${1#rate-limit:}" ;;
        redirect:*:*)
            case ${1#redirect:} in *[!0-9:]* | *:*:* | :* | *:) return 1 ;; esac
            echo "redirect ${1#redirect:}" ;;
        *) return 1 ;;
    esac
}

valid_id() {
    case $1 in '' | .* | *[!A-Za-z0-9._-]*) return 1 ;; esac
}

# A state file holds the rule's match on its first line, its action on the second.
stop() {
    [ -f "$STATE/$1" ] || { log "no active rule $1"; return; }
    { read -r old_match; } < "$STATE/$1"
    echo "withdraw flow route $old_match"
    rm -f "$STATE/$1"
}

start() {
    [ $# -ge 3 ] || { log "start needs an id, an action and a match"; return; }
    id=$1 act=$2
    shift 2
    valid_id "$id" || { log "bad id: $id"; return; }
    verb=$(action "$act") || { log "bad action: $act"; return; }
    m=$(match "$@") || return
    if [ -f "$STATE/$id" ]; then
        { read -r old_match; read -r old_verb; } < "$STATE/$id"
        [ "$old_match" = "$m" ] && [ "$old_verb" = "$verb" ] && return
        # A new match replaces the old rule; a new action on the same
        # match is a plain re-announcement (no gap without the filter).
        [ "$old_match" = "$m" ] || stop "$id"
    elif [ "$(find "$STATE" -type f | wc -l)" -ge "$MAX_RULES" ]; then
        log "$MAX_RULES rules active already: $id ignored"
        return
    fi
    printf '%s\n%s\n' "$m" "$verb" > "$STATE/$id"
    echo "announce flow route $m $verb"
}

# Rules still active from before a restart are announced again.
for f in "$STATE"/*; do
    [ -f "$f" ] || continue
    { read -r m; read -r verb; } < "$f"
    echo "announce flow route $m $verb"
done

while :; do
    while IFS= read -r line; do
        set -f
        # shellcheck disable=SC2086 # split into words on purpose
        set -- $line
        set +f
        case $1 in
            '' | '#'*) ;;
            start) shift; start "$@" ;;
            stop) if valid_id "$2"; then stop "$2"; else log "bad id: $2"; fi ;;
            stop-all) for f in "$STATE"/*; do [ -f "$f" ] && stop "${f##*/}"; done ;;
            *) log "unknown command: $1" ;;
        esac
    done < "$FIFO"
done
