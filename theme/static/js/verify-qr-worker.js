/* certreg certificate-document check: QR codes found off the main thread, so the page keeps answering
   the keyboard while a page's pixels are searched (a page of photographs takes seconds). A classic
   worker: it loads jsQR (npm `jsqr`, copied by the build to check/document/jsqr.min.js) from this site
   and gets each page's pixels from verify-read.js; it fetches nothing else. docs/verify.md. */
"use strict";

importScripts(new URL("../../check/document/jsqr.min.js", self.location.href).href);

var PER_PAGE = 2; /* each further search of a page takes about as long as the first */

function paintOver(pixels, width, height, location) {
  var corners = [location.topLeftCorner, location.topRightCorner, location.bottomLeftCorner, location.bottomRightCorner];
  var xs = corners.map(function (c) { return c.x; });
  var ys = corners.map(function (c) { return c.y; });
  var pad = (Math.max.apply(null, xs) - Math.min.apply(null, xs)) / 10;
  var left = Math.max(0, Math.floor(Math.min.apply(null, xs) - pad));
  var right = Math.min(width, Math.ceil(Math.max.apply(null, xs) + pad));
  var top = Math.max(0, Math.floor(Math.min.apply(null, ys) - pad));
  var bottom = Math.min(height, Math.ceil(Math.max.apply(null, ys) + pad));
  for (var y = top; y < bottom; y++) {
    pixels.fill(255, (y * width + left) * 4, (y * width + right) * 4);
  }
}

self.onmessage = function (event) {
  var message = event.data;
  var pixels = new Uint8ClampedArray(message.pixels);
  var found = [];
  try {
    for (var i = 0; i < PER_PAGE; i++) {
      var code = self.jsQR(pixels, message.width, message.height, { inversionAttempts: "dontInvert" });
      if (!code) { break; }
      found.push(code.data);
      paintOver(pixels, message.width, message.height, code.location);
    }
    self.postMessage({ id: message.id, found: found });
  } catch (error) {
    self.postMessage({ id: message.id, error: String(error && error.message || error) });
  }
};
