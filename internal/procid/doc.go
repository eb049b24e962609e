// Package procid names a process so that another process, later, can tell
// whether it is still running: the owner token that both stores record
// with a running load (graph.Writer), so that a load whose process was
// killed is shown as interrupted while a load that another live process
// runs stays running.
//
// An Owner is the host (its name and /etc/machine-id), the boot of that
// host (/proc/sys/kernel/random/boot_id), the process's pid namespace,
// its pid and its start time (field 22 of /proc/<pid>/stat, clock ticks
// since boot). Owner.String is the token stored; Parse reads it back.
//
// Check answers, from the process that asks:
//
//   - Alive: the owner is on this host, in this boot and pid namespace,
//     and /proc/<pid>/stat exists with the same start time.
//   - Dead: the owner is on this host and in this boot and pid namespace
//     and its pid is gone or now names a process started at another time
//     (a reused pid); or the owner ran on this host in an earlier boot
//     (the host restarted since, so every process of that boot is gone).
//   - Unknown: anything else (another host, another pid namespace, a
//     token that does not parse, a system without /proc, where Self
//     records neither boot nor start time). A caller must not take
//     Unknown for Dead: the Neo4j store then judges by the load's
//     heartbeat, the SQLite store leaves the load running.
//
// Host identity is the host name and the machine id together: two hosts
// with the same name and no readable machine id, sharing a store, would
// take each other's loads for loads of an earlier boot. The stores'
// doc.go say so.
package procid
