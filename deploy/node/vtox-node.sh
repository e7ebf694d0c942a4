#!/usr/bin/env bash
# Starts one VTOX node — by default a fleet node: vehicle actors for the shards it owns, the five
# analyzer actors (queue groups vtox.analyze.<fault>, and vtox.analyze.<fault>.<node id> for what
# peers spill to it); each shard's owner reads that shard's
# partitions of the telemetry stream (the nats-server needs the mapping in deploy/nats/*.conf).
# Flags are passed through to `vtox node` (`vtox node --help` lists them):
#   vtox-node.sh                        a fleet node (same as --fleet)
#   vtox-node.sh --no-analyzers         a fleet node that hosts vehicle actors only
#   vtox-node.sh --kinds /opt/app/kinds.ts   a node hosting your own actor kinds (--demo: the demo kinds)
# Configuration comes from the environment (a flag given here wins over its variable):
#   NATS_URL           nats://host:4222[,nats://host2:4223,...]     (default nats://127.0.0.1:4222)
#   VTOX_NODE_ID       unique id of this node, e.g. the host name    (default: node-<random>)
#   VTOX_SHARDS        shards this node owns: all | 0-21 | 0-15,32    (default: all)
#   VTOX_SHARD_COUNT   cluster-wide shard count; never change it after the first start (default 64)
#   VTOX_CLUSTER_MODE  development | testing | production (production: R3 streams/buckets)
#   VTOX_LOG           info | warn | error | silent
# A bad value stops the node at once with exit code 2 and a line naming the flag or variable.
# SIGTERM/SIGINT stop the node gracefully (stop routing, drain, snapshot, ack, release shard
# leases). Several nodes may be given the same shards: one owns each shard, the others take over
# when its lease expires (default 10 s after the owner dies).
# Fleet nodes need the WASM core built once per checkout: npm run build:wasm (npm run setup does it).
set -euo pipefail
cd "$(dirname "$0")/../.."
# --initial-old-space-size=256: a node keeps a small live heap but allocates fast; without it V8 runs a
# full collection every few hundred ms under load (see cli/dev/node_heap_flags.ts for the measurements).
exec node --initial-old-space-size=256 bin/vtox.js node "$@"
