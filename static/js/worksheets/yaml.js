/* YAML for the editor's YAML view: the worksheet's keys written the way worksheet_yaml
   writes them (server/domain/worksheets.py): keys in the format's order, multi-line text as
   `|` blocks, anything YAML could misread quoted. Only what worksheets hold: text, whole
   numbers, true/false, lists and mappings. Reading YAML back is the server's job
   (POST /api/v1/worksheets?dry_run=1 with application/yaml). */

const ORDER = ["title", "description", "purpose", "steps", "conclusion", "guidance", "notes", "minutes", "questions",
  "prompt", "kind", "min", "max", "left", "middle", "right", "options", "multiple", "share", "share_fixed"];

const RESERVED = /^(true|false|yes|no|on|off|y|n|null|~|-?\.?(inf|nan))$/i;
const PLAIN = /^[^\s\-?:,[\]{}#&*!|>'"%@`][^\n]*$/;

function scalarText(value) {
  const text = String(value);
  if (
    text === "" ||
    !PLAIN.test(text) ||
    RESERVED.test(text) ||
    /^[-+]?(\d[\d_]*)?(\.\d*)?([eE][-+]?\d+)?$/.test(text) || // a number
    /^0[xob]/i.test(text) ||
    /\d{4}-\d\d-\d\d/.test(text) || // a date
    /: |:$| #|\t|\s$/.test(text) ||
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/.test(text)
  ) {
    return JSON.stringify(text); // a JSON string is a valid YAML double-quoted scalar
  }
  return text;
}

/** A `|` block, as worksheet_yaml writes them (its final newline is the block's own; the
    validator strips surrounding blank lines anyway). */
function block(raw, indent) {
  const text = raw.replace(/\n+$/, "");
  const pad = " ".repeat(indent);
  const indicator = /^[ \t]/.test(text) ? "2" : ""; // the content sits 2 spaces in from its key
  return `|${indicator}\n${text.split("\n").map((line) => (line ? pad + line : "")).join("\n")}`;
}

function value(v, indent) {
  if (typeof v === "string") return v.includes("\n") ? block(v, indent) : scalarText(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (v === null || v === undefined) return "null";
  return null; // a list or mapping: written on its own lines
}

function sortedKeys(map) {
  return Object.keys(map).sort((a, b) => {
    const ia = ORDER.indexOf(a);
    const ib = ORDER.indexOf(b);
    return (ia < 0 ? ORDER.length : ia) - (ib < 0 ? ORDER.length : ib);
  });
}

function mapping(map, indent) {
  const pad = " ".repeat(indent);
  return sortedKeys(map)
    .map((key) => {
      const v = map[key];
      const name = scalarText(key);
      const inline = value(v, indent + 2);
      if (inline !== null) return `${pad}${name}: ${inline}`;
      if (Array.isArray(v) && !v.length) return `${pad}${name}: []`;
      if (!Array.isArray(v) && !Object.keys(v).length) return `${pad}${name}: {}`;
      return `${pad}${name}:\n${Array.isArray(v) ? list(v, indent + 2) : mapping(v, indent + 2)}`;
    })
    .join("\n");
}

function list(items, indent) {
  const pad = " ".repeat(indent);
  return items
    .map((item) => {
      const inline = value(item, indent + 2);
      if (inline !== null) return `${pad}- ${inline}`;
      if (Array.isArray(item)) return item.length ? `${pad}-\n${list(item, indent + 2)}` : `${pad}- []`;
      if (!Object.keys(item).length) return `${pad}- {}`;
      return `${pad}- ${mapping(item, indent + 2).slice(indent + 2)}`;
    })
    .join("\n");
}

export function toYaml(source) {
  return `${mapping(source, 0)}\n`;
}
