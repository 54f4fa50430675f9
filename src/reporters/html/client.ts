/**
 * The page's script: filters and groups the findings of the `kh-data` JSON and renders them. Text from
 * the report only ever reaches the page through textContent and setAttribute, never as markup. Groups are
 * rendered closed, a page of groups at a time, and a group's findings only when it is opened: a report of
 * tens of thousands of findings opens as fast as a small one. Written as plain ES2017 (no build step), and
 * kept free of backticks so that it can live in this template string; the browser test runs it.
 */
export const CLIENT_SCRIPT = String.raw`
(function () {
  'use strict';
  var dataElement = document.getElementById('kh-data');
  var data = JSON.parse(dataElement ? dataElement.textContent || '{}' : '{}');
  var controls = data.controls || [], resources = data.resources || [], findings = data.findings || [], excerpts = data.excerpts || [];
  var SEVERITIES = ['critical', 'high', 'medium', 'low'];
  var STATUSES = ['failed', 'warning', 'suppressed'];
  var GROUP_PAGE = 100, ROW_PAGE = 100;

  function byId(id) { return document.getElementById(id); }

  /** An element with attributes and children; strings become text nodes, never markup. */
  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    if (attributes) {
      for (var name in attributes) {
        if (Object.prototype.hasOwnProperty.call(attributes, name) && attributes[name] !== undefined && attributes[name] !== null) {
          node.setAttribute(name, String(attributes[name]));
        }
      }
    }
    (children || []).forEach(function (child) {
      if (child === null || child === undefined || child === '') return;
      node.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
    });
    return node;
  }

  function plural(n, word) { return n.toLocaleString('en-US') + ' ' + word + (n === 1 ? '' : 's'); }
  function badge(kind, text) { return el('span', { 'class': 'badge ' + kind }, [text]); }
  function resourceLabel(r) { return r[0] + '/' + (r[1] && r[0] !== 'Namespace' ? r[1] + '/' : '') + r[2]; }
  function location(f, r) {
    if (!r[4]) return 'no location (not in the input)';
    return f[3] ? r[4] + ':' + f[3] + ':' + f[4] : r[4];
  }

  // Rows of the controls and workloads tables, filtered by their data-* attribute; a section's heading row
  // is hidden with the last of its rows.
  function rowFilter(selectId, tableId, attribute) {
    var select = byId(selectId), table = byId(tableId);
    if (!select || !table) return;
    select.addEventListener('change', function () {
      for (var b = 0; b < table.tBodies.length; b++) {
        var rows = table.tBodies[b].rows, heading = null, visible = 0;
        for (var i = 0; i < rows.length; i++) {
          if (!rows[i].hasAttribute(attribute)) { heading = rows[i]; continue; }
          rows[i].hidden = select.value !== '' && rows[i].getAttribute(attribute) !== select.value;
          if (!rows[i].hidden) visible++;
        }
        if (heading) heading.hidden = visible === 0;
      }
    });
  }
  rowFilter('kh-control-status', 'kh-controls-table', 'data-status');
  rowFilter('kh-pss-level', 'kh-workloads-table', 'data-level');

  var form = byId('kh-filters');
  if (!form) return;
  var groupsElement = byId('kh-groups'), countElement = byId('kh-count');
  var current = { groups: [], shown: 0, groupBy: 'control' };
  var haystacks = null;

  function query() {
    var group = form.querySelector('input[name=group]:checked');
    return {
      severity: byId('kh-severity').value,
      namespace: byId('kh-namespace').value,
      control: byId('kh-control').value,
      status: byId('kh-status').value,
      text: byId('kh-text').value.trim().toLowerCase(),
      groupBy: group ? group.value : 'control'
    };
  }

  function haystack(i) {
    if (!haystacks) haystacks = new Array(findings.length);
    var text = haystacks[i];
    if (text === undefined) {
      var f = findings[i], r = resources[f[1]];
      text = haystacks[i] = [resourceLabel(r), r[4], f[5], f[6], f[7], controls[f[0]][0], controls[f[0]][1]].join('\n').toLowerCase();
    }
    return text;
  }

  function matches(i, q) {
    var f = findings[i], c = controls[f[0]];
    if (q.severity && c[2] !== q.severity) return false;
    if (q.control && c[0] !== q.control) return false;
    if (q.status && STATUSES[f[2]] !== q.status) return false;
    if (q.namespace !== '*' && resources[f[1]][1] !== q.namespace) return false;
    if (q.text && haystack(i).indexOf(q.text) < 0) return false;
    return true;
  }

  function apply() {
    var q = query();
    var groups = new Map();
    var total = 0;
    for (var i = 0; i < findings.length; i++) {
      if (!matches(i, q)) continue;
      total++;
      var key = q.groupBy === 'control' ? findings[i][0] : findings[i][1];
      var list = groups.get(key);
      if (!list) groups.set(key, (list = []));
      list.push(i);
    }
    var ordered = Array.from(groups.entries());
    if (q.groupBy === 'control') {
      ordered.sort(function (a, b) {
        return SEVERITIES.indexOf(controls[a[0]][2]) - SEVERITIES.indexOf(controls[b[0]][2]) || a[0] - b[0];
      });
    } else {
      ordered.sort(function (a, b) { return a[0] - b[0]; });
    }
    current = { groups: ordered, shown: 0, groupBy: q.groupBy };
    groupsElement.textContent = '';
    var active = [];
    if (q.severity) active.push('severity ' + q.severity);
    if (q.namespace !== '*') active.push('namespace ' + (q.namespace || '(cluster-scoped or none)'));
    if (q.control) active.push('control ' + q.control);
    if (q.status) active.push('status ' + q.status);
    if (q.text) active.push('text "' + q.text + '"');
    countElement.textContent = (total === findings.length ? 'All ' : '') + plural(total, 'finding') +
      (total === findings.length ? '' : ' of ' + findings.length.toLocaleString('en-US')) +
      (active.length ? ' (' + active.join(', ') + ')' : '') + ' in ' + plural(ordered.length, 'group') + ' by ' + q.groupBy + '.';
    countElement.setAttribute('data-count', String(total));
    renderMoreGroups();
  }

  function renderMoreGroups() {
    var old = byId('kh-more-groups');
    if (old) old.parentNode.removeChild(old);
    var end = Math.min(current.groups.length, current.shown + GROUP_PAGE);
    var fragment = document.createDocumentFragment();
    for (var g = current.shown; g < end; g++) fragment.appendChild(groupElement(current.groups[g][0], current.groups[g][1], current.groupBy));
    current.shown = end;
    groupsElement.appendChild(fragment);
    var left = current.groups.length - end;
    if (left > 0) {
      var more = el('button', { type: 'button', id: 'kh-more-groups', 'class': 'more' }, ['Show ' + Math.min(left, GROUP_PAGE) + ' more groups (' + left.toLocaleString('en-US') + ' not shown)']);
      more.addEventListener('click', renderMoreGroups);
      groupsElement.appendChild(more);
    }
  }

  function severityCounts(indices) {
    var counts = [0, 0, 0, 0];
    indices.forEach(function (i) { counts[SEVERITIES.indexOf(controls[findings[i][0]][2])]++; });
    return el('span', { 'class': 'counts' }, counts.map(function (n, s) {
      return n ? badge('sev-' + SEVERITIES[s], n + ' ' + SEVERITIES[s]) : null;
    }));
  }

  function groupElement(key, indices, groupBy) {
    var title;
    if (groupBy === 'control') {
      var c = controls[key];
      title = [el('code', null, [c[0]]), ' ', el('span', { 'class': 'title' }, [c[1]]), ' ', badge('sev-' + c[2], c[2])];
    } else {
      var r = resources[key];
      title = [el('span', { 'class': 'title' }, [resourceLabel(r)]), ' ', el('span', { 'class': 'muted mono' }, [r[4] || 'not in the input'])];
    }
    var summary = el('summary', null, title.concat([' ', el('span', { 'class': 'muted' }, ['(' + plural(indices.length, 'finding') + ')']), severityCounts(indices)]));
    var details = el('details', { 'class': 'group', 'data-key': String(key) }, [summary]);
    details.addEventListener('toggle', function () {
      if (details.open && !details.getAttribute('data-rendered')) renderGroupBody(details, key, indices, groupBy);
    });
    return details;
  }

  function renderGroupBody(details, key, indices, groupBy) {
    details.setAttribute('data-rendered', '1');
    var body = el('div', { 'class': 'group-body' });
    if (groupBy === 'control' && controls[key][4]) {
      body.appendChild(el('p', { 'class': 'remediation' }, [el('strong', null, ['How to fix: ']), controls[key][4]]));
    }
    var tbody = el('tbody');
    var head = el('thead', null, [el('tr', null, [
      el('th', { scope: 'col' }, ['Severity']),
      el('th', { scope: 'col' }, [groupBy === 'control' ? 'Resource' : 'Control']),
      el('th', { scope: 'col' }, ['Location']),
      el('th', { scope: 'col' }, ['Finding'])
    ])]);
    body.appendChild(el('table', { 'class': 'findings' }, [head, tbody]));
    details.appendChild(body);
    var shown = 0;
    function more() {
      var end = Math.min(indices.length, shown + ROW_PAGE);
      var fragment = document.createDocumentFragment();
      for (var n = shown; n < end; n++) fragment.appendChild(findingRow(indices[n], groupBy));
      tbody.appendChild(fragment);
      shown = end;
      var old = body.querySelector('button.more');
      if (old) body.removeChild(old);
      if (shown < indices.length) {
        var button = el('button', { type: 'button', 'class': 'more' }, ['Show ' + Math.min(ROW_PAGE, indices.length - shown) + ' more findings (' + (indices.length - shown).toLocaleString('en-US') + ' not shown)']);
        button.addEventListener('click', more);
        body.appendChild(button);
      }
    }
    more();
  }

  function excerptElement(x, file) {
    var code = el('code');
    x[3].forEach(function (line, n) {
      var number = x[1] + n;
      code.appendChild(el('span', { 'class': number === x[2] ? 'line focus' : 'line' }, [el('span', { 'class': 'ln', 'aria-hidden': 'true' }, [number]), line]));
    });
    var label = 'Lines ' + x[1] + ' to ' + (x[1] + x[3].length - 1) + ' of ' + x[0] + ', line ' + x[2] + ' highlighted';
    var nodes = [el('pre', { 'class': 'excerpt', 'aria-label': label, tabindex: '0' }, [code])];
    var notes = [];
    if (x[0] !== file) notes.push('Lines of the rendered stream ' + x[0] + '.');
    if (x[4]) notes.push('Values that look like credentials are masked.');
    if (notes.length) nodes.push(el('p', { 'class': 'note' }, [notes.join(' ')]));
    return nodes;
  }

  function findingRow(i, groupBy) {
    var f = findings[i], c = controls[f[0]], r = resources[f[1]];
    var severity = [badge('sev-' + c[2], c[2])];
    if (f[2] !== 0) severity.push(' ', badge('st-' + STATUSES[f[2]], STATUSES[f[2]]));
    var what = groupBy === 'control'
      ? [resourceLabel(r)].concat(f[7] ? [el('span', { 'class': 'reason' }, ['container ' + f[7]])] : [])
      : [el('code', null, [c[0]]), ' ', c[1]].concat(f[7] ? [el('span', { 'class': 'reason' }, ['container ' + f[7]])] : []);
    var message = [el('div', null, [f[6]]), el('div', { 'class': 'reason mono' }, [f[5] + (f[10] ? '' : ' (missing; shown where it belongs)')])];
    if (f[9]) message.push(el('div', { 'class': 'reason' }, ['Suppressed by ' + f[9]]));
    if (f[8] >= 0) message = message.concat(excerptElement(excerpts[f[8]], r[4]));
    return el('tr', { 'data-finding': String(i), 'data-severity': c[2], 'data-namespace': r[1], 'data-control': c[0], 'data-status': STATUSES[f[2]] }, [
      el('td', null, severity),
      el('td', null, what),
      el('td', { 'class': 'mono' }, [location(f, r)]),
      el('td', null, message)
    ]);
  }

  // Expand opens the groups on screen with their first page of findings, so that it stays quick on a
  // report of tens of thousands; printing renders every group and every finding of the current filter.
  function renderAll(open, everything) {
    if (everything) while (current.shown < current.groups.length) renderMoreGroups();
    var groups = groupsElement.querySelectorAll('details.group');
    for (var g = 0; g < groups.length; g++) {
      if (open && !groups[g].open) {
        groups[g].open = true;
        if (!groups[g].getAttribute('data-rendered')) {
          var entry = current.groups[g];
          renderGroupBody(groups[g], entry[0], entry[1], current.groupBy);
        }
      } else if (!open) groups[g].open = false;
      var button;
      while (everything && (button = groups[g].querySelector('.group-body button.more'))) button.click();
    }
  }

  var timer = 0;
  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(apply, 150);
  }
  form.addEventListener('change', apply);
  byId('kh-text').addEventListener('input', schedule);
  form.addEventListener('submit', function (event) { event.preventDefault(); apply(); });
  form.addEventListener('reset', function () { setTimeout(apply, 0); });
  byId('kh-expand').addEventListener('click', function () { renderAll(true, false); });
  byId('kh-collapse').addEventListener('click', function () { renderAll(false, false); });
  window.addEventListener('beforeprint', function () { renderAll(true, true); });

  var buttons = document.querySelectorAll('button[data-show-control]');
  for (var b = 0; b < buttons.length; b++) {
    buttons[b].addEventListener('click', function (event) {
      ['kh-severity', 'kh-status', 'kh-text'].forEach(function (id) { byId(id).value = ''; });
      byId('kh-namespace').value = '*';
      byId('kh-control').value = event.currentTarget.getAttribute('data-show-control');
      apply();
      var first = groupsElement.querySelector('details.group');
      if (first) {
        first.open = true;
        first.querySelector('summary').focus();
      }
      byId('findings').scrollIntoView();
    });
  }
  apply();
})();
`;
