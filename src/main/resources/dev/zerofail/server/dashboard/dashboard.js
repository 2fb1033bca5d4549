// zerofail dashboard: charts (uPlot), the live event feed (SSE over fetch, so every event name
// arrives and the session cookie goes along), and the rollback form's JSON post with its CSRF token.
// No inline script anywhere: the page's CSP allows only files from this origin.
(function () {
  'use strict';

  function drawCharts(root) {
    if (typeof uPlot === 'undefined') { return; }
    root.querySelectorAll('.chart').forEach(function (el) {
      var days = JSON.parse(el.dataset.days || '[]');
      var rates = JSON.parse(el.dataset.rates || '[]');
      var target = Number(el.dataset.target || 95);
      var xs = days.map(function (d) { return Date.parse(d + 'T12:00:00Z') / 1000; });
      var line = xs.map(function () { return target; });
      el.textContent = '';
      var width = Math.max(260, el.clientWidth || 600);
      new uPlot({
        width: width, height: 200,
        scales: { x: { time: true }, y: { range: [0, 100] } },
        axes: [{}, { values: function (u, v) { return v.map(function (x) { return x + '%'; }); } }],
        series: [{}, { label: 'success %', stroke: '#1f6feb', width: 2, points: { show: true }, spanGaps: false },
          { label: target + '% target', stroke: '#b35900', dash: [6, 4], width: 1, points: { show: false } }]
      }, [xs, rates, line], el);
    });
  }

  function feedLine(text, cls) {
    var feed = document.getElementById('feed');
    if (!feed) { return; }
    var li = document.createElement('li');
    li.textContent = text;
    if (cls) { li.className = cls; }
    feed.insertBefore(li, feed.firstChild);
    while (feed.children.length > 50) { feed.removeChild(feed.lastChild); }
  }

  function describe(name, d) {
    var who = '#' + d.deploymentId + ' ' + d.kind + ' ' + d.service + ': ';
    if (name === 'gate') {
      return who + 'gate ' + d.gate + ' ' + (d.passed ? 'passed' : 'failed') + (d.message ? ' (' + d.message + ')' : '');
    }
    return who + name + (d.message ? ' – ' + d.message : '');
  }

  function setState(text) {
    var s = document.getElementById('feed-state');
    if (s) { s.textContent = text; }
  }

  // A minimal Server-Sent Events reader: EventSource only delivers event names it was told in advance.
  function follow(env) {
    var lastId = null;
    function connect() {
      var headers = { 'Accept': 'text/event-stream' };
      if (lastId) { headers['Last-Event-ID'] = lastId; }
      fetch('/api/v1/events?env=' + encodeURIComponent(env), { headers: headers, credentials: 'same-origin' })
        .then(function (res) {
          if (!res.ok || !res.body) { throw new Error('HTTP ' + res.status); }
          var reader = res.body.getReader();
          var decoder = new TextDecoder();
          var buf = '';
          function pump() {
            return reader.read().then(function (r) {
              if (r.done) { throw new Error('stream ended'); }
              buf += decoder.decode(r.value, { stream: true });
              var i;
              while ((i = buf.indexOf('\n\n')) >= 0) {
                handle(buf.slice(0, i));
                buf = buf.slice(i + 2);
              }
              return pump();
            });
          }
          return pump();
        })
        .catch(function () {
          setState('live updates paused; retrying (the page also refreshes every 10 s)');
          setTimeout(connect, 3000);
        });
    }
    function handle(frame) {
      var name = 'message', data = '';
      frame.split('\n').forEach(function (line) {
        if (line.indexOf('event: ') === 0) { name = line.slice(7); }
        else if (line.indexOf('data: ') === 0) { data += line.slice(6); }
        else if (line.indexOf('id: ') === 0) { lastId = line.slice(4); }
      });
      if (!data) { return; }
      if (name === 'open') { setState('live'); return; }
      var d;
      try { d = JSON.parse(data); } catch (e) { return; }
      feedLine(describe(name, d), name === 'gate' ? (d.passed ? 'pass' : 'fail') : '');
      document.body.dispatchEvent(new CustomEvent('zf-event'));
    }
    connect();
  }

  function jsonForms() {
    document.querySelectorAll('form[data-json]').forEach(function (form) {
      form.addEventListener('submit', function (ev) {
        ev.preventDefault();
        var body = {}, csrf = '';
        new FormData(form).forEach(function (v, k) {
          if (k === '_csrf') { csrf = v; } else if (String(v).trim() !== '') { body[k] = String(v).trim(); }
        });
        var out = form.querySelector('[data-error]');
        var button = form.querySelector('button[type=submit]');
        button.disabled = true;
        if (out) { out.textContent = ''; }
        fetch(form.getAttribute('action'), {
          method: 'POST', credentials: 'same-origin',
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
          body: JSON.stringify(body)
        }).then(function (res) {
          return res.json().then(function (j) { return { res: res, j: j }; });
        }).then(function (r) {
          if (r.res.status === 202) {
            window.location.assign('/deploys/' + r.j.deploymentId);
            return;
          }
          button.disabled = false;
          if (out) { out.textContent = (r.j.title || 'Refused') + ': ' + (r.j.detail || r.res.status); }
        }).catch(function () {
          button.disabled = false;
          if (out) { out.textContent = 'The server did not answer; try again.'; }
        });
      });
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    drawCharts(document);
    jsonForms();
    var env = document.getElementById('env');
    if (env) { follow(env.dataset.env); }
    document.body.addEventListener('htmx:afterSettle', function (e) { drawCharts(e.target); });
    var t;
    window.addEventListener('resize', function () { clearTimeout(t); t = setTimeout(function () { drawCharts(document); }, 200); });
  });
}());
