#!/bin/sh
# Writes the NATS users and their rights from the environment (write-auth.sh, which lists the
# variables), then starts the server. nats.conf includes auth.conf from its own folder, so both
# are put in a tmpfs and rebuilt at each start; nothing secret is kept in the image or the repo.
set -eu
run_dir=/run/nats
here=$(dirname "$0")
mkdir -p "$run_dir"
chmod 0700 "$run_dir"
sh "$here/write-auth.sh" "$run_dir"
cp "$here/nats.conf" "$run_dir/nats.conf"
exec nats-server -c "$run_dir/nats.conf"
