import { parseMetrics } from "@tandem/testkit";
import { Counter, Histogram, Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { LabelledCounter, LabelledHistogram } from "@/platform/observability/labelled-metrics.ts";

const BOUNDS = [0.002, 0.005, 0.01, 0.1, 1];

/** prom-client's own Counter and Histogram are the oracle: same input, same exposition. */
async function both(observations: [string, string, number][]) {
  const ours = new Registry();
  const theirs = new Registry();
  const counter = new LabelledCounter("c_total", "help", ours);
  const histogram = new LabelledHistogram("h_seconds", "help", BOUNDS, ours);
  const oracleCounter = new Counter({ name: "c_total", help: "help", labelNames: ["route", "method"], registers: [theirs] });
  const oracleHistogram = new Histogram({ name: "h_seconds", help: "help", labelNames: ["route", "method"], buckets: BOUNDS, registers: [theirs] });
  for (const [route, method, seconds] of observations) {
    counter.inc(`${route} ${method}`, () => ({ route, method }));
    histogram.observe(`${route} ${method}`, () => ({ route, method }), seconds);
    oracleCounter.inc({ route, method });
    oracleHistogram.observe({ route, method }, seconds);
  }
  const samples = async (r: Registry) =>
    parseMetrics(await r.metrics())
      .map((m) => `${m.name}{${Object.entries(m.labels).sort().map(([k, v]) => `${k}=${v}`).join(",")}} ${m.value}`)
      .sort();
  return { ours: await samples(ours), theirs: await samples(theirs) };
}

describe("LabelledCounter / LabelledHistogram", () => {
  it.each([
    ["nothing observed", []],
    ["one value on a bound (le is inclusive)", [["/a", "GET", 0.005]]],
    [
      "several label sets, values in every bucket and past the last",
      [
        ["/a", "GET", 0.001],
        ["/a", "GET", 0.004],
        ["/a", "PUT", 0.05],
        ["/b", "GET", 0.3],
        ["/a", "GET", 7],
        ["/a", "GET", 0.01],
      ],
    ],
  ] as [string, [string, string, number][]][])("%s: the same exposition as prom-client's", async (_name, observations) => {
    const { ours, theirs } = await both(observations);
    expect(ours).toEqual(theirs);
  });
});
