#!/usr/bin/env bash
# Starts one VTOX node. Configuration comes from the environment (or flags passed through):
#   NATS_URL           nats://host:4222[,nats://host2:4223,...]   (required in production)
#   VTOX_NODE_ID       unique id of this node, e.g. the host name  (default: node-<random>)
#   VTOX_SHARDS        shards this node owns: all | 0-21 | 0-15,32  (default: all)
#   VTOX_SHARD_COUNT   cluster-wide shard count; never change it after the first start (default 64)
#   VTOX_CLUSTER_MODE  development | testing | production (production: R3 streams/buckets)
#   VTOX_LOG           info | warn | error | silent
# SIGTERM/SIGINT stop the node gracefully (drain, snapshot, ack, release shard leases).
# Several nodes may be given the same shards: one owns each shard, the others take over when its
# lease expires (default 10 s after the owner dies).
set -euo pipefail
cd "$(dirname "$0")/../.."
exec node bin/vtox.js node "$@"
