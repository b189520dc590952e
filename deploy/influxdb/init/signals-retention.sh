# Sourced by the influxdb:1.8 image's init-influxdb.sh on the first start with an empty volume,
# after it created $INFLUXDB_DB and the users, with $INFLUX_CMD running as the admin user.
# The pipeline's user has rights on the database only, not the admin rights CREATE RETENTION
# POLICY needs, so the policy for downsampled signals is made here (docs/influx-schema.md).
$INFLUX_CMD "CREATE RETENTION POLICY \"signals\" ON \"$INFLUXDB_DB\" DURATION ${CRAMPWATCH_SIGNAL_RETENTION:-30d} REPLICATION 1"
