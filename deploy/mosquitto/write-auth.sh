#!/bin/sh
# Writes mosquitto's password file and ACL into OUT_DIR from the environment:
#   write-auth.sh OUT_DIR   ->  OUT_DIR/passwd, OUT_DIR/acl
# start.sh runs it at each start into a tmpfs; the tests run it into a temporary folder. Nothing
# secret is kept in the repository or the image.
#   MQTT_PIPELINE_PASSWORD  password of user "pipeline" (crampwatch run)
#   MQTT_SENSORS            sensors as "device:password" pairs, space separated, e.g.
#                           "leg-01:s3cret leg-02:0ther"; the username is the device id
#   MQTT_APPS               one companion-app user per wearer, space separated entries
#                           "user:password:device,device", e.g. "app-w017:s3cret:leg-01,leg-02";
#                           the user reads the episodes and night summaries of those devices and
#                           sends their profile, context and diary, nothing else. Every device must be in MQTT_SENSORS.
# Names (users, device ids): PROTOCOL §2, ^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$. A bad entry stops it
# with a message naming the entry (never its password), and leaves OUT_DIR as it was.
set -euf
LC_ALL=C
export LC_ALL

if [ "$#" -ne 1 ]; then echo "usage: write-auth.sh OUT_DIR" >&2; exit 2; fi
out=$1
base="$(dirname "$0")/acl.base"
umask 077
mkdir -p "$out"
passwd_new="$out/passwd.new"
acl_new="$out/acl.new"
trap 'rm -f "$passwd_new" "$acl_new"' EXIT
: > "$passwd_new"
cat "$base" > "$acl_new"

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

users=' '
sensors=' '
# add_user NAME PASSWORD WHERE
add_user() {
  check_name username "$1" "$3"
  if [ -z "$2" ]; then fail "$3: no password for MQTT user '$1'"; fi
  case "$users" in *" $1 "*) fail "$3: MQTT user '$1' is already defined" ;; esac
  users="$users$1 "
  mosquitto_passwd -b "$passwd_new" "$1" "$2"
}

add_user pipeline "${MQTT_PIPELINE_PASSWORD:-}" MQTT_PIPELINE_PASSWORD

n=0
for pair in ${MQTT_SENSORS:-}; do
  n=$((n + 1))
  case "$pair" in
    *:*) ;;
    *) fail "MQTT_SENSORS entry $n is not device:password" ;;
  esac
  add_user "${pair%%:*}" "${pair#*:}" "MQTT_SENSORS entry $n ('${pair%%:*}')"
  sensors="$sensors${pair%%:*} "
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
  add_user "$user" "$password" "$where"
  {
    echo
    echo "# wearer's app (MQTT_APPS entry $n): its devices' episodes and summaries, their profile, context and diary"
    echo "user $user"
  } >> "$acl_new"
  count=0
  IFS=,
  for device in $devices; do
    check_name 'device id' "$device" "$where"
    case "$sensors" in *" $device "*) ;; *) fail "$where: device '$device' is not in MQTT_SENSORS" ;; esac
    {
      echo "topic read crampwatch/v1/$device/episodes"
      echo "topic read crampwatch/v1/$device/summary"
      echo "topic write crampwatch/v1/$device/profile"
      echo "topic write crampwatch/v1/$device/context"
      echo "topic write crampwatch/v1/$device/diary"
    } >> "$acl_new"
    count=$((count + 1))
  done
  unset IFS
  if [ "$count" -eq 0 ]; then fail "$where: no devices"; fi
  # the sensor patterns of acl.base would let this user publish frames and status as if it were
  # a device named like it
  echo "topic deny crampwatch/v1/$user/#" >> "$acl_new"
done

mv "$passwd_new" "$out/passwd"
mv "$acl_new" "$out/acl"
