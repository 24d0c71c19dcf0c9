// A browser page for the atoms: jsdom's window as the global scope, imported before React and the atoms.
import { JSDOM } from "jsdom";

const page = process.env.ATOMS_E2E_PAGE ?? "http://localhost:3000/";
const dom = new JSDOM('<!doctype html><html><body><div id="root"></div></body></html>', {
  url: page,
  pretendToBeVisual: true,
});
const { window } = dom;
for (const name of Object.getOwnPropertyNames(window)) {
  if (!(name in globalThis)) {
    try {
      globalThis[name] = window[name];
    } catch {
      // a read-only global of Node's: keep Node's
    }
  }
}
for (const name of ["window", "document", "navigator", "location", "localStorage", "sessionStorage"]) {
  Object.defineProperty(globalThis, name, { value: name === "window" ? window : window[name], configurable: true, writable: true });
}
// Layout observers jsdom lacks; the atoms only need them to exist.
class NoLayoutObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver = window.ResizeObserver = NoLayoutObserver;
globalThis.IntersectionObserver = window.IntersectionObserver = NoLayoutObserver;
globalThis.matchMedia = window.matchMedia = () => ({
  matches: false,
  addListener() {},
  removeListener() {},
  addEventListener() {},
  removeEventListener() {},
});
globalThis.IS_REACT_ACT_ENVIRONMENT = false;
