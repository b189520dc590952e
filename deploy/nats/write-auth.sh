#!/bin/sh
# Writes the NATS servers' users and their rights into OUT_DIR from the environment:
#   write-auth.sh OUT_DIR   ->  OUT_DIR/auth.conf (nats.conf includes it)
# start.sh runs it at each start into a tmpfs; the tests run it into a temporary folder. The
# same sensors and apps as deploy/mosquitto/write-auth.sh, with the same rights, so a sensor has
# one login whichever broker it speaks to:
#   NATS_WORKER_PASSWORD    password of user "worker" (the crampwatch workers): every right
#   MQTT_SENSORS            sensors as "device:password" pairs, space separated; the username is
#                           the device id. A sensor publishes its own frames and status, reads
#                           nothing, and logs in over MQTT only.
#   MQTT_APPS               one companion-app user per wearer, "user:password:device,device"
#                           entries, space separated: it reads those devices' episodes and night
#                           summaries and sends their profile, context and diary, over MQTT only.
#                           Every device must be in MQTT_SENSORS.
# Names: PROTOCOL §2, ^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$. Passwords: letters, digits, '.', '_' and
# '-' (.env.example): they are written into a configuration file. A bad entry stops it with a
# message naming the entry (never its password), and leaves OUT_DIR as it was.
#
# Rights are on NATS subjects, and nats-server 2.9 checks a PUBLISH's rights on the subject
# after its mappings (server/mqtt.go, mqttParsePub then processInboundClientMsg): a sensor's
# frames are allowed on crampwatch.in.{P}.{id}.frames, P its partition, FNV-1a of the id mod
# PARTITIONS, as the mappings compute it (src/adapters/nats/partition.ts, topology.ts). An MQTT
# subscription with QoS 1 is delivered through a JetStream consumer on $MQTT.sub.<random>, which
# the subscriber must be allowed to read (2.9's own tests grant "$MQTT.sub.>"); an MQTT client
# cannot subscribe to $MQTT/sub/# itself (refused, test/access/nats-permissions.test.ts).
set -euf
LC_ALL=C
export LC_ALL

# src/adapters/nats/topology.ts PARTITIONS, and the partition(64,1) of nats.conf's mappings
PARTITIONS=64

if [ "$#" -ne 1 ]; then echo "usage: write-auth.sh OUT_DIR" >&2; exit 2; fi
out=$1
umask 077
mkdir -p "$out"
auth_new="$out/auth.conf.new"
trap 'rm -f "$auth_new"' EXIT

fail() {
  echo "write-auth.sh: $*" >&2
  exit 1
}

# check_name WHAT NAME WHERE: NAME is a valid username or device id, else stop naming WHERE
check_name() {
  case "$2" in
    '' | [!A-Za-z0-9]* | *[!A-Za-z0-9_-]*) fail "$3: bad $1 '$2' (letters, digits, _ and -, starting with a letter or digit)" ;;
  esac
  if [ "${#2}" -gt 64 ]; then fail "$3: $1 '$2' is longer than 64 characters"; fi
}

# partition_of ID: sets $partition to FNV-1a (32 bit) of the id's bytes, mod PARTITIONS. Ids are
# checked first (letters, digits, '_', '-'), so each byte is found in the tables below, without
# a process per character (a start with thousands of sensors stays quick).
digits=0123456789
upper=ABCDEFGHIJKLMNOPQRSTUVWXYZ
lower=abcdefghijklmnopqrstuvwxyz
partition_of() {
  hash=2166136261
  rest=$1
  while [ -n "$rest" ]; do
    char=${rest%"${rest#?}"}
    rest=${rest#?}
    case "$char" in
      [0-9]) before=${digits%%"$char"*}; byte=$((48 + ${#before})) ;;
      [A-Z]) before=${upper%%"$char"*}; byte=$((65 + ${#before})) ;;
      [a-z]) before=${lower%%"$char"*}; byte=$((97 + ${#before})) ;;
      -) byte=45 ;;
      _) byte=95 ;;
    esac
    hash=$(( ((hash ^ byte) * 16777619) % 4294967296 ))
  done
  partition=$(( hash % PARTITIONS ))
}

users=' '
sensors=' '
# add_user NAME PASSWORD WHERE RIGHTS: one line of the users list
add_user() {
  check_name username "$1" "$3"
  if [ -z "$2" ]; then fail "$3: no password for user '$1'"; fi
  case "$2" in
    *[!A-Za-z0-9._-]*) fail "$3: the password of user '$1' has a character other than letters, digits, '.', '_' and '-'" ;;
  esac
  case "$users" in *" $1 "*) fail "$3: user '$1' is already defined" ;; esac
  users="$users$1 "
  echo "    { user: \"$1\", password: \"$2\"$4 }" >> "$auth_new"
}

{
  echo "# Written by deploy/nats/write-auth.sh from the environment at each start; nats.conf includes it."
  echo "authorization {"
  echo "  users: ["
} > "$auth_new"

add_user worker "${NATS_WORKER_PASSWORD:-}" NATS_WORKER_PASSWORD ''

n=0
for pair in ${MQTT_SENSORS:-}; do
  n=$((n + 1))
  case "$pair" in
    *:*) ;;
    *) fail "MQTT_SENSORS entry $n is not device:password" ;;
  esac
  device=${pair%%:*}
  check_name 'device id' "$device" "MQTT_SENSORS entry $n ('$device')"
  partition_of "$device"
  p=$partition
  add_user "$device" "${pair#*:}" "MQTT_SENSORS entry $n ('$device')" \
    ", allowed_connection_types: [\"MQTT\"], permissions: { publish: { allow: [\"crampwatch.in.$p.$device.frames\", \"crampwatch.in.$p.$device.status\"] }, subscribe: { deny: [\">\"] } }"
  sensors="$sensors$device "
done

n=0
for entry in ${MQTT_APPS:-}; do
  n=$((n + 1))
  case "$entry" in
    *:*:*) ;;
    *) fail "MQTT_APPS entry $n is not user:password:device[,device...]" ;;
  esac
  user=${entry%%:*}
  rest=${entry#*:}
  password=${rest%:*}
  devices=${rest##*:}
  where="MQTT_APPS entry $n ('$user')"
  check_name username "$user" "$where"
  publish=''
  subscribe=''
  count=0
  IFS=,
  for device in $devices; do
    check_name 'device id' "$device" "$where"
    case "$sensors" in *" $device "*) ;; *) fail "$where: device '$device' is not in MQTT_SENSORS" ;; esac
    partition_of "$device"
    p=$partition
    publish="$publish\"crampwatch.in.$p.$device.profile\", \"crampwatch.in.$p.$device.context\", \"crampwatch.in.$p.$device.diary\", "
    subscribe="$subscribe\"crampwatch.v1.$device.episodes\", \"crampwatch.v1.$device.summary\", "
    count=$((count + 1))
  done
  unset IFS
  if [ "$count" -eq 0 ]; then fail "$where: no devices"; fi
  add_user "$user" "$password" "$where" \
    ", allowed_connection_types: [\"MQTT\"], permissions: { publish: { allow: [${publish%, }] }, subscribe: { allow: [$subscribe\"\$MQTT.sub.>\"] } }"
done

{
  echo "  ]"
  echo "}"
} >> "$auth_new"
mv "$auth_new" "$out/auth.conf"
