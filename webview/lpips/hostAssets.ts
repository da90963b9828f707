/**
 * Page side of WebviewAssetRequest: loads the files the host named (LPIPS worker script, runtime
 * .wasm, model) by asking the extension host, not by fetch() (see src/protocol/lpips.ts for why).
 */
import { Requests } from '../../src/protocol/channel';
import type { WebviewAssetRequest, WebviewAssetResponse } from '../../src/protocol/lpips';

export class HostAssetLoader {
  private readonly requests = new Requests<ArrayBuffer>();

  constructor(private readonly post: (message: WebviewAssetRequest) => void) {}

  /** The bytes at `url` (a URL the host handed out), as a buffer of their own. */
  readonly load = (url: string): Promise<ArrayBuffer> => {
    const { id, promise } = this.requests.create();
    this.post({ type: 'readAsset', requestId: id, url });
    return promise;
  };

  /** Settles the request an `asset` message answers. */
  onAsset(message: WebviewAssetResponse): void {
    const { requestId, bytes } = message;
    if (!this.requests.has(requestId)) return;
    if (bytes instanceof Uint8Array) {
      // A buffer of exactly these bytes (the message's may be a view of a larger one).
      this.requests.resolve(requestId, bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? (bytes.buffer as ArrayBuffer) : bytes.slice().buffer);
    } else {
      this.requests.reject(requestId, new Error(typeof message.error === 'string' ? message.error : 'the host sent no bytes'));
    }
  }
}
