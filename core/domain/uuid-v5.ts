/**
 * UUID v5 (RFC 9562 §5.5): the SHA-1 of namespace + name, with the version and variant bits set.
 *
 * A small SHA-1 of its own instead of the uuid package's (which creates a Node hash object per
 * call, about 7 µs): the accrual engine derives an id for every accrual it considers, tens of
 * thousands per nightly run. Pinned against the uuid package's output by ids.test.ts.
 */

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));
const utf8 = new TextEncoder();
const words = new Int32Array(80);
let buffer = new Uint8Array(256);

/** `name` as UTF-8 after the 16 namespace bytes, padded as SHA-1 wants; answers the padded length. */
function fill(name: string, namespace: Uint8Array): number {
  let length = 16 + name.length;
  let isAscii = true;
  for (let i = 0; i < name.length; i++) {
    if (name.charCodeAt(i) > 0x7f) {
      isAscii = false;
      break;
    }
  }
  const encoded = isAscii ? null : utf8.encode(name);
  if (encoded) length = 16 + encoded.length;
  const padded = (((length + 8) >> 6) + 1) << 6;
  if (padded > buffer.length) buffer = new Uint8Array(padded * 2);
  buffer.set(namespace, 0);
  if (encoded) buffer.set(encoded, 16);
  else for (let i = 0; i < name.length; i++) buffer[16 + i] = name.charCodeAt(i);
  buffer[length] = 0x80;
  buffer.fill(0, length + 1, padded);
  const bits = length * 8;
  buffer[padded - 4] = (bits >>> 24) & 0xff;
  buffer[padded - 3] = (bits >>> 16) & 0xff;
  buffer[padded - 2] = (bits >>> 8) & 0xff;
  buffer[padded - 1] = bits & 0xff;
  buffer[padded - 5] = Math.floor(bits / 2 ** 32) & 0xff;
  return padded;
}

export function uuidV5(name: string, namespace: Uint8Array): string {
  const padded = fill(name, namespace);
  let h0 = 0x67452301;
  let h1 = 0xefcdab89 | 0;
  let h2 = 0x98badcfe | 0;
  let h3 = 0x10325476;
  let h4 = 0xc3d2e1f0 | 0;
  for (let offset = 0; offset < padded; offset += 64) {
    for (let i = 0; i < 16; i++) {
      const at = offset + i * 4;
      words[i] = ((buffer[at] as number) << 24) | ((buffer[at + 1] as number) << 16) | ((buffer[at + 2] as number) << 8) | (buffer[at + 3] as number);
    }
    for (let i = 16; i < 80; i++) {
      const x = (words[i - 3] as number) ^ (words[i - 8] as number) ^ (words[i - 14] as number) ^ (words[i - 16] as number);
      words[i] = (x << 1) | (x >>> 31);
    }
    let a = h0;
    let b = h1;
    let c = h2;
    let d = h3;
    let e = h4;
    for (let i = 0; i < 80; i++) {
      let f: number;
      let k: number;
      if (i < 20) {
        f = (b & c) | (~b & d);
        k = 0x5a827999;
      } else if (i < 40) {
        f = b ^ c ^ d;
        k = 0x6ed9eba1;
      } else if (i < 60) {
        f = (b & c) | (b & d) | (c & d);
        k = 0x8f1bbcdc | 0;
      } else {
        f = b ^ c ^ d;
        k = 0xca62c1d6 | 0;
      }
      const t = (((a << 5) | (a >>> 27)) + f + e + k + (words[i] as number)) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = t;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + b) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0;
  }
  // The first 16 bytes of the digest, with version 5 and the RFC variant.
  const b6 = ((h1 >>> 8) & 0x0f) | 0x50;
  const b8 = ((h2 >>> 24) & 0x3f) | 0x80;
  return (
    HEX[(h0 >>> 24) & 0xff]! + HEX[(h0 >>> 16) & 0xff]! + HEX[(h0 >>> 8) & 0xff]! + HEX[h0 & 0xff]! + '-' +
    HEX[(h1 >>> 24) & 0xff]! + HEX[(h1 >>> 16) & 0xff]! + '-' +
    HEX[b6]! + HEX[h1 & 0xff]! + '-' +
    HEX[b8]! + HEX[(h2 >>> 16) & 0xff]! + '-' +
    HEX[(h2 >>> 8) & 0xff]! + HEX[h2 & 0xff]! +
    HEX[(h3 >>> 24) & 0xff]! + HEX[(h3 >>> 16) & 0xff]! + HEX[(h3 >>> 8) & 0xff]! + HEX[h3 & 0xff]!
  );
}
