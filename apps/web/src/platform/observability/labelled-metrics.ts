// Counters and a histogram for the request path, exposed through prom-client's registry and
// text format. prom-client sorts, validates and hashes the label values on every increment —
// several microseconds a request, measurable in bench/api — so these keep one slot per label
// set in a Map (a few dozen: routes, methods and statuses are small fixed sets) and hand
// prom-client the totals only when /api/metrics is scraped.
import type { Metric, Registry } from "prom-client";

type Labels = Record<string, string>;

/** What prom-client's registry reads from a metric (`get()`), to print it. */
interface Exposition {
  name: string;
  help: string;
  type: "counter" | "histogram";
  aggregator: "sum";
  values: { metricName?: string; labels: Labels; value: number }[];
}

interface Slot {
  labels: Labels;
  value: number;
}

interface HistogramSlot {
  labels: Labels;
  buckets: number[];
  sum: number;
  count: number;
}

function register(registry: Registry, metric: { name: string; get(): Promise<Exposition> }): void {
  registry.registerMetric(metric as unknown as Metric);
}

export class LabelledCounter {
  private readonly slots = new Map<string, Slot>();

  constructor(
    readonly name: string,
    readonly help: string,
    registry: Registry,
  ) {
    register(registry, this);
  }

  /** `key` identifies the label set (any string unique to it); `labels` is read on first use only. */
  inc(key: string, labels: () => Labels): void {
    const slot = this.slots.get(key);
    if (slot) slot.value++;
    else this.slots.set(key, { labels: labels(), value: 1 });
  }

  async get(): Promise<Exposition> {
    return { name: this.name, help: this.help, type: "counter", aggregator: "sum", values: [...this.slots.values()].map(({ labels, value }) => ({ labels, value })) };
  }
}

export class LabelledHistogram {
  private readonly slots = new Map<string, HistogramSlot>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly upperBounds: readonly number[],
    registry: Registry,
  ) {
    register(registry, this);
  }

  observe(key: string, labels: () => Labels, value: number): void {
    let slot = this.slots.get(key);
    if (!slot) this.slots.set(key, (slot = { labels: labels(), buckets: this.upperBounds.map(() => 0), sum: 0, count: 0 }));
    slot.sum += value;
    slot.count++;
    const bucket = this.upperBounds.findIndex((bound) => value <= bound);
    if (bucket !== -1) slot.buckets[bucket]!++;
  }

  async get(): Promise<Exposition> {
    const values: Exposition["values"] = [];
    for (const { labels, buckets, sum, count } of this.slots.values()) {
      let cumulative = 0;
      this.upperBounds.forEach((bound, i) => {
        cumulative += buckets[i]!;
        values.push({ metricName: `${this.name}_bucket`, labels: { ...labels, le: String(bound) }, value: cumulative });
      });
      values.push({ metricName: `${this.name}_bucket`, labels: { ...labels, le: "+Inf" }, value: count });
      values.push({ metricName: `${this.name}_sum`, labels, value: sum });
      values.push({ metricName: `${this.name}_count`, labels, value: count });
    }
    return { name: this.name, help: this.help, type: "histogram", aggregator: "sum", values };
  }
}
