// next/image for a page with no Next.js image optimiser: a plain img.
import { createElement } from "react";

export default function Image({ src, alt, width, height, fill, priority, quality, loader, ...rest }) {
  return createElement("img", { ...rest, src: typeof src === "string" ? src : src?.src, alt, width, height });
}
