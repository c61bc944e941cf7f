// The two functions of the `semver` package (a dev dependency without bundled types) the rules use.
declare module 'semver' {
  export function valid(version: string): string | null;
  export function validRange(range: string): string | null;
}
