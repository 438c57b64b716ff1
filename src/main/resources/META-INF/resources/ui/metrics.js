// A job's metrics panel: loss and learning-rate curves built up from its `metrics` events (each carries the job's
// latest training_metrics, evaluation_metrics and gpu_metrics at that moment), the latest values, and GPU readings.
// Points are keyed by step, so an event repeated by a resumed stream changes nothing.

import {lineChart} from "./chart.js";
import {h, num, replace} from "./dom.js";

export function metricsPanel() {
  const loss = new Map();
  const evalLoss = new Map();
  const rate = new Map();
  let latest = {};
  let gpu = null;
  let frame = 0;

  const charts = h("div", {class: "charts"});
  const values = h("div", {class: "latest"});
  const gpus = h("div", {class: "gpus"});
  const el = h("section", {class: "card", "aria-labelledby": "metrics-heading"},
    h("h2", {id: "metrics-heading"}, "Metrics"), charts, values, gpus);

  function add(event) {
    const train = event.training_metrics;
    if (train) {
      const step = train.step ?? train.current_step;
      if (typeof step === "number") {
        if (typeof train.loss === "number") loss.set(step, train.loss);
        if (typeof train.learning_rate === "number") rate.set(step, train.learning_rate);
      }
      latest.training = train;
    }
    const evaluation = event.evaluation_metrics;
    if (evaluation) {
      if (typeof evaluation.step === "number" && typeof evaluation.eval_loss === "number") {
        evalLoss.set(evaluation.step, evaluation.eval_loss);
      }
      latest.evaluation = evaluation;
    }
    if (event.gpu_metrics) gpu = event.gpu_metrics;
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(draw);
  }

  function draw() {
    replace(charts,
      lineChart({title: "Loss", xLabel: "Step", yLabel: "Loss", series: [
        {name: "train loss", kind: "train", points: points(loss)},
        {name: "eval loss", kind: "eval", points: points(evalLoss)},
      ]}),
      lineChart({title: "Learning rate", xLabel: "Step", yLabel: "Learning rate", series: [
        {name: "learning rate", kind: "train", points: points(rate)},
      ]}));
    replace(values, table("Latest training values", latest.training), table("Latest evaluation values", latest.evaluation));
    replace(gpus, gpu && Array.isArray(gpu.gpus) && gpu.gpus.length ? gpuTable(gpu) : null);
  }

  draw();
  return {el, add};
}

function points(map) {
  return [...map].map(([x, y]) => ({x, y}));
}

function table(title, metrics) {
  if (!metrics) return null;
  return h("dl", {class: "values", "aria-label": title},
    Object.entries(metrics).flatMap(([key, value]) => [h("dt", {}, key), h("dd", {}, num(value))]));
}

function gpuTable(gpu) {
  const keys = [...new Set(gpu.gpus.flatMap((reading) => Object.keys(reading)))];
  return h("div", {class: "table-scroll", role: "region", "aria-label": "GPU readings", tabindex: 0},
    h("table", {},
      h("caption", {}, `GPUs at step ${gpu.step}`),
      h("thead", {}, h("tr", {}, keys.map((key) => h("th", {scope: "col"}, key.replace(/_/g, " "))))),
      h("tbody", {}, gpu.gpus.map((reading) => h("tr", {}, keys.map((key) => h("td", {class: "num"}, num(reading[key]))))))));
}
