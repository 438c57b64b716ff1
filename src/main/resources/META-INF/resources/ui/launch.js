// The launch form, built from GET /api/v1/templates: each template's training options (models, datasets, config
// files, accelerate configs, the extra_args keys with their rules) and the env names it accepts. Values are checked
// by the service, not here: its problem names each bad field, and the message is shown next to that field.

import {API, get, post} from "./api.js";
import {announce, h, replace} from "./dom.js";
import {clearErrors, field, showErrors} from "./forms.js";

export function render(main) {
  let alive = true;
  let templates = [];
  const form = h("form", {class: "card launch", novalidate: true, "aria-labelledby": "launch-heading"});
  const summary = h("div", {class: "form-error", role: "alert", tabindex: -1, hidden: true});
  main.append(h("h1", {id: "launch-heading", tabindex: -1}, "Launch a job"), form);

  get(`${API}/templates`).then((answer) => {
    if (!alive) return;
    templates = answer.templates;
    build();
  }).catch((error) => {
    if (alive) replace(form, h("p", {class: "form-error", role: "alert"}, error.message));
  });

  const template = h("select", {name: "template"});
  const jobName = h("input", {type: "text", name: "job_name", autocomplete: "off", spellcheck: "false"});
  const infra = h("input", {type: "text", name: "infra", placeholder: "local", autocomplete: "off"});
  const accelerators = h("input", {type: "text", name: "accelerators", placeholder: "RTX3090:1", autocomplete: "off"});
  const labels = h("textarea", {name: "labels", rows: 2, placeholder: "team=nlp", spellcheck: "false"});
  const specific = h("div", {class: "specific"});
  const submit = h("button", {type: "submit"}, "Launch");

  function build() {
    replace(template, templates.map((t) => h("option", {value: t.name}, t.name)));
    replace(form,
      summary,
      field("Template", template, {path: "template", hint: "The task template from skylaunch/."}),
      field("Job name", jobName, {path: "job_name", hint: "A letter first, then letters, digits, '-', '_' or '.'; at most 63."}),
      h("fieldset", {class: "group"}, h("legend", {}, "Resources"),
        field("Infra", infra, {path: "resources.infra", hint: "Empty: the service's default (local: this host)."}),
        field("Accelerators", accelerators, {path: "resources.accelerators", hint: "NAME:COUNT; empty: RTX3090:1."})),
      field("Labels", labels, {path: "labels", hint: "One key=value per line, to find the job by."}),
      specific,
      h("div", {class: "actions"}, submit));
    template.addEventListener("change", buildSpecific);
    buildSpecific();
  }

  function buildSpecific() {
    const t = templates.find((candidate) => candidate.name === template.value);
    replace(specific, t ? [envFields(t), t.accepts_training ? trainingFields(t) : null] : null);
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form, summary);
    let body;
    try {
      body = request();
    } catch (clientError) {
      showErrors(form, {fieldErrors: [clientError.fieldError], message: clientError.message}, summary);
      return;
    }
    submit.disabled = true;
    try {
      const answer = await post(`${API}/jobs`, body);
      announce(`Job ${answer.job_info.job_name} launched.`);
      location.hash = `#/jobs/${encodeURIComponent(answer.job_info.job_name)}`;
    } catch (error) {
      // A name already in use is a conflict about the name, though the problem names no field.
      const extra = error.status === 409 && !error.fieldErrors.length ? [{field: "job_name", message: error.message}] : [];
      showErrors(form, error, summary, extra);
    } finally {
      submit.disabled = false;
    }
  });

  /** The request body: only what the user filled in, so that the service applies its own defaults to the rest. */
  function request() {
    const body = {job_name: jobName.value.trim(), template: template.value};
    const resources = pick({infra: infra.value.trim(), accelerators: accelerators.value.trim()});
    if (resources) body.resources = resources;
    const labelMap = {};
    for (const line of labels.value.split("\n").map((l) => l.trim()).filter(Boolean)) {
      const eq = line.indexOf("=");
      if (eq <= 0) throw clientError("labels", `'${line}' is not key=value`);
      labelMap[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
    }
    if (Object.keys(labelMap).length) body.labels = labelMap;
    const envs = {};
    for (const input of specific.querySelectorAll("[data-env]")) if (input.value !== "") envs[input.dataset.env] = input.value;
    if (Object.keys(envs).length) body.envs = envs;
    const training = {};
    for (const input of specific.querySelectorAll("[data-training]")) {
      if (input.value.trim() === "") continue;
      training[input.dataset.training] = input.dataset.number ? number(input.value) : input.value.trim();
    }
    const extra = {};
    for (const input of specific.querySelectorAll("[data-extra]")) if (input.value.trim() !== "") extra[input.dataset.extra] = input.value.trim();
    if (Object.keys(extra).length) training.extra_args = extra;
    if (Object.keys(training).length) body.training = training;
    return body;
  }

  return () => { alive = false; };
}

