/* Findling reference mask editor (markup: templates/concepts/mask-editor.html).
   Paint the concept's mask on the reference image with a brush and an eraser, or let SAM outline the object from a
   dragged box and object/background clicks (POST /api/segment/prompt on an image uploaded once to
   /api/segment/prompt/images). Every change is written into the upload form's mask input as a 0/255 PNG file of the
   image's size, so the form submits it like a chosen file. Plain browser JavaScript, no build step. */
(function () {
  'use strict';

  const root = document.getElementById('mask-editor');
  if (!root) {
    return;
  }

  // The mask is shown in blue, like the click-to-segment preview; prompts in green (object) and red (background).
  const TINT = 'rgba(31, 119, 255, 0.55)';
  const POSITIVE = '#1a7f37';
  const NEGATIVE = '#c62828';
  // Undo keeps whole-mask snapshots; this caps their memory (about 30 steps of a 1.5-megapixel image).
  const HISTORY_BYTES = 200 * 1024 * 1024;
  // A box smaller than this (image pixels) is a slip of the mouse, not a prompt.
  const MIN_BOX = 3;
  // Small images are shown enlarged for painting, up to this factor.
  const MAX_UPSCALE = 3;

  const form = document.getElementById(root.dataset.form);
  const imageInput = document.getElementById(root.dataset.imageInput);
  const maskInput = document.getElementById(root.dataset.maskInput);
  const body = root.querySelector('.mask-editor__body');
  const image = document.getElementById('mask-editor-image');
  const view = document.getElementById('mask-editor-canvas');
  const sizeInput = document.getElementById('mask-editor-size');
  const sizeOutput = document.getElementById('mask-editor-size-value');
  const undoButton = document.getElementById('mask-editor-undo');
  const clearButton = document.getElementById('mask-editor-clear');
  const submitButton = document.getElementById('mask-editor-submit');
  const summary = document.getElementById('mask-editor-summary');
  const status = document.getElementById('mask-editor-status');
  if (!form || !imageInput || !maskInput) {
    return;
  }

  // The mask itself: opaque white where the object is, transparent elsewhere, at the image's own size.
  const mask = document.createElement('canvas');
  const maskCtx = mask.getContext('2d', {willReadFrequently: true});
  const tint = document.createElement('canvas');

  const state = {
    file: null,            // the reference image file shown
    width: 0,
    height: 0,
    history: [],           // snapshots {pixels: ImageData, session}
    session: null,         // SAM prompting since the last brush stroke: {base: ImageData, points: [], box}
    stroke: null,          // brush/eraser stroke in progress: {last: {x, y}}
    drag: null,            // box being dragged: {x0, y0, x1, y1}
    keyboardCorner: null,  // first corner of a box made with the keyboard
    cursor: null,          // where the brush ring / crosshair is drawn, image pixels
    imageId: null,         // the reference image on the server, for SAM prompts
    uploading: null,       // promise of that upload
    decodeSeq: 0,          // answers to older SAM requests are dropped
    exporting: null,       // promise of the PNG being written into the mask input
    written: false         // the mask input holds this editor's mask (not a file the user chose)
  };

  function say(text) {
    status.textContent = text;
  }

  function tool() {
    return root.querySelector('input[name=mask-editor-tool]:checked').value;
  }

  function setTool(value) {
    const radio = root.querySelector('input[name=mask-editor-tool][value=' + value + ']');
    radio.checked = true;
    state.keyboardCorner = null;
    render();
  }

  function brushSize() {
    return Number(sizeInput.value);
  }

  function setBrushSize(value) {
    sizeInput.value = String(Math.max(Number(sizeInput.min), Math.min(Number(sizeInput.max), Math.round(value))));
    sizeOutput.textContent = sizeInput.value + ' px';
    render();
  }

  // ---- history -----------------------------------------------------------------------------------------------

  function snapshot() {
    return maskCtx.getImageData(0, 0, state.width, state.height);
  }

  function copySession(s) {
    return s && {base: s.base, points: s.points.slice(), box: s.box && Object.assign({}, s.box)};
  }

  function remember() {
    state.history.push({pixels: snapshot(), session: copySession(state.session)});
    const limit = Math.max(3, Math.floor(HISTORY_BYTES / Math.max(1, 4 * state.width * state.height)));
    while (state.history.length > limit) {
      state.history.shift();
    }
    undoButton.disabled = false;
  }

  function undo() {
    const previous = state.history.pop();
    if (!previous) {
      return;
    }
    state.decodeSeq++; // an answer still on its way belongs to the step being undone
    maskCtx.putImageData(previous.pixels, 0, 0);
    state.session = previous.session;
    state.drag = null;
    state.keyboardCorner = null;
    undoButton.disabled = state.history.length === 0;
    changed('Undone.');
  }

  function clear() {
    remember();
    state.decodeSeq++;
    maskCtx.clearRect(0, 0, state.width, state.height);
    state.session = null;
    changed('Cleared: the mask is empty.');
  }

  // ---- painting ----------------------------------------------------------------------------------------------

  function endSession() {
    state.session = null;
    state.decodeSeq++;
  }

  function paintSegment(from, to, erase) {
    maskCtx.save();
    maskCtx.globalCompositeOperation = erase ? 'destination-out' : 'source-over';
    maskCtx.strokeStyle = '#ffffff';
    maskCtx.fillStyle = '#ffffff';
    maskCtx.lineWidth = brushSize();
    maskCtx.lineCap = 'round';
    maskCtx.lineJoin = 'round';
    if (from.x === to.x && from.y === to.y) {
      maskCtx.beginPath();
      maskCtx.arc(to.x, to.y, brushSize() / 2, 0, 2 * Math.PI);
      maskCtx.fill();
    } else {
      maskCtx.beginPath();
      maskCtx.moveTo(from.x, from.y);
      maskCtx.lineTo(to.x, to.y);
      maskCtx.stroke();
    }
    maskCtx.restore();
  }

  function startStroke(p) {
    remember();
    endSession(); // painting refines what SAM gave; the next SAM prompt starts from the painted mask
    state.stroke = {last: p};
    paintSegment(p, p, tool() === 'eraser');
    render();
  }

  function continueStroke(p) {
    paintSegment(state.stroke.last, p, tool() === 'eraser');
    state.stroke.last = p;
    render();
  }

  function endStroke() {
    state.stroke = null;
    changed(null);
  }

  // ---- SAM prompts -------------------------------------------------------------------------------------------

  const call = window.Findling.call;

  function uploadImage() {
    if (!state.uploading) {
      const file = state.file;
      const upload = new FormData();
      upload.append('image', file);
      say('Uploading and encoding the image for SAM…');
      state.uploading = call(root.dataset.promptImages, {method: 'POST', body: upload}).then(function (uploaded) {
        if (file === state.file) {
          state.imageId = uploaded.imageId;
        }
        return uploaded.imageId;
      }, function (e) {
        state.uploading = null;
        throw e;
      });
    }
    return state.uploading;
  }

  async function decode(session, seq) {
    const prompt = {points: session.points, box: session.box};
    let imageId = state.imageId || await uploadImage();
    let result;
    try {
      result = await call(root.dataset.prompt, {
        method: 'POST',
        headers: {'Content-Type': 'application/json', Accept: 'application/json'},
        body: JSON.stringify(Object.assign({imageId: imageId}, prompt))
      });
    } catch (e) {
      if (e.status !== 404) {
        throw e;
      }
      // The server forgets encoded images after a while: encode again once.
      state.imageId = null;
      state.uploading = null;
      imageId = await uploadImage();
      result = await call(root.dataset.prompt, {
        method: 'POST',
        headers: {'Content-Type': 'application/json', Accept: 'application/json'},
        body: JSON.stringify(Object.assign({imageId: imageId}, prompt))
      });
    }
    return seq === state.decodeSeq ? result : null;
  }

  /** Adds a prompt to the SAM session (starting one from the current mask) and shows SAM's answer. */
  async function prompt(change) {
    remember();
    if (!state.session) {
      state.session = {base: snapshot(), points: [], box: null};
    }
    change(state.session);
    const seq = ++state.decodeSeq;
    const session = copySession(state.session);
    render();
    say('SAM is segmenting…');
    try {
      const result = await decode(session, seq);
      if (!result) {
        return; // a newer prompt, an undo or a brush stroke came first
      }
      const best = result.masks[result.best];
      maskCtx.putImageData(session.base, 0, 0);
      maskCtx.drawImage(rleCanvas(best.rle), 0, 0);
      changed('SAM outlined ' + best.area + ' pixels (its IoU estimate ' + best.iouEstimate.toFixed(2) + ', '
        + result.decodeMillis + ' ms). Add clicks to refine it, or paint and erase.');
    } catch (e) {
      say('SAM could not segment: ' + e.message);
    }
  }

  function addPoint(p, positive) {
    const session = state.session;
    if (!positive && !(session && (session.box || session.points.some(function (q) { return q.positive; })))) {
      // Alone, a background click asks SAM for "anything but here", which is no object at all.
      say('A background click corrects SAM\u2019s outline: first drag a box around the object or click on it.');
      return;
    }
    prompt(function (s) {
      s.points.push({x: p.x, y: p.y, positive: positive});
    });
  }

  function setBox(a, b) {
    const box = {
      x0: Math.floor(Math.min(a.x, b.x)), y0: Math.floor(Math.min(a.y, b.y)),
      x1: Math.min(state.width, Math.ceil(Math.max(a.x, b.x)) + 1), y1: Math.min(state.height, Math.ceil(Math.max(a.y, b.y)) + 1)
    };
    if (box.x1 - box.x0 < MIN_BOX || box.y1 - box.y0 < MIN_BOX) {
      say('Drag a larger box around the object.');
      render();
      return;
    }
    prompt(function (s) {
      s.box = box;
    });
  }

  /** The RLE's object pixels opaque white on transparent: drawn onto the mask canvas. */
  function rleCanvas(rle) {
    return window.Findling.rleCanvas(rle, [255, 255, 255, 255]);
  }

  // ---- the mask as the form's file ---------------------------------------------------------------------------

  /** Counts object pixels and returns the 0/255 grayscale-looking RGBA pixels to encode. */
  function binarized() {
    const pixels = snapshot();
    const d = pixels.data;
    let area = 0;
    for (let o = 0; o < d.length; o += 4) {
      // Brush edges are anti-aliased: half-covered pixels count as object.
      const on = d[o + 3] >= 128 ? 255 : 0;
      area += on ? 1 : 0;
      d[o] = on;
      d[o + 1] = on;
      d[o + 2] = on;
      d[o + 3] = 255;
    }
    return {pixels: pixels, area: area};
  }

  function writeMaskInput(file) {
    const transfer = new DataTransfer();
    if (file) {
      transfer.items.add(file);
    }
    maskInput.files = transfer.files;
  }

  function exportMask() {
    const b = binarized();
    const percent = (100 * b.area / (state.width * state.height)).toFixed(1);
    if (b.area === 0) {
      writeMaskInput(null);
      state.written = true;
      summary.textContent = 'The mask is empty: paint your object, drag a box around it or click on it.';
      submitButton.disabled = true;
      state.exporting = null;
      return;
    }
    const out = document.createElement('canvas');
    out.width = state.width;
    out.height = state.height;
    out.getContext('2d').putImageData(b.pixels, 0, 0);
    const file = state.file;
    const exporting = new Promise(function (resolve) {
      out.toBlob(function (blob) {
        if (file === state.file && blob) {
          const stem = file.name.replace(/\.[^.]+$/, '') || 'reference';
          writeMaskInput(new File([blob], stem + '-mask.png', {type: 'image/png'}));
          state.written = true;
        }
        if (state.exporting === exporting) {
          state.exporting = null;
        }
        resolve();
      }, 'image/png');
    });
    state.exporting = exporting;
    summary.textContent = 'Drawn mask: ' + b.area + ' pixels (' + percent + ' % of the image), sent as the form\u2019s mask.';
    submitButton.disabled = false;
  }

  function changed(message) {
    clearButton.disabled = false;
    render();
    exportMask();
    if (message) {
      say(message);
    }
  }

  // A submit while the PNG is still being encoded waits for it.
  form.addEventListener('submit', function (event) {
    if (state.exporting) {
      const pending = state.exporting;
      const submitter = event.submitter;
      event.preventDefault();
      pending.then(function () {
        form.requestSubmit(submitter && submitter.form === form ? submitter : undefined);
      });
    }
  });

  // ---- drawing the view --------------------------------------------------------------------------------------

  function render() {
    const ctx = view.getContext('2d');
    ctx.clearRect(0, 0, view.width, view.height);
    if (!state.width) {
      return;
    }
    const tctx = tint.getContext('2d');
    tctx.globalCompositeOperation = 'copy';
    tctx.drawImage(mask, 0, 0);
    tctx.globalCompositeOperation = 'source-in';
    tctx.fillStyle = TINT;
    tctx.fillRect(0, 0, tint.width, tint.height);
    ctx.drawImage(tint, 0, 0);

    const unit = Math.max(1, Math.max(state.width, state.height) / Math.max(1, view.getBoundingClientRect().width));
    const session = state.session;
    if (session && session.box) {
      drawBox(ctx, session.box, unit, false);
    }
    if (state.drag) {
      drawBox(ctx, state.drag, unit, true);
    }
    if (session) {
      for (const p of session.points) {
        ctx.beginPath();
        ctx.arc(p.x, p.y, 5 * unit, 0, 2 * Math.PI);
        ctx.fillStyle = p.positive ? POSITIVE : NEGATIVE;
        ctx.fill();
        ctx.lineWidth = 1.5 * unit;
        ctx.strokeStyle = '#ffffff';
        ctx.stroke();
      }
    }
    if (state.cursor) {
      const t = tool();
      ctx.lineWidth = 1.5 * unit;
      ctx.strokeStyle = '#ffffff';
      if (t === 'brush' || t === 'eraser') {
        ctx.beginPath();
        ctx.arc(state.cursor.x, state.cursor.y, Math.max(1, brushSize() / 2), 0, 2 * Math.PI);
        ctx.setLineDash(t === 'eraser' ? [4 * unit, 3 * unit] : []);
        ctx.stroke();
        ctx.setLineDash([]);
      }
      if (document.activeElement === view) {
        // Keyboard users see where Enter acts.
        const r = 8 * unit;
        ctx.beginPath();
        ctx.moveTo(state.cursor.x - r, state.cursor.y);
        ctx.lineTo(state.cursor.x + r, state.cursor.y);
        ctx.moveTo(state.cursor.x, state.cursor.y - r);
        ctx.lineTo(state.cursor.x, state.cursor.y + r);
        ctx.stroke();
      }
    }
    if (state.keyboardCorner) {
      const c = state.keyboardCorner;
      const other = state.cursor || c;
      drawBox(ctx, {x0: Math.min(c.x, other.x), y0: Math.min(c.y, other.y), x1: Math.max(c.x, other.x), y1: Math.max(c.y, other.y)},
        unit, true);
    }
  }

  function drawBox(ctx, b, unit, dashed) {
    ctx.save();
    ctx.lineWidth = 2 * unit;
    ctx.setLineDash(dashed ? [6 * unit, 4 * unit] : []);
    ctx.strokeStyle = '#ffffff';
    ctx.strokeRect(b.x0, b.y0, b.x1 - b.x0, b.y1 - b.y0);
    ctx.setLineDash(dashed ? [6 * unit, 4 * unit] : [6 * unit, 0]);
    ctx.lineDashOffset = 3 * unit;
    ctx.strokeStyle = POSITIVE;
    ctx.lineWidth = unit;
    ctx.strokeRect(b.x0, b.y0, b.x1 - b.x0, b.y1 - b.y0);
    ctx.restore();
  }

  // ---- loading the image and a chosen mask -------------------------------------------------------------------

  /**
   * Shows the image as large as fits (the card's width, two thirds of the window's height), small images scaled up
   * so that there is room to paint; the canvas follows the image's box.
   */
  function fitStage() {
    if (!state.width) {
      return;
    }
    const available = Math.max(160, image.parentElement.parentElement.clientWidth - 2);
    const tall = Math.max(160, window.innerHeight * 0.65);
    const scale = Math.min(available / state.width, tall / state.height, MAX_UPSCALE);
    image.style.width = Math.round(state.width * scale) + 'px';
    image.style.height = Math.round(state.height * scale) + 'px';
    render();
  }

  window.addEventListener('resize', fitStage);

  function reset() {
    state.history = [];
    state.session = null;
    state.stroke = null;
    state.drag = null;
    state.keyboardCorner = null;
    state.decodeSeq++;
    undoButton.disabled = true;
    clearButton.disabled = true;
  }

  function loadImage(file) {
    reset();
    state.file = file;
    state.imageId = null;
    state.uploading = null;
    state.width = 0;
    state.height = 0;
    if (!file) {
      body.hidden = true;
      say('');
      return;
    }
    const url = URL.createObjectURL(file);
    image.onload = function () {
      if (state.file !== file) {
        return;
      }
      state.width = image.naturalWidth;
      state.height = image.naturalHeight;
      for (const c of [view, mask, tint]) {
        c.width = state.width;
        c.height = state.height;
      }
      state.cursor = {x: Math.floor(state.width / 2), y: Math.floor(state.height / 2)};
      const longSide = Math.max(state.width, state.height);
      sizeInput.max = String(Math.max(2, Math.round(longSide / 4)));
      setBrushSize(Math.max(2, Math.round(longSide / 25)));
      body.hidden = false;
      fitStage();
      summary.textContent = 'No mask drawn yet.';
      submitButton.disabled = true;
      if (maskInput.files.length > 0 && !state.written) {
        loadMask(maskInput.files[0]);
      } else {
        state.written = false;
        render();
        say('Paint your object, drag a box around it or click on it (' + state.width + '×' + state.height + ').');
      }
    };
    image.onerror = function () {
      if (state.file === file) {
        body.hidden = true;
        say('This image cannot be shown in the browser, so it cannot be drawn on; upload a mask file instead.');
      }
    };
    image.src = url;
  }

  /** Opens a mask file the user chose: non-zero (or, with transparency, opaque) pixels are the object. */
  function loadMask(file) {
    if (!state.width) {
      return;
    }
    const url = URL.createObjectURL(file);
    const picture = new Image();
    picture.onload = function () {
      URL.revokeObjectURL(url);
      if (picture.naturalWidth !== state.width || picture.naturalHeight !== state.height) {
        say('The chosen mask is ' + picture.naturalWidth + '×' + picture.naturalHeight + ' but the image is '
          + state.width + '×' + state.height + ', so it cannot be edited here; the server will refuse it too.');
        return;
      }
      const scratch = document.createElement('canvas');
      scratch.width = state.width;
      scratch.height = state.height;
      const sctx = scratch.getContext('2d', {willReadFrequently: true});
      sctx.drawImage(picture, 0, 0);
      const pixels = sctx.getImageData(0, 0, state.width, state.height);
      const d = pixels.data;
      let transparent = false;
      for (let o = 3; o < d.length; o += 4) {
        if (d[o] < 255) {
          transparent = true;
          break;
        }
      }
      for (let o = 0; o < d.length; o += 4) {
        const on = transparent ? d[o + 3] >= 128 : (d[o] | d[o + 1] | d[o + 2]) > 0;
        d[o] = d[o + 1] = d[o + 2] = 255;
        d[o + 3] = on ? 255 : 0;
      }
      reset();
      maskCtx.putImageData(pixels, 0, 0);
      clearButton.disabled = false;
      render();
      // The chosen file stays in the form until the mask is edited here.
      summary.textContent = 'The chosen mask file ' + file.name + ' is shown; edit it here or submit it as it is.';
      submitButton.disabled = false;
      say('Opened the mask ' + file.name + ' for editing.');
    };
    picture.onerror = function () {
      URL.revokeObjectURL(url);
      say('The chosen mask cannot be shown in the browser; it is still sent as it is.');
    };
    picture.src = url;
  }

  imageInput.addEventListener('change', function () {
    if (state.written) {
      writeMaskInput(null); // the drawn mask belongs to the previous image
    }
    state.written = false;
    loadImage(imageInput.files[0] || null);
  });
  // Only a user's choice fires change; the editor's own writes to the input do not.
  maskInput.addEventListener('change', function () {
    state.written = false;
    if (maskInput.files.length > 0) {
      loadMask(maskInput.files[0]);
    }
  });

  // ---- pointer -----------------------------------------------------------------------------------------------

  function imagePoint(event) {
    const rect = view.getBoundingClientRect();
    return {
      x: Math.min(state.width - 1, Math.max(0, Math.round((event.clientX - rect.left) * state.width / rect.width))),
      y: Math.min(state.height - 1, Math.max(0, Math.round((event.clientY - rect.top) * state.height / rect.height)))
    };
  }

  view.addEventListener('pointerdown', function (event) {
    if (!state.width || event.button !== 0) {
      return;
    }
    event.preventDefault();
    view.focus({preventScroll: true});
    const p = imagePoint(event);
    state.cursor = p;
    const t = tool();
    if (t === 'brush' || t === 'eraser') {
      view.setPointerCapture(event.pointerId);
      startStroke(p);
    } else if (t === 'box') {
      view.setPointerCapture(event.pointerId);
      state.drag = {x0: p.x, y0: p.y, x1: p.x, y1: p.y, start: p};
      render();
    } else {
      addPoint(p, t === 'positive' && !event.shiftKey);
    }
  });

  view.addEventListener('pointermove', function (event) {
    if (!state.width) {
      return;
    }
    const p = imagePoint(event);
    state.cursor = p;
    if (state.stroke) {
      continueStroke(p);
    } else if (state.drag) {
      const s = state.drag.start;
      state.drag = {x0: Math.min(s.x, p.x), y0: Math.min(s.y, p.y), x1: Math.max(s.x, p.x), y1: Math.max(s.y, p.y), start: s};
      render();
    } else {
      render();
    }
  });

  function pointerEnd(event) {
    if (state.stroke) {
      endStroke();
    } else if (state.drag) {
      const s = state.drag.start;
      state.drag = null;
      setBox(s, imagePoint(event));
    }
  }

  view.addEventListener('pointerup', pointerEnd);
  view.addEventListener('pointercancel', pointerEnd);
  view.addEventListener('pointerleave', function () {
    if (!state.stroke && !state.drag && document.activeElement !== view) {
      state.cursor = null;
      render();
    }
  });

  // ---- keyboard ----------------------------------------------------------------------------------------------

  view.addEventListener('keydown', function (event) {
    if (!state.width) {
      return;
    }
    const key = event.key;
    const step = Math.max(1, Math.round(Math.max(state.width, state.height) / 50));
    const moves = {ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step]};
    const t = tool();
    if (!state.cursor) {
      state.cursor = {x: Math.floor(state.width / 2), y: Math.floor(state.height / 2)};
    }
    if (moves[key]) {
      event.preventDefault();
      const from = state.cursor;
      const to = {
        x: Math.min(state.width - 1, Math.max(0, from.x + moves[key][0])),
        y: Math.min(state.height - 1, Math.max(0, from.y + moves[key][1]))
      };
      state.cursor = to;
      if (event.shiftKey && (t === 'brush' || t === 'eraser')) {
        startStroke(from);
        continueStroke(to);
        endStroke();
      } else {
        render();
      }
    } else if (key === 'Enter' || key === ' ') {
      event.preventDefault();
      const p = state.cursor;
      if (t === 'brush' || t === 'eraser') {
        startStroke(p);
        endStroke();
      } else if (t === 'box') {
        if (!state.keyboardCorner) {
          state.keyboardCorner = p;
          say('First corner set; move to the opposite corner and press Enter.');
          render();
        } else {
          const corner = state.keyboardCorner;
          state.keyboardCorner = null;
          setBox(corner, p);
        }
      } else {
        addPoint(p, t === 'positive' && !event.shiftKey);
      }
    } else if (key === 'Escape' && state.keyboardCorner) {
      event.preventDefault();
      state.keyboardCorner = null;
      say('Box dropped.');
      render();
    } else if (key === '[' || key === ']') {
      event.preventDefault();
      setBrushSize(brushSize() * (key === '[' ? 0.8 : 1.25) + (key === '[' ? -1 : 1));
    } else if ((key === 'z' || key === 'Z') && !event.altKey) {
      event.preventDefault();
      undo();
    } else if (!event.ctrlKey && !event.metaKey && !event.altKey) {
      const tools = {b: 'brush', e: 'eraser', x: 'box', o: 'positive', n: 'negative'};
      const chosen = tools[key.toLowerCase()];
      if (chosen) {
        event.preventDefault();
        setTool(chosen);
        say(root.querySelector('input[name=mask-editor-tool]:checked').parentElement.textContent.trim().replace(/\s+\S$/, '') + ' selected.');
      }
    }
  });
  view.addEventListener('focus', render);
  view.addEventListener('blur', render);

  // ---- controls ----------------------------------------------------------------------------------------------

  sizeInput.addEventListener('input', function () {
    setBrushSize(Number(sizeInput.value));
  });
  root.querySelectorAll('input[name=mask-editor-tool]').forEach(function (radio) {
    radio.addEventListener('change', function () {
      state.keyboardCorner = null;
      render();
    });
  });
  undoButton.addEventListener('click', undo);
  clearButton.addEventListener('click', clear);

  // A page shown again from the back/forward cache may still hold a chosen image.
  if (imageInput.files && imageInput.files.length > 0) {
    loadImage(imageInput.files[0]);
  }
})();
