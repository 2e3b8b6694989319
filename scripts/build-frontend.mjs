// Build the front end into checkpoint/web/static_build (not committed): compile the Sass,
// copy GOV.UK Frontend's fonts and images and the JavaScript the pages load.
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "checkpoint", "web", "static_build");
const modules = join(root, "node_modules");

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "checkpoint"), { recursive: true });

const css = sass.compile(join(root, "checkpoint", "web", "assets", "app.scss"), {
  loadPaths: [root],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
  // The deprecation notices come from the two frameworks, not from our Sass.
  logger: sass.Logger.silent,
});
writeFileSync(join(out, "checkpoint", "app.css"), css.css);

cpSync(join(modules, "govuk-frontend", "dist", "govuk", "assets"), join(out, "govuk", "assets"), {
  recursive: true,
});
const scripts = [
  [join(modules, "govuk-frontend", "dist", "govuk", "govuk-frontend.min.js"), "govuk-frontend.min.js"],
  [join(modules, "@ministryofjustice", "frontend", "moj", "moj-frontend.min.js"), "moj-frontend.min.js"],
  [join(modules, "htmx.org", "dist", "htmx.min.js"), "htmx.min.js"],
];
for (const [from, to] of scripts) {
  cpSync(from, join(out, "checkpoint", to));
}
console.log(`Front end built into ${out}`);
