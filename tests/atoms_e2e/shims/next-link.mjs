// next/link for a page with no Next.js router: a plain anchor.
import { createElement, forwardRef } from "react";

const Link = forwardRef(function Link({ href, children, prefetch, replace, scroll, shallow, passHref, legacyBehavior, locale, ...rest }, ref) {
  return createElement("a", { ...rest, ref, href: typeof href === "string" ? href : href?.pathname }, children);
});

export default Link;
