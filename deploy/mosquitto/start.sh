#!/bin/sh
# Writes mosquitto's password file from the environment, then starts the broker. Nothing secret
# is kept in the repository or the image: the file lives in a tmpfs and is rebuilt at each start.
#   MQTT_PIPELINE_PASSWORD  password of user "pipeline" (crampwatch run)
#   MQTT_APP_PASSWORD       password of user "app" (the wearer's phone)
#   MQTT_SENSORS            sensors as "device:password" pairs, space separated, e.g.
#                           "leg-01:s3cret leg-02:0ther"; the username is the device id
set -eu
auth_dir=/mosquitto/auth
file="$auth_dir/passwd"
mkdir -p "$auth_dir"
rm -f "$file"
umask 077
: > "$file"

add_user() {
  case "$1" in
    ''|[!A-Za-z0-9]*|*[!A-Za-z0-9_-]*) echo "start.sh: bad MQTT username '$1' (letters, digits, _ and - only)" >&2; exit 1 ;;
  esac
  if [ "${#1}" -gt 64 ]; then echo "start.sh: MQTT username '$1' is longer than 64 characters" >&2; exit 1; fi
  if [ -z "$2" ]; then echo "start.sh: no password for MQTT user '$1'" >&2; exit 1; fi
  mosquitto_passwd -b "$file" "$1" "$2"
}

add_user pipeline "${MQTT_PIPELINE_PASSWORD:-}"
add_user app "${MQTT_APP_PASSWORD:-}"
for pair in ${MQTT_SENSORS:-}; do
  case "$pair" in
    *:*) add_user "${pair%%:*}" "${pair#*:}" ;;
    *) echo "start.sh: MQTT_SENSORS entry '$pair' is not device:password" >&2; exit 1 ;;
  esac
done
chown mosquitto:mosquitto "$file" 2>/dev/null || true
chmod 0700 "$auth_dir"
chown mosquitto:mosquitto "$auth_dir" 2>/dev/null || true

exec /docker-entrypoint.sh /usr/sbin/mosquitto -c /mosquitto/config/mosquitto.conf
