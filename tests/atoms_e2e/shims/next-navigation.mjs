// next/navigation for a page with no Next.js router: navigation does nothing, the URL is jsdom's.
const stay = () => {};

export function useRouter() {
  return { push: stay, replace: stay, back: stay, forward: stay, refresh: stay, prefetch: stay };
}
export function usePathname() {
  return globalThis.location?.pathname ?? "/";
}
export function useSearchParams() {
  return new URLSearchParams(globalThis.location?.search ?? "");
}
export function useParams() {
  return {};
}
export function redirect() {}
export function notFound() {}
