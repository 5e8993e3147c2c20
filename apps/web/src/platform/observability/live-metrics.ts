import { Counter, Gauge } from "prom-client";

// The live-update metrics; registered in the server's registry by createHttpMetrics. The hub
// sets the gauges' sources when it starts.
let sources = { streams: () => 0, reconnects: () => 0 };

export function setLiveMetricSources(next: typeof sources): void {
  sources = next;
}

export const openStreams = new Gauge({
  name: "tandem_event_streams_open",
  help: "Event streams (document and workspace) open on this instance.",
  registers: [],
  collect() {
    this.set(sources.streams());
  },
});

export const listenerReconnects = new Gauge({
  name: "tandem_change_feed_reconnects",
  help: "Times this instance's LISTEN connection was re-established after dropping (each followed by a re-read from the database).",
  registers: [],
  collect() {
    this.set(sources.reconnects());
  },
});

export const eventsSent = new Counter({ name: "tandem_events_sent_total", help: "Events written to streams, by event type.", labelNames: ["event"] as const, registers: [] });

export const replayMisses = new Counter({
  name: "tandem_event_replay_misses_total",
  help: "Reconnections whose Last-Event-ID was too old (or unknown) to replay: answered with a reset event.",
  registers: [],
});

export const LIVE_METRICS = [openStreams, listenerReconnects, eventsSent, replayMisses];
