// Builds the front-end assets from npm packages into src/workforce_web/static/ (not committed).
// GOV.UK Frontend is compiled from Sass with a system font (this is not a GOV.UK service);
// chart and accessibility-check bundles are copied as the packages ship them.
import { compile } from "sass";
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "src/workforce_web/static");
const nm = join(root, "node_modules");

mkdirSync(join(out, "css"), { recursive: true });
const css = compile(join(root, "assets/scss/app.scss"), {
  loadPaths: [nm],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import", "global-builtin", "color-functions", "slash-div", "if-function"],
});
writeFileSync(join(out, "css/app.css"), css.css);

const copies = [
  ["govuk-frontend/dist/govuk/govuk-frontend.min.js", "govuk/govuk-frontend.min.js"],
  ["govuk-frontend/dist/govuk/assets/images", "govuk/images"],
  ["vega/build/vega.min.js", "vendor/vega.min.js"],
  ["vega-lite/build/vega-lite.min.js", "vendor/vega-lite.min.js"],
  ["vega-embed/build/vega-embed.min.js", "vendor/vega-embed.min.js"],
  ["axe-core/axe.min.js", "vendor/axe.min.js"],
];
for (const [from, to] of copies) {
  mkdirSync(dirname(join(out, to)), { recursive: true });
  cpSync(join(nm, from), join(out, to), { recursive: true });
}
console.log(`assets built into ${out}`);
