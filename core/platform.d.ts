/**
 * The few Web-standard globals core relies on. Node 22 and every browser provide them; declaring
 * them here (instead of pulling in DOM or Node typings) keeps `window`, `document` and `node:*`
 * out of reach of core code at compile time.
 */
declare const crypto: {
  randomUUID(): string;
  getRandomValues<T extends Uint8Array>(array: T): T;
  readonly subtle: { digest(algorithm: 'SHA-256', data: Uint8Array): Promise<ArrayBuffer> };
};
declare class TextEncoder {
  encode(input: string): Uint8Array;
}
declare function setTimeout(handler: () => void, ms?: number): unknown;
declare function clearTimeout(handle: unknown): void;
declare function btoa(data: string): string;
declare function atob(data: string): string;
declare class URL {
  constructor(input: string);
  readonly protocol: string;
  readonly hostname: string;
  readonly search: string;
  readonly hash: string;
  toString(): string;
}
