// Live progress for background jobs: see templates/jobs/progress.html for the markup and its contract.
(function () {
  'use strict';

  function text(el, value) {
    if (el) { el.textContent = value == null ? '' : String(value); }
  }

  function render(root, s) {
    var percent = Math.round((s.fraction || 0) * 100);
    var bar = root.querySelector('[role=progressbar]');
    var fill = root.querySelector('.job-progress__fill');
    var counts = s.total > 0 ? s.done + ' of ' + s.total : '';
    bar.setAttribute('aria-valuenow', String(percent));
    bar.setAttribute('aria-valuetext', s.state + (counts ? ', ' + counts : '') + ', ' + percent + ' %');
    fill.style.width = percent + '%';
    root.dataset.state = s.state;
    text(root.querySelector('.job-progress__state'), s.state);
    text(root.querySelector('.job-progress__counts'), counts ? '— ' + counts + ' (' + percent + ' %)' : '');
    text(root.querySelector('.job-progress__item'), s.currentItem ? s.currentItem : '');
    var error = root.querySelector('.job-progress__error');
    if (s.state === 'failed') {
      error.hidden = false;
      text(error, 'The job failed: ' + (s.error || 'no reason given'));
    } else if (s.state === 'interrupted') {
      error.hidden = false;
      text(error, 'The job was interrupted (' + (s.error || 'its server stopped') + '); resume it to run it again.');
    }
    // Interrupted is an end too: nothing runs until someone resumes it.
    var ended = s.state === 'completed' || s.state === 'failed' || s.state === 'cancelled' || s.state === 'interrupted';
    root.querySelector('[data-action=pause]').hidden = ended || s.state !== 'running';
    root.querySelector('[data-action=resume]').hidden = s.state !== 'paused' && s.state !== 'interrupted';
    root.querySelector('[data-action=cancel]').hidden = ended;
    return ended;
  }

  function attach(root) {
    if (root.dataset.attached) { return; }
    root.dataset.attached = 'true';
    root.querySelectorAll('[data-action]').forEach(function (button) {
      button.addEventListener('click', function () {
        button.disabled = true;
        var error = root.querySelector('.job-progress__error');
        fetch(root.dataset.controlUrl + '/' + button.dataset.action, {method: 'POST', headers: {Accept: 'application/json'}})
          .then(function (r) {
            return r.json().catch(function () { return null; }).then(function (body) {
              if (!r.ok) {
                // A problem detail, e.g. 401 when the server has an access token and this browser has not logged in.
                throw new Error((body && (body.detail || body.title)) || r.status + ' ' + r.statusText);
              }
              return body;
            });
          })
          .then(function (s) {
            error.hidden = true;
            if (s && s.state) {
              var wasEnded = root.dataset.state === 'interrupted';
              render(root, s);
              if (wasEnded && !render(root, s)) { listen(root); } // an interrupted job runs again: follow it
            }
          })
          .catch(function (e) {
            error.hidden = false;
            text(error, 'Could not ' + button.dataset.action + ': ' + e.message);
          })
          .finally(function () { button.disabled = false; });
      });
    });
    listen(root);
  }

  function listen(root) {
    var source = new EventSource(root.dataset.eventsUrl);
    source.addEventListener('status', function (event) {
      var s = JSON.parse(event.data);
      if (render(root, s)) {
        // Close before the server ends the stream, or EventSource would reconnect.
        source.close();
        root.dispatchEvent(new CustomEvent('findling:job-ended', {bubbles: true, detail: s}));
        // An interrupted job stays on the page with its resume button; reloading would only show it again.
        if (root.dataset.reloadOnEnd === 'true' && s.state !== 'interrupted') {
          window.location.reload();
        }
      }
    });
    source.onerror = function () {
      if (source.readyState === EventSource.CLOSED) {
        text(root.querySelector('.job-progress__state'), 'connection lost — reload the page');
      }
    };
  }

  window.FindlingJobs = {attach: attach};
  document.querySelectorAll('.job-progress[data-job-id]').forEach(attach);
}());
