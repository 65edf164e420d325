// CareCircle supervisor console: the district's live board (server-sent events over fetch, so that the bearer token
// travels in a header), actions on areas and escalations, and each visit's timeline and decision. Every text comes
// from the message bundles (/console/messages); the token comes from the page's #token= fragment (never sent as part
// of a URL to the server) or is pasted in.
(() => {
  const state = { token: null, lang: localStorage.getItem('cc.lang') || 'zh-CN', messages: {}, board: null, selected: null,
    rendered: null, typed: {} };
  const $ = (sel) => document.querySelector(sel);
  const t = (key, ...args) => (state.messages[key] || key).replace(/\{(\d+)}/g, (_, i) => args[Number(i)]);

  async function loadMessages() {
    const response = await fetch('/console/messages?lang=' + encodeURIComponent(state.lang));
    state.messages = await response.json();
    document.documentElement.lang = state.lang;
    document.title = t('title');
    document.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
    $('#lang').textContent = t('switchLanguage');
    if (state.board) render(state.board, true);
  }

  async function api(method, path, body) {
    const response = await fetch(path, {
      method,
      headers: Object.assign({ Authorization: 'Bearer ' + state.token, Accept: 'application/json' },
        body ? { 'Content-Type': 'application/json' } : {}),
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    const json = text ? JSON.parse(text) : null;
    if (!response.ok) {
      const detail = json && (json.detail || json.title) || response.status;
      throw new Error(detail);
    }
    return json;
  }

  function say(text, error) {
    const el = $('#message');
    el.textContent = text;
    el.className = error ? 'error' : '';
  }

  async function refresh() {
    render(await api('GET', '/dispatch/board'), true);
  }

  async function act(fn, done) {
    try {
      await fn();
      say(done);
      await refresh();
    } catch (e) {
      say(t('failed', e.message), true);
    }
  }

  // --- the live stream -------------------------------------------------------------------------------------------
  async function stream() {
    for (;;) {
      try {
        $('#connection').textContent = t('connecting');
        const response = await fetch('/dispatch/board/stream', {
          headers: { Authorization: 'Bearer ' + state.token, Accept: 'text/event-stream' },
        });
        if (response.status === 401 || response.status === 403) {
          showLogin(t('tokenRefused'));
          return;
        }
        $('#connection').textContent = t('live');
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = block.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5)).join('\n');
            if (data) render(JSON.parse(data));
          }
        }
      } catch (e) {
        $('#connection').textContent = t('reconnecting');
      }
      await new Promise((r) => setTimeout(r, 2000));
    }
  }

  // --- rendering -----------------------------------------------------------------------------------------------------
  const cell = (text) => { const td = document.createElement('td'); td.textContent = text; return td; };
  const button = (label, testId, onClick) => {
    const b = document.createElement('button');
    b.type = 'button'; b.textContent = label; b.dataset.testid = testId; b.addEventListener('click', onClick);
    return b;
  };
  const badge = (label, kind) => { const s = document.createElement('span'); s.className = 'badge ' + kind; s.textContent = label; return s; };
  const minutes = (seconds) => t('minutes', Math.floor(seconds / 60));

  function render(board, force) {
    state.board = board;
    $('#district').textContent = t('district', board.district);
    $('#updated').textContent = t('updated', new Date(board.at).toLocaleTimeString(state.lang));
    // redraw only what changed, so that a reason being typed or a button about to be clicked stays put
    const content = JSON.stringify(Object.assign({}, board, { at: null, visits: board.visits.map((v) => [v.orderId,
      v.status, v.openOffers, v.escalated, v.slaAtRisk, Math.floor(v.waitingSeconds / 60)]) })) + state.lang;
    if (!force && content === state.rendered) return;
    state.rendered = content;
    const focused = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.testid : null;
    renderAreas(board);
    renderMap(board);
    renderOnDuty(board);
    renderEscalations(board);
    renderVisits(board);
    // what the supervisor had typed survives the redraw
    document.querySelectorAll('input[data-testid]').forEach((input) => {
      if (state.typed[input.dataset.testid]) input.value = state.typed[input.dataset.testid];
      input.addEventListener('input', () => { state.typed[input.dataset.testid] = input.value; });
    });
    if (focused) {
      const again = document.querySelector('[data-testid="' + focused + '"]');
      if (again) again.focus();
    }
  }

  function renderAreas(board) {
    const body = $('#areas tbody');
    body.replaceChildren();
    for (const a of board.areas) {
      const tr = document.createElement('tr');
      tr.dataset.area = a.area;
      [a.area, a.waiting, a.offered, a.escalated, minutes(a.oldestWaitSeconds), a.slaAtRisk].forEach((v) => tr.append(cell(v)));
      const td = document.createElement('td');
      if (a.paused) {
        td.append(badge(t('paused'), 'paused'), document.createTextNode(a.paused.reason + ' '));
        td.append(button(t('resume'), 'resume-' + a.area, () =>
          act(() => api('DELETE', '/dispatch/areas/' + a.area + '/pause'), t('resumedArea', a.area))));
      } else {
        td.append(badge(t('running'), 'running'));
        const reason = document.createElement('input');
        reason.placeholder = t('pauseReason'); reason.dataset.testid = 'pause-reason-' + a.area;
        td.append(reason, button(t('pause'), 'pause-' + a.area, () => {
          if (!reason.value.trim()) { say(t('reasonRequired'), true); return; }
          delete state.typed['pause-reason-' + a.area];
          act(() => api('PUT', '/dispatch/areas/' + a.area + '/pause', { reason: reason.value.trim() }), t('pausedArea', a.area));
        }));
      }
      tr.append(td);
      body.append(tr);
    }
    if (!board.areas.length) {
      const tr = document.createElement('tr'); const td = cell(t('nothingWaiting')); td.colSpan = 7; tr.append(td); body.append(tr);
    }
  }

  function renderOnDuty(board) {
    const body = $('#onduty tbody');
    body.replaceChildren();
    for (const d of board.onDuty) {
      const tr = document.createElement('tr');
      [d.area, t('role.' + d.role), d.available, d.busy].forEach((v) => tr.append(cell(v)));
      body.append(tr);
    }
  }

  function renderEscalations(board) {
    const body = $('#escalations tbody');
    body.replaceChildren();
    for (const e of board.escalations) {
      const tr = document.createElement('tr');
      tr.dataset.order = e.orderId;
      [e.orderId.slice(0, 12), e.area, e.serviceCode, t('priority.' + e.priority), t('reason.' + e.reason),
        minutes(e.waitingSeconds)].forEach((v) => tr.append(cell(v)));
      const td = document.createElement('td');
      const provider = document.createElement('input');
      provider.placeholder = t('providerId'); provider.size = 10; provider.dataset.testid = 'assign-provider-' + e.orderId;
      const reason = document.createElement('input');
      reason.placeholder = t('assignReason'); reason.dataset.testid = 'assign-reason-' + e.orderId;
      td.append(button(t('details'), 'details-' + e.orderId, () => showDetail(e.orderId)), provider, reason,
        button(t('assign'), 'assign-' + e.orderId, () => act(() => api('POST', '/dispatch/visits/' + e.orderId + '/assignment',
          { providerId: provider.value.trim(), reason: reason.value.trim() }), t('assigned', e.orderId.slice(0, 12)))));
      tr.append(td);
      body.append(tr);
    }
    if (!board.escalations.length) {
      const tr = document.createElement('tr'); const td = cell(t('noEscalations')); td.colSpan = 7; tr.append(td); body.append(tr);
    }
  }

  function renderVisits(board) {
    const body = $('#visits tbody');
    body.replaceChildren();
    for (const v of board.visits) {
      const tr = document.createElement('tr');
      tr.dataset.order = v.orderId;
      const order = cell('');
      order.append(button(v.orderId.slice(0, 12), 'visit-' + v.orderId, () => showDetail(v.orderId)));
      tr.append(order);
      [v.area, v.serviceCode, t('priority.' + v.priority), t('status.' + v.status), minutes(v.waitingSeconds), v.openOffers]
        .forEach((x) => tr.append(cell(x)));
      const flags = document.createElement('td');
      if (v.escalated) flags.append(badge(t('escalated'), 'escalated'));
      if (v.slaAtRisk) flags.append(badge(t('slaAtRisk'), 'risk'));
      tr.append(flags);
      body.append(tr);
    }
  }

  // --- the district drawn from coordinates: geohash cells, no map tiles -------------------------------------------
  const BASE32 = '0123456789bcdefghjkmnpqrstuvwxyz';
  function cellBounds(hash) {
    let lat = [-90, 90], lon = [-180, 180], even = true;
    for (const c of hash) {
      const bits = BASE32.indexOf(c);
      for (let i = 4; i >= 0; i--) {
        const range = even ? lon : lat;
        const mid = (range[0] + range[1]) / 2;
        if ((bits >> i) & 1) range[0] = mid; else range[1] = mid;
        even = !even;
      }
    }
    return { lat, lon };
  }

  function renderMap(board) {
    const svg = $('#map');
    svg.replaceChildren();
    const areas = new Map();
    for (const a of board.areas) areas.set(a.area, { queue: a, providers: 0 });
    for (const d of board.onDuty) {
      const entry = areas.get(d.area) || { queue: null, providers: 0 };
      entry.providers += d.available + d.busy;
      areas.set(d.area, entry);
    }
    if (!areas.size) return;
    const cells = [...areas.keys()].map((k) => [k, cellBounds(k)]);
    const minLat = Math.min(...cells.map(([, b]) => b.lat[0])), maxLat = Math.max(...cells.map(([, b]) => b.lat[1]));
    const minLon = Math.min(...cells.map(([, b]) => b.lon[0])), maxLon = Math.max(...cells.map(([, b]) => b.lon[1]));
    const scale = Math.min(620 / (maxLon - minLon), 400 / (maxLat - minLat));
    const ns = 'http://www.w3.org/2000/svg';
    for (const [key, b] of cells) {
      const info = areas.get(key);
      const waiting = info.queue ? info.queue.waiting + info.queue.offered : 0;
      const rect = document.createElementNS(ns, 'rect');
      rect.setAttribute('x', 10 + (b.lon[0] - minLon) * scale);
      rect.setAttribute('y', 10 + (maxLat - b.lat[1]) * scale);
      rect.setAttribute('width', (b.lon[1] - b.lon[0]) * scale);
      rect.setAttribute('height', (b.lat[1] - b.lat[0]) * scale);
      const heat = Math.min(1, waiting / 10);
      rect.setAttribute('fill', info.queue && info.queue.paused ? '#fde2e1' : `rgba(31, 78, 121, ${0.08 + heat * 0.5})`);
      rect.dataset.area = key;
      const label = document.createElementNS(ns, 'text');
      label.setAttribute('x', 16 + (b.lon[0] - minLon) * scale);
      label.setAttribute('y', 26 + (maxLat - b.lat[1]) * scale);
      label.textContent = t('mapCell', key, waiting, info.providers);
      svg.append(rect, label);
    }
  }

  async function showDetail(orderId) {
    state.selected = orderId;
    $('#detail').hidden = false;
    $('#detail-order').textContent = orderId;
    const list = $('#detail-timeline');
    list.replaceChildren();
    try {
      for (const step of await api('GET', '/dispatch/visits/' + orderId + '/timeline')) {
        const li = document.createElement('li');
        li.textContent = new Date(step.at).toLocaleTimeString(state.lang) + ' ' + t('event.' + step.type)
          + (step.providerId ? ' · ' + step.providerId : '') + (step.detail ? ' · ' + step.detail : '');
        list.append(li);
      }
    } catch (e) {
      say(t('failed', e.message), true);
    }
    const decision = $('#detail-decision');
    decision.replaceChildren();
    try {
      const d = await api('GET', '/dispatch/visits/' + orderId + '/decision');
      const p = document.createElement('p');
      p.textContent = t('decisionSummary', t('outcome.' + d.outcome), d.candidatesConsidered, d.radiusFactor);
      decision.append(p);
      const table = document.createElement('table');
      const head = document.createElement('tr');
      ['provider', 'eta', 'etaScore', 'continuity', 'fairness', 'total'].forEach((k) => {
        const th = document.createElement('th'); th.textContent = t(k); head.append(th);
      });
      table.append(head);
      for (const r of d.ranking) {
        const tr = document.createElement('tr');
        [r.providerId, t('minutes', r.etaMinutes), r.eta, r.continuity, r.fairness, r.total].forEach((v) => tr.append(cell(v)));
        table.append(tr);
      }
      decision.append(table);
      const ul = document.createElement('ul');
      for (const x of d.excluded) { const li = document.createElement('li'); li.textContent = x.providerId + ': ' + x.reason; ul.append(li); }
      decision.append(ul);
    } catch (e) {
      decision.textContent = t('noDecision');
    }
  }

  // --- start -----------------------------------------------------------------------------------------------------
  function showLogin(why) {
    $('#login').hidden = false;
    $('#console').hidden = true;
    if (why) say(why, true);
  }

  function start(token) {
    state.token = token;
    sessionStorage.setItem('cc.token', token);
    $('#login').hidden = true;
    $('#console').hidden = false;
    stream();
  }

  $('#lang').addEventListener('click', () => {
    state.lang = state.lang === 'zh-CN' ? 'en' : 'zh-CN';
    localStorage.setItem('cc.lang', state.lang);
    loadMessages();
  });
  $('#connect').addEventListener('click', () => start($('#token').value.trim()));

  loadMessages().then(() => {
    const fromFragment = new URLSearchParams(location.hash.slice(1)).get('token');
    if (fromFragment) history.replaceState(null, '', location.pathname);
    const token = fromFragment || sessionStorage.getItem('cc.token');
    if (token) start(token); else showLogin();
  });
})();
