/**
 * Page side of WebviewAssetRequest: loads the files the host named (LPIPS worker script, runtime
 * .wasm, model) by asking the extension host, not by fetch() (see src/protocol/lpips.ts for why).
 */
import type { WebviewAssetRequest, WebviewAssetResponse } from '../../src/protocol/lpips';

export class HostAssetLoader {
  private readonly pending = new Map<number, { resolve(bytes: ArrayBuffer): void; reject(error: Error): void }>();
  private nextId = 1;

  constructor(private readonly post: (message: WebviewAssetRequest) => void) {}

  /** The bytes at `url` (a URL the host handed out), as a buffer of their own. */
  readonly load = (url: string): Promise<ArrayBuffer> => {
    const requestId = this.nextId++;
    return new Promise<ArrayBuffer>((resolve, reject) => {
      this.pending.set(requestId, { resolve, reject });
      this.post({ type: 'readAsset', requestId, url });
    });
  };

  /** Settles the request an `asset` message answers. */
  onAsset(message: WebviewAssetResponse): void {
    const request = this.pending.get(message.requestId);
    this.pending.delete(message.requestId);
    if (!request) return;
    const bytes = message.bytes;
    if (bytes instanceof Uint8Array) {
      // A buffer of exactly these bytes (the message's may be a view of a larger one).
      request.resolve(bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? (bytes.buffer as ArrayBuffer) : bytes.slice().buffer);
    } else {
      request.reject(new Error(typeof message.error === 'string' ? message.error : 'the host sent no bytes'));
    }
  }
}
