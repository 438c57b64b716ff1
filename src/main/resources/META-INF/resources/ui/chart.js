// A small SVG line chart for training curves: linear axes with a few round ticks, one line per series, points that
// carry their value in a <title> (shown on hover and read by screen readers), eval points as diamonds. Drawn from
// scratch on each update: curves have at most a few hundred points, which SVG redraws in well under a frame.

import {h, svg, num, uid} from "./dom.js";

const WIDTH = 640;
const HEIGHT = 240;
const MARGIN = {top: 14, right: 16, bottom: 42, left: 62};
const MAX_POINTS = 400;

/**
 * A chart as a <figure>. spec: {title, xLabel, yLabel, series: [{name, kind: "train"|"eval", points: [{x, y}]}]}.
 * Train series are drawn as lines with small dots; eval series as diamonds, with a dashed line when they have several
 * points.
 */
export function lineChart(spec) {
  const series = spec.series.map((s) => ({...s, points: thin(s.points.filter(finite).sort((a, b) => a.x - b.x))}));
  const all = series.flatMap((s) => s.points);
  const titleId = uid("chart-title");
  const descId = uid("chart-desc");
  const figure = h("figure", {class: "chart", "data-points": all.length});
  if (all.length === 0) {
    figure.append(h("figcaption", {}, spec.title), h("p", {class: "muted"}, "No metrics yet."));
    return figure;
  }
  const xs = ticks(Math.min(...all.map((p) => p.x)), Math.max(...all.map((p) => p.x)));
  const ys = ticks(Math.min(...all.map((p) => p.y)), Math.max(...all.map((p) => p.y)));
  const x = scale(xs.min, xs.max, MARGIN.left, WIDTH - MARGIN.right);
  const y = scale(ys.min, ys.max, HEIGHT - MARGIN.bottom, MARGIN.top);
  const root = svg("svg", {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    role: "img",
    "aria-labelledby": `${titleId} ${descId}`,
    preserveAspectRatio: "xMidYMid meet",
  });
  root.append(svg("title", {id: titleId}, spec.title), svg("desc", {id: descId}, describe(spec, series)));
  root.append(axes(xs, ys, x, y, spec));
  for (const [index, s] of series.entries()) root.append(plot(s, index, x, y, spec));
  figure.append(h("figcaption", {}, spec.title), root, legend(series));
  return figure;
}

function axes(xs, ys, x, y, spec) {
  const group = svg("g", {class: "axes", "aria-hidden": "true"});
  for (const value of ys.values) {
    group.append(
      svg("line", {class: "grid", x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: y(value), y2: y(value)}),
      svg("text", {class: "tick", x: MARGIN.left - 6, y: y(value) + 4, "text-anchor": "end"}, num(value)),
    );
  }
  for (const value of xs.values) {
    group.append(
      svg("line", {class: "tick-mark", x1: x(value), x2: x(value), y1: HEIGHT - MARGIN.bottom, y2: HEIGHT - MARGIN.bottom + 5}),
      svg("text", {class: "tick", x: x(value), y: HEIGHT - MARGIN.bottom + 18, "text-anchor": "middle"}, num(value)),
    );
  }
  group.append(
    svg("line", {class: "axis", x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: HEIGHT - MARGIN.bottom, y2: HEIGHT - MARGIN.bottom}),
    svg("line", {class: "axis", x1: MARGIN.left, x2: MARGIN.left, y1: MARGIN.top, y2: HEIGHT - MARGIN.bottom}),
    svg("text", {class: "label", x: (MARGIN.left + WIDTH - MARGIN.right) / 2, y: HEIGHT - 6, "text-anchor": "middle"}, spec.xLabel),
    svg("text", {class: "label", x: 14, y: HEIGHT / 2, transform: `rotate(-90 14 ${HEIGHT / 2})`, "text-anchor": "middle"}, spec.yLabel),
  );
  return group;
}

function plot(s, index, x, y, spec) {
  const group = svg("g", {class: `series series-${index} series-${s.kind}`});
  if (s.points.length > 1) {
    const d = s.points.map((p, i) => `${i ? "L" : "M"}${x(p.x).toFixed(1)},${y(p.y).toFixed(1)}`).join("");
    group.append(svg("path", {class: `line line-${s.kind}`, d}));
  }
  for (const p of s.points) {
    const cx = x(p.x);
    const cy = y(p.y);
    const label = `${s.name} at ${spec.xLabel.toLowerCase()} ${num(p.x)}: ${num(p.y)}`;
    const mark = s.kind === "eval"
      ? svg("path", {class: "point point-eval", d: `M${cx},${cy - 5}L${cx + 5},${cy}L${cx},${cy + 5}L${cx - 5},${cy}Z`})
      : svg("circle", {class: "point point-train", cx, cy, r: 3});
    mark.append(svg("title", {}, label));
    group.append(mark);
  }
  return group;
}

function legend(series) {
  return h("ul", {class: "legend"}, series.filter((s) => s.points.length).map((s, index) =>
    h("li", {}, h("span", {class: `swatch swatch-${index} swatch-${s.kind}`, "aria-hidden": "true"}), `${s.name} (${s.points.length})`)));
}

function describe(spec, series) {
  return series.filter((s) => s.points.length).map((s) => {
    const last = s.points[s.points.length - 1];
    return `${s.name}: ${s.points.length} points, latest ${num(last.y)} at ${spec.xLabel.toLowerCase()} ${num(last.x)}.`;
  }).join(" ");
}

function finite(p) {
  return Number.isFinite(p.x) && Number.isFinite(p.y);
}

/** Keeps every k-th point of a long curve, and always its last one. */
function thin(points) {
  if (points.length <= MAX_POINTS) return points;
  const step = Math.ceil(points.length / MAX_POINTS);
  return points.filter((_, i) => i % step === 0 || i === points.length - 1);
}

function scale(d0, d1, r0, r1) {
  return (v) => (d1 === d0 ? (r0 + r1) / 2 : r0 + ((v - d0) / (d1 - d0)) * (r1 - r0));
}

/** Round tick values (1, 2 or 5 times a power of ten) covering [lo, hi], about five of them. */
export function ticks(lo, hi, count = 5) {
  if (lo === hi) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  const raw = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw);
  const min = Math.floor(lo / step) * step;
  const max = Math.ceil(hi / step) * step;
  const values = [];
  for (let v = min; v <= max + step / 2; v += step) values.push(Number(v.toPrecision(12)));
  return {min, max, values};
}
