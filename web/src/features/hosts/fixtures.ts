/** Sample API answers for the hosts pages' tests. */
import type { Schemas } from "../../api/client";

export function hostItem(id: string, name: string, extra: Partial<Schemas["HostItem"]> = {}): Schemas["HostItem"] {
  return {
    id,
    name,
    mode: "host",
    status: "online",
    createdAt: "2025-06-01T00:00:00Z",
    lastSampleAt: new Date(Date.now() - 10_000).toISOString(),
    hostname: name,
    os: "Debian GNU/Linux 12",
    kernel: "6.1.0-18-amd64",
    arch: "x86_64",
    cpuCount: 4,
    collectorVersion: "0.1.0",
    clusterId: null,
    clusterName: null,
    nodeName: null,
    cpuPercent: 12.5,
    memoryUsedBytes: 2 * 1024 ** 3,
    memoryTotalBytes: 8 * 1024 ** 3,
    memoryPercent: 25,
    diskReadBps: 1024,
    diskWriteBps: 2048,
    netRxBps: 4096,
    netTxBps: 512,
    load1: 0.42,
    ...extra,
  };
}

export function breakdown(time: string, extra: Partial<Schemas["HostBreakdown"]> = {}): Schemas["HostBreakdown"] {
  return {
    hostId: "h1",
    time,
    cpu: {
      percent: 12.5,
      count: 4,
      coresPercent: [10, 15, 12, 13],
      timesPercent: { user: 8, nice: 0, system: 4, idle: 87, iowait: 0.5, irq: 0, softirq: 0.5, steal: 0 },
      load1: 0.42,
      load5: 0.3,
      load15: 0.2,
    },
    memory: {
      usedBytes: 2 * 1024 ** 3,
      totalBytes: 8 * 1024 ** 3,
      availableBytes: 6 * 1024 ** 3,
      cachedBytes: 1024 ** 3,
      buffersBytes: 1024 ** 2,
      percent: 25,
      swapUsedBytes: 0,
      swapTotalBytes: 1024 ** 3,
      swapPercent: 0,
    },
    diskReadBps: 1024,
    diskWriteBps: 2048,
    netRxBps: 4096,
    netTxBps: 512,
    disks: [{ device: "vda", readBps: 1024, writeBps: 2048, readIops: 1, writeIops: 3, busyPercent: 2 }],
    filesystems: [
      {
        mountpoint: "/",
        device: "/dev/vda1",
        fstype: "ext4",
        totalBytes: 100 * 1024 ** 3,
        usedBytes: 30 * 1024 ** 3,
        freeBytes: 70 * 1024 ** 3,
        usedPercent: 30,
        inodesTotal: 1000,
        inodesUsed: 100,
        inodesPercent: 10,
      },
    ],
    interfaces: [
      { name: "eth0", rxBps: 4096, txBps: 512, rxPacketsPs: 10, txPacketsPs: 5, rxErrorsPs: 0, txErrorsPs: 0, rxDropsPs: 0, txDropsPs: 0 },
    ],
    temperatures: [{ sensor: "coretemp", label: "Package id 0", celsius: 48.5 }],
    psi: { cpu: { some: { avg10: 1.5, avg60: 1, avg300: 0.5 } }, memory: null, io: null },
    tcp: { states: { established: 12, synSent: 0, synRecv: 0, finWait1: 0, finWait2: 0, timeWait: 3, close: 0, closeWait: 0, lastAck: 0, listen: 8, closing: 0, newSynRecv: 0 }, retransSegsPs: 0.2 },
    vmstat: { pgfaultPs: 120, pgmajfaultPs: 0, pswpinPs: 0, pswpoutPs: 0, oomKillPs: 0 },
    softnet: null,
    ntp: { synced: true, offsetSeconds: 0.0012, maxErrorSeconds: 0.05, estErrorSeconds: 0.0005 },
    uptimeSeconds: 3 * 86400 + 3600,
    bootTime: "2025-05-29T00:00:00Z",
    ...extra,
  };
}

export function timeseries(points: number): Schemas["HostTimeseries"] {
  const now = Math.floor(Date.now() / 1000);
  const series = (metric: string, unit: string, value: number): Schemas["MetricSeries"] => ({
    metric,
    unit,
    points: Array.from({ length: points }, (_, i) => ({ t: now - (points - i) * 5, avg: value, max: value * 1.5, count: 2 })),
  });
  return {
    hostId: "h1",
    start: new Date((now - 3600) * 1000).toISOString(),
    end: new Date(now * 1000).toISOString(),
    interval: 5,
    series: [
      series("cpuPercent", "percent", 12),
      series("memoryUsedBytes", "bytes", 2e9),
      series("memoryTotalBytes", "bytes", 8e9),
      series("diskReadBps", "bytes/s", 1000),
      series("diskWriteBps", "bytes/s", 2000),
      series("netRxBps", "bytes/s", 4000),
      series("netTxBps", "bytes/s", 500),
    ],
  };
}
