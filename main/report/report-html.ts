/**
 * The consultant's report: ONE self-contained HTML file (inline CSS, JS and SVG; no external
 * asset, no network) that opens in any browser. Summary first (counts by cause, with a bar
 * chart), then the checks, then the users in a sortable, filterable, paginated table that
 * stays fast with tens of thousands of rows (only one page is in the DOM).
 *
 * Everything from the directory is untrusted text: it is HTML-escaped where it is written
 * into markup, and the table data travels as JSON inside a script element with `<` written
 * as \u003c, so no value can close the element; the script puts it in the page with
 * textContent only.
 */
import type { Check } from '../../shared/checks';
import type { CauseCount } from '../../shared/checks';
import { contextRows } from './report-context';
import type { ReportModel } from './report-model';
import type { DirectorySummary } from '../assess/directory-summaries';
import type { ReportVerify } from './report-verify';

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON that is safe inside <script type="application/json">: no `<`, `>`, `&`, U+2028/9 literally. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

const statusClass: Record<Check['status'], string> = {
  pass: 'pass',
  warn: 'warn',
  fail: 'fail',
  unknown: 'unknown',
};

function barChart(causes: readonly CauseCount[]): string {
  if (causes.length === 0) return '<p>No blockers and no warnings.</p>';
  const max = Math.max(...causes.map((c) => c.users));
  const rowHeight = 26;
  const labelWidth = 300;
  const barWidth = 420;
  const height = causes.length * rowHeight + 8;
  const bars = causes
    .map((c, i) => {
      const y = 4 + i * rowHeight;
      const w = Math.max(2, Math.round((c.users / max) * barWidth));
      const fill = c.severity === 'blocker' ? '#c62828' : '#ef8f00';
      return (
        `<text x="${labelWidth - 8}" y="${y + 17}" text-anchor="end">${escapeHtml(c.label)}</text>` +
        `<rect x="${labelWidth}" y="${y + 3}" width="${w}" height="${rowHeight - 8}" fill="${fill}"><title>${escapeHtml(`${c.label}: ${c.users} users (${c.severity})`)}</title></rect>` +
        `<text x="${labelWidth + w + 6}" y="${y + 17}">${c.users.toLocaleString('en-US')}</text>`
      );
    })
    .join('');
  return `<svg role="img" aria-label="Users by cause" width="${labelWidth + barWidth + 90}" height="${height}" viewBox="0 0 ${labelWidth + barWidth + 90} ${height}" font-size="13" font-family="Segoe UI, Arial, sans-serif">${bars}</svg>`;
}

