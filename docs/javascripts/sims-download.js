// @ts-check
// Counts the bytes of Python's download as the worker's fetches receive them, so that a block
// can show how far the first boot has got (sims-boot.js). Pyodide fetches its wasm with fetch()
// and WebAssembly.instantiateStreaming, its standard library and our wheel with fetch(): a
// fetch that passes each body through a counting stream sees them all, and the Response it
// hands on keeps the status and headers (instantiateStreaming needs `application/wasm`).
//
// The bytes counted are those the browser has decoded, against the unpacked total the build
// wrote (simsite/assets.py, download_size): right whether the host compresses or not. Whether
// it does (a Content-Encoding on the responses) says which total is on the wire.

/** The sizes of a first boot's files, unpacked and gzipped (the build's). @typedef {{raw: number, gzip: number}} Size */
/**
 * How far the download is: `loaded` of `total` bytes decoded; `wire` the whole download's
 * bytes on the wire; `downloading` whether a counted body is still arriving.
 * @typedef {{loaded: number, total: number, wire: number, downloading: boolean}} Progress
 */

/**
 * A fetch that counts the bodies of the responses `counted(url)` selects and reports the
 * total so far, at most once per `everyMs` while bytes arrive, and always when a body starts
 * and ends.
 * @param {typeof fetch} fetcher
 * @param {(url: string) => boolean} counted
 * @param {Size} size
 * @param {(progress: Progress) => void} report
 * @param {{everyMs?: number, now?: () => number}} [options]
 * @returns {typeof fetch}
 */
export function countingFetch(fetcher, counted, size, report, { everyMs = 100, now = () => performance.now() } = {}) {
  let loaded = 0;
  let open = 0;
  let compressed = false;
  let last = -Infinity;
  /** @param {boolean} always */
  const send = (always) => {
    const time = now();
    if (!always && time - last < everyMs) return;
    last = time;
    report({ loaded: Math.min(loaded, size.raw), total: size.raw,
      wire: compressed ? size.gzip : size.raw, downloading: open > 0 });
  };
  return async (input, init) => {
    const response = await fetcher(input, init);
    const url = response.url || (input instanceof Request ? input.url : String(input));
    if (!response.ok || !response.body || !counted(url)) return response;
    compressed ||= Boolean(response.headers.get("content-encoding"));
    open += 1;
    send(true);
    const counter = new TransformStream({
      transform(chunk, controller) {
        loaded += chunk.byteLength;
        controller.enqueue(chunk);
        send(false);
      },
      flush() {
        open -= 1;
        send(true);
      },
    });
    const body = response.body.pipeThrough(counter);
    const { status, statusText, headers } = response;
    return new Response(body, { status, statusText, headers });
  };
}
