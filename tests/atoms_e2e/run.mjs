// Bundles scenario.mjs with the installed @calcom/atoms and runs it against a running emulator.
//
//   ATOMS_E2E_MODULES   node_modules holding the packages of package-lock.json (default: ./node_modules)
//   EMULATOR_URL        the emulator's base URL, e.g. http://127.0.0.1:8080 (required)
//   ATOMS_E2E_CLIENT_ID / ATOMS_E2E_USERNAME / ATOMS_E2E_ACCESS_TOKEN   who the provider acts as
//
// The atoms ship for bundlers (extensionless imports, CSS imports, "sideEffects": false with side-effect
// imports, next/* as a peer), so the scenario is bundled with esbuild as a Next.js app would be, with
// next/link, next/navigation and next/image standing in for the framework this page does not have.
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const modules = resolve(process.env.ATOMS_E2E_MODULES ?? join(here, "node_modules"));
const require = createRequire(join(modules, "noop.js"));
const esbuild = require("esbuild");
const outfile = join(modules, "..", ".build", "scenario.mjs");

await esbuild.build({
  entryPoints: [join(here, "scenario.mjs")],
  outfile,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  nodePaths: [modules],
  mainFields: ["module", "main"],
  loader: { ".css": "empty" },
  // The atoms' package.json says "sideEffects": false, yet their dayjs setup is a side-effect import.
  ignoreAnnotations: true,
  external: ["jsdom"],
  alias: {
    "next/link": join(here, "shims", "next-link.mjs"),
    "next/navigation": join(here, "shims", "next-navigation.mjs"),
    "next/image": join(here, "shims", "next-image.mjs"),
    // react-use's CommonJS build exports its hook as `default`, which Node-style interop misses.
    "react-use/lib/usePrevious": join(modules, "react-use", "esm", "usePrevious.js"),
    // hooks the atoms use internally but do not export
    "atoms-dist": join(modules, "@calcom", "atoms", "dist"),
  },
  define: { "process.env.NODE_ENV": '"production"' },
  banner: { js: "import { createRequire as __atomsRequire } from 'node:module'; const require = __atomsRequire(import.meta.url);" },
  logLevel: "error",
});

await import(pathToFileURL(outfile).href);
