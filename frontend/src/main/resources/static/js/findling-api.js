/* What the concept pages' scripts (concepts.js, mask-editor.js) share: calling the REST API and drawing the COCO RLE
   masks it returns. Loaded before them; exposes window.Findling. Plain browser JavaScript, no build step. */
(function () {
  'use strict';

  /**
   * fetch() for JSON endpoints: resolves to the parsed body (null when not JSON); a non-2xx answer rejects with an
   * Error whose message is the RFC 9457 problem's detail (or title, or the status line) and whose status is the HTTP
   * status.
   */
  async function call(url, options) {
    const response = await fetch(url, Object.assign({headers: {Accept: 'application/json'}}, options));
    const type = response.headers.get('Content-Type') || '';
    const payload = type.includes('json') ? await response.json() : null;
    if (!response.ok) {
      const error = new Error((payload && (payload.detail || payload.title)) || response.status + ' ' + response.statusText);
      error.status = response.status;
      throw error;
    }
    return payload;
  }

  /** COCO RLE (column-major counts, starting with 0s) as a canvas: mask pixels in rgba [r, g, b, a], the rest transparent. */
  function rleCanvas(rle, rgba) {
    const h = rle.size[0];
    const w = rle.size[1];
    const pixels = new ImageData(w, h);
    let pos = 0;
    let value = 0;
    for (const count of rle.counts) {
      if (value === 1) {
        for (let i = pos; i < pos + count; i++) {
          const o = 4 * ((i % h) * w + Math.floor(i / h));
          pixels.data[o] = rgba[0];
          pixels.data[o + 1] = rgba[1];
          pixels.data[o + 2] = rgba[2];
          pixels.data[o + 3] = rgba[3];
        }
      }
      pos += count;
      value ^= 1;
    }
    const c = document.createElement('canvas');
    c.width = w;
    c.height = h;
    c.getContext('2d').putImageData(pixels, 0, 0);
    return c;
  }

  window.Findling = Object.freeze({call: call, rleCanvas: rleCanvas});
})();
