/**
 * What an LPIPS ONNX file says about itself: the network (`squeeze`, `alex`, `vgg`) and version,
 * read from the model's `metadata_props` (ONNX ModelProto field 14) or, failing that, from its file
 * name. onnxruntime-web does not expose model metadata, so the top level of the protobuf is walked
 * here; the graph itself (field 7) is skipped by its length, never parsed.
 */

/** The network and version an LPIPS model declares; `network` is always set. */
export interface LpipsModelInfo {
  /** `squeeze`, `alex`, `vgg`, or the file's stem when neither metadata nor name says. */
  readonly network: string;
  /** `0.1` for the official v0.1 weights, when the model says so. */
  readonly version?: string;
  /** Where `network` came from. */
  readonly networkSource: 'metadata' | 'file name' | 'unknown';
  /** Every metadata_props entry, for display. */
  readonly metadata: Readonly<Record<string, string>>;
}

const KNOWN_NETWORKS = ['squeeze', 'alex', 'vgg'] as const;

/** Reads ModelProto.metadata_props (key/value strings); an unreadable file gives an empty record. */
export function readOnnxMetadata(model: Uint8Array): Record<string, string> {
  const props: Record<string, string> = {};
  let pos = 0;
  const varint = (end: number): number => {
    let result = 0;
    let scale = 1;
    for (;;) {
      if (pos >= end) throw new RangeError('truncated varint');
      const byte = model[pos++];
      result += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) return result;
      scale *= 128;
      if (scale > 2 ** 63) throw new RangeError('varint too long');
    }
  };
  const skip = (wire: number, end: number): void => {
    if (wire === 0) varint(end);
    else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else if (wire === 2) {
      const length = varint(end); // read first: `pos += varint()` would add to the old position
      pos += length;
    }
    else throw new RangeError(`unsupported wire type ${wire}`);
  };
  try {
    while (pos < model.length) {
      const tag = varint(model.length);
      const field = Math.floor(tag / 8);
      const wire = tag & 7;
      if (field === 14 && wire === 2) {
        const length = varint(model.length);
        const end = pos + length;
        let key = '';
        let value = '';
        while (pos < end) {
          const innerTag = varint(end);
          const innerField = Math.floor(innerTag / 8);
          const innerWire = innerTag & 7;
          if ((innerField === 1 || innerField === 2) && innerWire === 2) {
            const n = varint(end);
            const text = utf8(model.subarray(pos, pos + n));
            pos += n;
            if (innerField === 1) key = text;
            else value = text;
          } else {
            skip(innerWire, end);
          }
        }
        pos = end;
        if (key) props[key] = value;
      } else {
        skip(wire, model.length);
      }
    }
  } catch {
    // Not a protobuf we can walk: onnxruntime will say what is wrong with it when it loads it.
  }
  return props;
}

/**
 * The network of an LPIPS model: `lpips_net` (or `net`/`network`) in its metadata, else a known
 * network name in the file name (`lpips-alex.onnx` → `alex`), else the file's stem.
 */
export function lpipsModelInfo(model: Uint8Array, fileName = ''): LpipsModelInfo {
  const metadata = readOnnxMetadata(model);
  const version = metadata.lpips_version ?? metadata.version;
  const declared = (metadata.lpips_net ?? metadata.net ?? metadata.network ?? '').trim();
  const withVersion = (info: Omit<LpipsModelInfo, 'version'>): LpipsModelInfo => (version ? { ...info, version } : info);
  if (declared) return withVersion({ network: declared, networkSource: 'metadata', metadata });
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const lower = base.toLowerCase();
  for (const net of KNOWN_NETWORKS) {
    if (new RegExp(`(^|[^a-z])${net}`).test(lower)) return withVersion({ network: net, networkSource: 'file name', metadata });
  }
  const stem = base.replace(/\.onnx$/i, '');
  return withVersion({ network: stem || 'unknown', networkSource: 'unknown', metadata });
}

/** UTF-8 to string without TextDecoder (core compiles against ES2022 only); bad bytes become U+FFFD. */
function utf8(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; ) {
    const b0 = bytes[i];
    const extra = b0 < 0x80 ? 0 : b0 >= 0xf0 ? 3 : b0 >= 0xe0 ? 2 : b0 >= 0xc0 ? 1 : -1;
    if (extra < 0 || i + extra >= bytes.length) {
      out += '\ufffd';
      i++;
      continue;
    }
    let code = extra === 0 ? b0 : b0 & (0x3f >> extra);
    for (let k = 1; k <= extra; k++) code = code * 64 + (bytes[i + k] & 0x3f);
    out += String.fromCodePoint(code);
    i += extra + 1;
  }
  return out;
}
