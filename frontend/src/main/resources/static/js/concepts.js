/* Findling concept pages: confirm deletes, click-to-segment a reference mask, and test a concept on images.
   Plain browser JavaScript over the REST API (/api/segment/prompt, /api/concepts); no build step, no framework. */
(function () {
  'use strict';

  // Server overlays (test results) are orange; the click preview is blue so it stays visible on orange or yellow
  // objects and differs from the green/red click markers.
  const PREVIEW = [31, 119, 255];

  const call = window.Findling.call;

  function maskCanvas(rle, alpha) {
    return window.Findling.rleCanvas(rle, [PREVIEW[0], PREVIEW[1], PREVIEW[2], alpha]);
  }

  // Delete forms ask first.
  document.querySelectorAll('form[data-confirm]').forEach(function (form) {
    form.addEventListener('submit', function (event) {
      if (!window.confirm(form.dataset.confirm)) {
        event.preventDefault();
      }
    });
  });

  // Create page: click to segment.
  const clickSection = document.getElementById('click-to-segment');
  if (clickSection) {
    const fileInput = document.getElementById('click-image');
    const stage = clickSection.querySelector('.click-stage');
    const preview = document.getElementById('click-preview');
    const overlay = document.getElementById('click-overlay');
    const status = document.getElementById('click-status');
    const candidatesBox = document.getElementById('candidates');
    const createButton = document.getElementById('click-create');
    const state = {imageId: null, points: [], result: null, picked: null, busy: false, cursor: null};

    function say(text) {
      status.textContent = text;
    }

    function draw() {
      const ctx = overlay.getContext('2d');
      ctx.clearRect(0, 0, overlay.width, overlay.height);
      if (state.result && state.picked !== null) {
        ctx.drawImage(maskCanvas(state.result.masks[state.picked].rle, 115), 0, 0);
      }
      const r = Math.max(4, Math.round(Math.max(overlay.width, overlay.height) / 120));
      if (state.cursor && document.activeElement === overlay) {
        // Keyboard users place clicks with a crosshair.
        ctx.strokeStyle = '#ffffff';
        ctx.lineWidth = Math.max(2, r / 2);
        ctx.beginPath();
        ctx.moveTo(state.cursor.x - 3 * r, state.cursor.y);
        ctx.lineTo(state.cursor.x + 3 * r, state.cursor.y);
        ctx.moveTo(state.cursor.x, state.cursor.y - 3 * r);
        ctx.lineTo(state.cursor.x, state.cursor.y + 3 * r);
        ctx.stroke();
      }
      for (const p of state.points) {
        ctx.beginPath();
        ctx.arc(p.x, p.y, r, 0, 2 * Math.PI);
        ctx.fillStyle = p.positive ? '#1a7f37' : '#c62828';
        ctx.fill();
        ctx.lineWidth = Math.max(1, r / 3);
        ctx.strokeStyle = '#ffffff';
        ctx.stroke();
      }
    }

    function pick(index) {
      state.picked = index;
      candidatesBox.querySelectorAll('[role=radio]').forEach(function (b) {
        b.setAttribute('aria-checked', String(Number(b.dataset.index) === index));
      });
      createButton.disabled = false;
      draw();
    }

    function showCandidates(result) {
      candidatesBox.textContent = '';
      for (const m of result.masks) {
        const button = document.createElement('button');
        button.type = 'button';
        button.setAttribute('role', 'radio');
        button.dataset.index = String(m.index);
        button.className = 'candidate';
        const thumb = document.createElement('canvas');
        const scale = 160 / Math.max(result.width, result.height);
        thumb.width = Math.max(1, Math.round(result.width * scale));
        thumb.height = Math.max(1, Math.round(result.height * scale));
        const ctx = thumb.getContext('2d');
        ctx.drawImage(preview, 0, 0, thumb.width, thumb.height);
        ctx.drawImage(maskCanvas(m.rle, 170), 0, 0, thumb.width, thumb.height);
        thumb.setAttribute('aria-hidden', 'true');
        const label = document.createElement('span');
        const kind = m.index === 0 ? 'single-mask' : 'multimask ' + m.index;
        label.textContent = 'Mask ' + (m.index + 1) + ' (' + kind + ') · IoU est. ' + m.iouEstimate.toFixed(2)
          + (m.index === result.best ? ' · SAM\u2019s pick' : '');
        button.setAttribute('aria-label', label.textContent + ', ' + m.area + ' pixels');
        button.append(thumb, label);
        button.addEventListener('click', function () { pick(m.index); });
        candidatesBox.append(button);
      }
      pick(result.best);
    }

    async function decode() {
      if (!state.imageId) {
        return;
      }
      if (state.points.length === 0) {
        state.result = null;
        state.picked = null;
        candidatesBox.textContent = '';
        createButton.disabled = true;
        draw();
        return;
      }
      state.busy = true;
      say('Segmenting…');
      try {
        const result = await call(clickSection.dataset.prompt, {
          method: 'POST',
          headers: {'Content-Type': 'application/json', Accept: 'application/json'},
          body: JSON.stringify({imageId: state.imageId, points: state.points})
        });
        state.result = result;
        showCandidates(result);
        say('Four masks in ' + result.decodeMillis + ' ms. Pick the one that covers your object, or click again to refine.');
      } catch (e) {
        say('Could not segment: ' + e.message);
      } finally {
        state.busy = false;
      }
    }

    fileInput.addEventListener('change', async function () {
      const file = fileInput.files[0];
      state.imageId = null;
      state.points = [];
      state.result = null;
      state.picked = null;
      candidatesBox.textContent = '';
      createButton.disabled = true;
      if (!file) {
        stage.hidden = true;
        return;
      }
      say('Uploading and encoding the image…');
      const form = new FormData();
      form.append('image', file);
      try {
        const uploaded = await call(clickSection.dataset.promptImages, {method: 'POST', body: form});
        state.imageId = uploaded.imageId;
        preview.onload = function () {
          overlay.width = uploaded.width;
          overlay.height = uploaded.height;
          state.cursor = {x: uploaded.width / 2, y: uploaded.height / 2};
          stage.hidden = false;
          draw();
          say('Encoded in ' + uploaded.encodeMillis + ' ms. Click on the object.');
        };
        preview.src = URL.createObjectURL(file);
      } catch (e) {
        stage.hidden = true;
        say('Could not use this image: ' + e.message);
      }
    });

    function addPoint(x, y, shiftKey) {
      if (state.busy || !state.imageId) {
        return;
      }
      const mode = clickSection.querySelector('input[name=click-mode]:checked').value;
      const positive = !shiftKey && mode === 'positive';
      state.points.push({x: Math.min(overlay.width - 1, Math.max(0, x)), y: Math.min(overlay.height - 1, Math.max(0, y)), positive: positive});
      draw();
      decode();
    }

    overlay.addEventListener('click', function (event) {
      const rect = overlay.getBoundingClientRect();
      addPoint((event.clientX - rect.left) * overlay.width / rect.width,
        (event.clientY - rect.top) * overlay.height / rect.height, event.shiftKey);
    });

    // Keyboard: arrow keys move the crosshair (2 % of the image per press), Enter or Space clicks there.
    overlay.addEventListener('keydown', function (event) {
      if (!state.cursor) {
        return;
      }
      const step = Math.max(1, Math.round(Math.max(overlay.width, overlay.height) / 50));
      const moves = {ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step]};
      if (moves[event.key]) {
        state.cursor.x = Math.min(overlay.width - 1, Math.max(0, state.cursor.x + moves[event.key][0]));
        state.cursor.y = Math.min(overlay.height - 1, Math.max(0, state.cursor.y + moves[event.key][1]));
        event.preventDefault();
        draw();
      } else if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        addPoint(state.cursor.x, state.cursor.y, event.shiftKey);
      }
    });
    overlay.addEventListener('focus', draw);
    overlay.addEventListener('blur', draw);

    document.getElementById('click-undo').addEventListener('click', function () {
      state.points.pop();
      decode();
    });
    document.getElementById('click-clear').addEventListener('click', function () {
      state.points = [];
      decode();
    });

    createButton.addEventListener('click', async function () {
      if (!state.result || state.picked === null) {
        return;
      }
      createButton.disabled = true;
      say('Creating the concept…');
      try {
        const maskResponse = await fetch(state.result.masks[state.picked].png);
        if (!maskResponse.ok) {
          throw new Error('the picked mask expired; click again');
        }
        const form = new FormData();
        form.append('imageId', state.imageId);
        form.append('mask', await maskResponse.blob(), 'mask.png');
        form.append('name', document.getElementById('click-name').value);
        form.append('fineTune', String(document.getElementById('click-finetune').checked));
        const concept = await call(clickSection.dataset.concepts, {method: 'POST', body: form});
        window.location.assign(concept.links.page);
      } catch (e) {
        createButton.disabled = false;
        say('Could not create the concept: ' + e.message);
      }
    });
  }

  // Concept page: test images.
  const testSection = document.getElementById('concept-test');
  if (testSection) {
    const form = document.getElementById('test-form');
    const status = document.getElementById('test-status');
    const list = document.getElementById('test-results');
    const name = testSection.dataset.name;

    function resultItem(file, r) {
      const li = document.createElement('li');
      li.className = 'result ' + (r.found ? 'result--found' : 'result--absent');
      const img = document.createElement('img');
      img.src = r.links.overlay;
      img.alt = r.found
        ? name + ' found in ' + file.name + ' (mask overlaid in orange)'
        : name + ' not found in ' + file.name;
      const body = document.createElement('div');
      body.className = 'result__body';
      const title = document.createElement('p');
      title.className = 'result__title';
      const badge = document.createElement('span');
      badge.className = 'tag ' + (r.found ? 'tag--found' : 'tag--absent');
      badge.textContent = r.found ? 'found' : 'not found';
      const fileName = document.createElement('span');
      fileName.textContent = ' ' + file.name;
      title.append(badge, fileName);
      const facts = document.createElement('p');
      facts.className = 'muted';
      facts.textContent = 'score ' + r.score.toFixed(3) + ' (threshold ' + r.presenceThreshold.toFixed(2) + ')'
        + (r.found ? ' · ' + r.instances.length + (r.instances.length === 1 ? ' instance' : ' instances') : '')
        + ' · ' + r.timings.totalMillis + ' ms';
      body.append(title, facts);
      if (r.found) {
        const links = document.createElement('p');
        for (const [label, href] of [['mask', r.links.mask], ['cut-out', r.links.cutout]]) {
          const a = document.createElement('a');
          a.href = href;
          a.textContent = label + ' (PNG)';
          a.download = file.name.replace(/\.[^.]+$/, '') + '.' + label + '.png';
          links.append(a, document.createTextNode(' '));
        }
        body.append(links);
      }
      li.append(img, body);
      return li;
    }

    function errorItem(file, message) {
      const li = document.createElement('li');
      li.className = 'result result--error';
      const p = document.createElement('p');
      p.textContent = file.name + ': ' + message;
      li.append(p);
      return li;
    }

    form.addEventListener('submit', async function (event) {
      event.preventDefault();
      const files = Array.from(document.getElementById('test-images').files);
      const max = document.getElementById('test-max').value || '1';
      let done = 0;
      let found = 0;
      for (const file of files) {
        status.textContent = 'Searching ' + file.name + ' (' + (done + 1) + ' of ' + files.length + ')…';
        const body = new FormData();
        body.append('image', file);
        body.append('maxInstances', max);
        try {
          const r = await call(testSection.dataset.segment, {method: 'POST', body: body});
          if (r.found) {
            found++;
          }
          list.prepend(resultItem(file, r));
        } catch (e) {
          list.prepend(errorItem(file, e.message));
        }
        done++;
      }
      status.textContent = 'Found in ' + found + ' of ' + files.length + (files.length === 1 ? ' image.' : ' images.');
    });
  }
})();