function checksTable(checks: readonly Check[], byDirectory = false): string {
  const where = (c: Check) =>
    byDirectory ? `<td>${escapeHtml(c.directory?.domain ?? 'all')}</td>` : '';
  const rows = checks
    .map(
      (c) =>
        `<tr><td><span class="badge ${statusClass[c.status]}">${escapeHtml(c.status.toUpperCase())}</span></td>${where(c)}<td>${escapeHtml(c.title)}</td><td>${escapeHtml(c.message)}</td><td>${escapeHtml(c.fix)}</td></tr>`,
    )
    .join('');
  const head = byDirectory ? '<th>Directory</th>' : '';
  return `<table class="checks"><thead><tr><th>Status</th>${head}<th>Check</th><th>Finding</th><th>Fix</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** A run over several directories: one row per directory, as its own summary says. */
function directoriesTable(directories: readonly DirectorySummary[]): string {
  const n = (value: number | undefined) =>
    value === undefined ? 'not read' : value.toLocaleString('en-US');
  const rows = directories
    .map(
      (d) =>
        `<tr><td>${escapeHtml(d.forest)}</td><td>${escapeHtml(d.domain)}</td><td>${escapeHtml(d.dc)}</td><td>${n(d.usersScanned)}</td><td>${n(d.blockedUsers)}</td><td>${n(d.warnedUsers)}</td><td>${d.checks.fail}</td><td>${d.checks.unknown}</td></tr>`,
    )
    .join('');
  return `<h2>Directories</h2>
<table class="directories"><thead><tr><th>Forest</th><th>Domain</th><th>DC</th><th>Users assessed</th><th>Writeback would fail for</th><th>With warnings</th><th>Failed checks</th><th>Not assessed checks</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** The users table's directory filter: every domain assessed or a listed user is in. */
function directoryFilter(model: ReportModel): string {
  if (model.directories === undefined) return '';
  const users = [...model.blockers, ...model.warnings];
  const domains = new Set([
    ...model.directories.map((d) => d.domain),
    ...users.flatMap((u) => (u.directory ? [u.directory.domain] : [])),
  ]);
  const options = [...domains]
    .sort()
    .map((d) => `<option value="${escapeHtml(d)}">${escapeHtml(d)}</option>`)
    .join('');
  return `<select id="directory" aria-label="Directory"><option value="">All directories</option>${options}</select>`;
}

const STYLE = `
body{font-family:"Segoe UI",Arial,sans-serif;margin:24px;color:#1b1b1b;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
.meta{color:#555;font-size:13px}.about{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px}.about dt{font-weight:600}.about dd{margin:0}.cards{display:flex;gap:12px;margin:14px 0}
.card{border:1px solid #ddd;border-radius:6px;padding:10px 16px;min-width:140px}.card b{display:block;font-size:24px}
.card.card-bad b{color:#c62828}.card.card-warn b{color:#b86e00}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{border-bottom:1px solid #e5e5e5;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#f4f4f4;position:sticky;top:0}th.sortable{cursor:pointer;user-select:none}th.sortable:hover{background:#e8e8e8}
.badge{display:inline-block;border-radius:3px;padding:1px 6px;font-size:11px;font-weight:600;color:#fff}
.pass{background:#2e7d32}.warn{background:#ef8f00}.fail,.blocker{background:#c62828}.unknown{background:#757575}.warning{background:#ef8f00}
.controls{display:flex;gap:8px;align-items:center;margin:8px 0;flex-wrap:wrap}input,select,button{font:inherit;font-size:13px;padding:3px 6px}
.dn{color:#555;font-size:12px;overflow-wrap:anywhere}table.users td:nth-child(2){min-width:240px;max-width:320px}table.users td:nth-child(4){min-width:260px}td.code{white-space:nowrap;font-family:Consolas,monospace}pre.by-hand{white-space:pre-wrap;overflow-wrap:anywhere;font-family:Consolas,monospace;background:#f6f6f6;padding:8px}
.legend span{display:inline-block;width:10px;height:10px;margin:0 4px 0 12px}
`;

/** The table script: filter (text, cause, severity), sort by column, paginate. Uses textContent only. */
const SCRIPT = `
(function(){
var data=JSON.parse(document.getElementById('report-data').textContent);
var rows=[];
data.users.forEach(function(u){u.reasons.forEach(function(r){rows.push({severity:u.severity,domain:u.directory?u.directory.domain:'',sAMAccountName:u.sAMAccountName,dn:u.dn,code:r.code,message:r.message,fix:r.fix});});});
var q=document.getElementById('q'),cause=document.getElementById('cause'),sev=document.getElementById('severity'),dir=document.getElementById('directory');
var body=document.getElementById('rows'),info=document.getElementById('info'),pageSize=100,page=0,sortKey='sAMAccountName',sortDir=1,view=rows;
function apply(){var t=q.value.toLowerCase(),c=cause.value,s=sev.value,d=dir?dir.value:'';
view=rows.filter(function(r){return (!c||r.code===c)&&(!s||r.severity===s)&&(!d||r.domain===d)&&(!t||(r.sAMAccountName+' '+r.dn+' '+r.message).toLowerCase().indexOf(t)>=0);});
view.sort(function(a,b){return a[sortKey]<b[sortKey]?-sortDir:a[sortKey]>b[sortKey]?sortDir:0;});page=0;render();}
function cell(tr,text,cls){var td=document.createElement('td');if(cls)td.className=cls;td.textContent=text;tr.appendChild(td);return td;}
function render(){var pages=Math.max(1,Math.ceil(view.length/pageSize));if(page>=pages)page=pages-1;
var frag=document.createDocumentFragment();view.slice(page*pageSize,(page+1)*pageSize).forEach(function(r){var tr=document.createElement('tr');
var sv=cell(tr,'');var b=document.createElement('span');b.className='badge '+r.severity;b.textContent=r.severity;sv.appendChild(b);
if(dir)cell(tr,r.domain);
var who=cell(tr,r.sAMAccountName);var dn=document.createElement('div');dn.className='dn';dn.textContent=r.dn;who.appendChild(dn);
cell(tr,r.code,'code');cell(tr,r.message);cell(tr,r.fix);frag.appendChild(tr);});
body.replaceChildren(frag);info.textContent=view.length.toLocaleString('en-US')+' of '+rows.length.toLocaleString('en-US')+' rows, page '+(page+1)+' of '+pages;}
document.querySelectorAll('th.sortable').forEach(function(th){th.addEventListener('click',function(){var k=th.getAttribute('data-key');sortDir=(k===sortKey)?-sortDir:1;sortKey=k;
document.querySelectorAll('th.sortable').forEach(function(o){o.textContent=o.getAttribute('data-label')+(o===th?(sortDir>0?' \\u25B2':' \\u25BC'):'');});apply();});});
q.addEventListener('input',apply);cause.addEventListener('change',apply);sev.addEventListener('change',apply);if(dir)dir.addEventListener('change',apply);
document.getElementById('prev').addEventListener('click',function(){if(page>0){page--;render();}});
document.getElementById('next').addEventListener('click',function(){page++;render();});
apply();})();
`;

export function reportHtml(model: ReportModel): string {
  const blockedUsers = model.blockers.length;
  const warnedUsers = model.warnings.length;
  const users = [
    ...model.blockers.map((u) => ({ severity: 'blocker', ...u })),
    ...model.warnings.map((u) => ({ severity: 'warning', ...u })),
  ];
  const options = model.causes
    .map(
      (c) =>
        `<option value="${escapeHtml(c.code)}">${escapeHtml(`${c.label} (${c.users})`)}</option>`,
    )
    .join('');
  const byDirectory = model.directories !== undefined;
  const columns = [
    ['severity', 'Severity'],
    ...(byDirectory ? [['domain', 'Directory']] : []),
    ['sAMAccountName', 'User'],
    ['code', 'Cause'],
    ['message', 'Why'],
    ['fix', 'Fix'],
  ]
    .map(
      ([key, label]) =>
        `<th class="sortable" data-key="${key}" data-label="${label}">${label}</th>`,
    )
    .join('');
  const failing = model.checks.filter((c) => c.status === 'fail').length;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>Password writeback readiness</title><style>${STYLE}</style></head><body>
<h1>Password writeback readiness</h1>
${aboutThisReport(model)}
<h2>Summary</h2>
<div class="cards">
<div class="card"><b>${model.usersScanned === undefined ? 'n/a' : model.usersScanned.toLocaleString('en-US')}</b>users assessed</div>
<div class="card card-bad"><b>${blockedUsers.toLocaleString('en-US')}</b>users writeback would fail for</div>
<div class="card card-warn"><b>${warnedUsers.toLocaleString('en-US')}</b>users with warnings</div>
<div class="card card-bad"><b>${failing}</b>failed checks</div>
</div>
<div class="legend">Users by cause:<span class="blocker"></span>blocker (writeback fails)<span class="warning"></span>warning (works, but unexpectedly)</div>
${barChart(model.causes)}
${model.directories ? directoriesTable(model.directories) : ''}
<h2>Checks</h2>
${checksTable(model.checks, byDirectory)}
${model.verify ? verifySection(model.verify) : ''}
<h2>Users</h2>
<div class="controls"><input id="q" type="search" placeholder="Filter by name, DN or text" size="36" aria-label="Filter">
<select id="cause" aria-label="Cause"><option value="">All causes</option>${options}</select>
${directoryFilter(model)}<select id="severity" aria-label="Severity"><option value="">Blockers and warnings</option><option value="blocker">Blockers</option><option value="warning">Warnings</option></select>
<button id="prev" type="button">&#9664; Previous</button><button id="next" type="button">Next &#9654;</button><span id="info"></span></div>
<table class="users"><thead><tr>${columns}</tr></thead><tbody id="rows"></tbody></table>
<script type="application/json" id="report-data">${jsonForScript({ users })}</script>
<script>${SCRIPT}</script>
</body></html>
`;
}

const seconds = (ms: number | undefined) => (ms === undefined ? '' : `${(ms / 1000).toFixed(1)} s`);

/** The verify run: its checks, each writable DC's convergence, the Connect server's events. */
function verifySection(verify: ReportVerify): string {
  const dcRows = verify.dcs
    .map(
      (dc) =>
        `<tr><td>${escapeHtml(dc.dc)}</td><td>${escapeHtml(dc.seenAfterMs === undefined ? `not seen${dc.error ? ` (${dc.error})` : ''}` : seconds(dc.seenAfterMs))}</td><td>${escapeHtml(seconds(dc.convergedAfterMs))}</td><td>${dc.originating ? 'yes' : ''}</td></tr>`,
    )
    .join('');
  const eventRows = verify.events
    .map(
      (e) =>
        `<tr><td>${escapeHtml(e.at)}</td><td>${escapeHtml(`${e.source} ${e.id} ${e.name}`)}</td><td>${escapeHtml(e.meaning)}</td><td>${escapeHtml(e.outcome === 'failure' ? e.step : '')}</td></tr>`,
    )
    .join('');
  return `<h2 id="verify">Proof that writeback works (verify)</h2>
<div class="meta">Verified ${escapeHtml(verify.generatedAt)}.</div>
${verify.checks.length === 0 ? '' : checksTable(verify.checks)}
${byHandBlocks(verify)}
${dcRows === '' ? '' : `<table class="verify-dcs"><caption>The canary's new password on each writable DC</caption><thead><tr><th>Domain controller</th><th>Seen after the reset request</th><th>After the first DC</th><th>The write landed here</th></tr></thead><tbody>${dcRows}</tbody></table>`}
${eventRows === '' ? '' : `<table class="verify-events"><caption>The Connect server's password writeback events</caption><thead><tr><th>When (UTC)</th><th>Event</th><th>What it means</th><th>Step that fixes it</th></tr></thead><tbody>${eventRows}</tbody></table>`}`;
}

/** The Connect server's checks that could not run: the PowerShell to run there by hand. */
function byHandBlocks(verify: ReportVerify): string {
  const blocks = [
    ["The Connect server's writeback events, by hand", verify.byHand?.events],
    ['Connectivity from the Connect server, by hand', verify.byHand?.connectivity],
  ] as const;
  return blocks
    .filter(([, script]) => script !== undefined)
    .map(
      ([title, script]) =>
        `<h3>${escapeHtml(title)}</h3><p>Run in PowerShell on the Connect server:</p><pre class="by-hand">${escapeHtml(script!)}</pre>`,
    )
    .join('\n');
}

/** The metadata block: the context when the app saved the report, else the generation time. */
function aboutThisReport(model: ReportModel): string {
  if (!model.context) {
    return `<div class="meta">Generated ${escapeHtml(model.generatedAt)} by Writeback Wizard (read-only assessment).</div>`;
  }
  const rows = contextRows(model.context)
    .map(([label, value]) => `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>`)
    .join('');
  return `<dl class="meta about">${rows}</dl>`;
}
