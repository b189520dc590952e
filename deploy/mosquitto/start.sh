#!/bin/sh
# Writes mosquitto's password file and ACL from the environment (write-auth.sh, which lists the
# variables), then starts the broker. Both files live in a tmpfs and are rebuilt at each start.
set -eu
auth_dir=/mosquitto/auth
sh "$(dirname "$0")/write-auth.sh" "$auth_dir"
chown mosquitto:mosquitto "$auth_dir" "$auth_dir/passwd" "$auth_dir/acl" 2>/dev/null || true
chmod 0700 "$auth_dir"

exec /docker-entrypoint.sh /usr/sbin/mosquitto -c /mosquitto/config/mosquitto.conf
