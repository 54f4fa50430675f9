/** The page's only style sheet, inlined (the Content-Security-Policy allows inline styles and nothing else). */
export const STYLES = `
:root { --fg: #1d1d1f; --muted: #5a5a5f; --line: #d9d9de; --bg-alt: #f5f5f7; --accent: #1f5fa8; --focus: #1f5fa8;
  --critical: #6a1b9a; --high: #b3261e; --medium: #a84f00; --low: #1f5fa8; --passed: #1b7a3d; --failed: #b3261e;
  --not-evaluated: #6b6b6b; --manual: #1f5fa8; --restricted: #1b7a3d; --baseline: #a84f00; --privileged: #b3261e; }
* { box-sizing: border-box; }
html { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", Arial, sans-serif; color: var(--fg); background: #fff; }
body { margin: 0; }
a { color: var(--accent); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.skip { position: absolute; left: -9999px; top: 0; background: #fff; padding: .5rem 1rem; z-index: 10; }
.skip:focus { left: .5rem; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
ul.plain { list-style: none; padding: 0; margin: 0; } ul.plain li { margin: .3rem 0; }
header.page { padding: 1.25rem 2rem .75rem; border-bottom: 1px solid var(--line); }
header.page h1 { margin: 0 0 .25rem; font-size: 1.6rem; }
header.page p { margin: .1rem 0; color: var(--muted); }
nav.toc { position: sticky; top: 0; z-index: 5; background: #fff; border-bottom: 1px solid var(--line); padding: .4rem 2rem; }
nav.toc ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; }
main { padding: 0 2rem 3rem; max-width: 1400px; }
footer.page { padding: 0 2rem 1rem; }
section { margin-top: 2rem; }
h2 { font-size: 1.3rem; border-bottom: 2px solid var(--fg); padding-bottom: .2rem; margin-bottom: .75rem; }
h3 { font-size: 1.05rem; margin: 1rem 0 .5rem; }
.banner { margin: 1rem 0 0; padding: .75rem 1rem; border-left: 6px solid var(--failed); background: #fdecea; }
.cards { display: flex; flex-wrap: wrap; gap: 1rem; align-items: stretch; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: .75rem 1rem; background: #fff; flex: 1 1 0; min-width: 240px; }
.card svg.bars { max-width: 100%; height: auto; }
.card h3 { margin-top: 0; font-size: .95rem; color: var(--muted); font-weight: 600; }
.card .big { font-size: 2rem; font-weight: 700; line-height: 1.1; }
.card p { margin: .25rem 0; }
.ring .ring-value { font-size: 26px; font-weight: 700; fill: var(--fg); }
.ring .ring-label, svg .legend { font-size: 12px; fill: var(--muted); }
svg .bar-label { font-size: 13px; fill: var(--fg); }
svg .bar-count { font-size: 11px; fill: #fff; font-weight: 700; }
svg .bar-count-out, svg .bar-score { font-size: 13px; fill: var(--fg); font-weight: 600; }
.chart-wrap { max-width: 760px; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
caption { text-align: left; color: var(--muted); padding: .25rem 0; caption-side: top; }
th, td { text-align: left; vertical-align: top; padding: .35rem .5rem; border-bottom: 1px solid var(--line); }
thead th { background: var(--bg-alt); position: sticky; top: 2.2rem; z-index: 1; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tbody th code, td button, .badge { white-space: nowrap; }
tbody tr:nth-child(even) { background: #fafafa; }
tr.section-row th { background: #e8eef7; font-size: 1.02em; padding-top: .6rem; }
code, pre, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; font-size: .87em; }
.badge { display: inline-block; padding: 0 .45em; border-radius: 4px; color: #fff; font-size: .82em; font-weight: 700; white-space: nowrap; line-height: 1.6; }
.sev-critical { background: var(--critical); } .sev-high { background: var(--high); }
.sev-medium { background: var(--medium); } .sev-low { background: var(--low); }
.st-passed { background: var(--passed); } .st-failed { background: var(--failed); }
.st-not-evaluated { background: var(--not-evaluated); } .st-manual { background: var(--manual); }
.st-warning { background: var(--medium); } .st-suppressed { background: var(--not-evaluated); }
.pss-restricted { background: var(--restricted); } .pss-baseline { background: var(--baseline); } .pss-privileged { background: var(--privileged); }
.muted { color: var(--muted); }
.reason { display: block; color: var(--muted); font-size: .88em; }
.filters { display: flex; flex-wrap: wrap; gap: .75rem 1.25rem; align-items: flex-end; padding: .75rem 1rem; background: var(--bg-alt); border-radius: 8px; }
.filters label, .filters legend { display: block; font-size: .85em; font-weight: 600; color: var(--muted); }
.filters select, .filters input[type=search] { font: inherit; padding: .25rem .4rem; min-width: 11rem; max-width: 22rem; }
.filters fieldset { border: 0; margin: 0; padding: 0; }
.filters fieldset label { display: inline; font-weight: 400; color: var(--fg); margin-right: .6rem; font-size: 1em; }
button { font: inherit; padding: .25rem .7rem; border: 1px solid #8a8a90; border-radius: 4px; background: #fff; cursor: pointer; }
button:hover { background: var(--bg-alt); }
.toolbar { display: flex; gap: .5rem; align-items: center; flex-wrap: wrap; margin: .75rem 0; }
.toolbar .count { font-weight: 600; margin-right: auto; }
details.group { border: 1px solid var(--line); border-radius: 6px; margin: .4rem 0; }
details.group > summary { padding: .45rem .75rem; cursor: pointer; display: flex; gap: .5rem; align-items: baseline; flex-wrap: wrap; }
details.group > summary .title { font-weight: 600; }
details.group > summary .counts { margin-left: auto; display: flex; gap: .25rem; }
details.group[open] > summary { border-bottom: 1px solid var(--line); background: var(--bg-alt); }
.group-body { padding: .5rem .75rem; }
.group-body table { margin: 0; }
.remediation { margin: .25rem 0 .5rem; }
pre.excerpt { margin: .4rem 0 0; padding: .35rem 0; background: #f7f7f9; border: 1px solid var(--line); border-radius: 4px; overflow-x: auto; white-space: pre; }
pre.excerpt .line { display: block; padding: 0 .6rem 0 0; }
pre.excerpt .ln { display: inline-block; min-width: 3.5em; padding-right: .6em; text-align: right; color: var(--muted); user-select: none; }
pre.excerpt .focus { background: #fff1c2; font-weight: 600; }
.note { font-size: .85em; color: var(--muted); }
.checklist { list-style: none; padding: 0; }
.checklist li { border-bottom: 1px solid var(--line); padding: .5rem 0; display: grid; grid-template-columns: 1.6rem 1fr; gap: 0 .4rem; }
.checklist input { margin-top: .3rem; width: 1.05rem; height: 1.05rem; }
.checklist label { font-weight: 600; }
.checklist p { grid-column: 2; margin: .15rem 0; }
.more { margin: .5rem 0; }
[hidden] { display: none !important; }
@media print {
  @page { margin: 14mm; }
  html { font-size: 10.5pt; }
  nav.toc, .skip, .filters, .toolbar button, button.more, .no-print, noscript { display: none !important; }
  main, header.page { padding: 0; max-width: none; }
  section { break-before: auto; }
  h2 { break-after: avoid; }
  thead th { position: static; }
  tr, details.group > summary, pre.excerpt, .card, .checklist li { break-inside: avoid; }
  .badge, pre.excerpt .focus, thead th { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
  details.group { border: 0; border-top: 1px solid var(--line); border-radius: 0; }
}
`;