function envFields(t) {
  const names = t.accepted_envs.filter((name) => !name.endsWith("*"));
  const patterns = t.accepted_envs.filter((name) => name.endsWith("*"));
  if (!names.length && !patterns.length) return null;
  return h("fieldset", {class: "group"}, h("legend", {}, "Environment"),
    h("div", {class: "grid"}, names.map((name) => field(name, h("input", {type: "text", "data-env": name, autocomplete: "off", spellcheck: "false"}),
      {path: `envs.${name}`}))),
    patterns.length ? h("p", {class: "hint"}, `Also accepted through the API: ${patterns.join(", ")}. Empty: the template's value.`)
      : h("p", {class: "hint"}, "Empty: the template's value."));
}

function trainingFields(t) {
  const choice = (key, label, values, hint) => field(label,
    h("select", {"data-training": key}, h("option", {value: ""}, "(the default)"), values.map((v) => h("option", {value: v}, v))),
    {path: `training.${key}`, hint});
  const text = (key, label, hint, attrs = {}) => field(label,
    h("input", {type: "text", "data-training": key, autocomplete: "off", spellcheck: "false", ...attrs}),
    {path: `training.${key}`, hint});
  const datasetList = `datasets-${t.name}`;
  return h("fieldset", {class: "group"}, h("legend", {}, "Training"),
    choice("model", "Model", t.models),
    text("dataset", "Dataset", `A name (${t.datasets.join(", ")}) or a relative path ending ${t.dataset_suffixes.join(", ")}.`, {list: datasetList}),
    h("datalist", {id: datasetList}, t.datasets.map((d) => h("option", {value: d}))),
    choice("config_file", "Config file", t.config_files, "Empty: finetuning."),
    choice("accelerate_config", "Accelerate config", t.accelerate_configs, `Empty: ${t.default_accelerate_config}.`),
    text("num_train_epochs", "Epochs", null, {inputmode: "numeric", "data-number": "1"}),
    text("per_device_train_batch_size", "Batch size per device", null, {inputmode: "numeric", "data-number": "1"}),
    text("learning_rate", "Learning rate", "Greater than 0, at most 10.", {inputmode: "decimal", "data-number": "1"}),
    text("output_dir", "Output directory", "outputs, or a relative path under it."),
    t.extra_args.length ? extraArgs(t.extra_args) : null);
}

function extraArgs(rules) {
  return h("details", {class: "extra"}, h("summary", {}, `Extra arguments (${rules.length})`),
    h("div", {class: "grid"}, rules.map((rule) => {
      const path = `training.extra_args.${rule.key}`;
      if (rule.type === "enum" || rule.type === "bool") {
        const values = rule.type === "bool" ? ["true", "false"] : rule.values;
        return field(rule.key, h("select", {"data-extra": rule.key},
          h("option", {value: ""}, "(the default)"), values.map((v) => h("option", {value: v}, v))), {path});
      }
      return field(rule.key, h("input", {type: "text", "data-extra": rule.key, autocomplete: "off", spellcheck: "false",
        inputmode: rule.type === "int" ? "numeric" : rule.type === "float" ? "decimal" : null}), {path, hint: describe(rule)});
    })));
}

/** A rule in words: "a whole number from 1 to 1024, or null". */
function describe(rule) {
  const kinds = {int: "A whole number", float: "A decimal number", output: "outputs or a path under it",
    checkpoint: "auto, null, or a path under outputs", name: "A hub id (org/name) or a relative path", text: "Text"};
  const bounds = [];
  if (rule.min != null) bounds.push(`at least ${rule.min}`);
  if (rule.gt != null) bounds.push(`greater than ${rule.gt}`);
  if (rule.max != null) bounds.push(`at most ${rule.max}`);
  return `${kinds[rule.type] || rule.type}${bounds.length ? `, ${bounds.join(", ")}` : ""}${rule.nullable ? ", or null" : ""}.`;
}

function pick(values) {
  const kept = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ""));
  return Object.keys(kept).length ? kept : null;
}

/** A number when the text is one; otherwise the text, for the service to refuse by name. */
function number(text) {
  const value = Number(text.trim());
  return text.trim() !== "" && Number.isFinite(value) ? value : text.trim();
}

function clientError(path, message) {
  const error = new Error(message);
  error.fieldError = {field: path, message};
  return error;
}
