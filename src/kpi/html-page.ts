import { esc } from './svg-chart.js';

/** A self-contained HTML document: inline styles only, nothing fetched. */
export function htmlPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;color:#1a202c;max-width:960px;margin:24px auto;padding:0 16px;line-height:1.45}
h1{font-size:24px;margin-bottom:4px}h2{font-size:18px;margin-top:28px;border-bottom:1px solid #e2e8f0;padding-bottom:4px}
table{border-collapse:collapse;font-size:13px;margin:8px 0}th,td{border:1px solid #e2e8f0;padding:3px 8px;text-align:right}
th{background:#f7fafc}td:first-child,th:first-child{text-align:left}code{background:#f7fafc;padding:1px 4px}
.meta{color:#4a5568;font-size:14px}.ok{color:#276749;font-weight:600}.bad{color:#c53030;font-weight:700}
.note{background:#fffbea;border-left:4px solid #d69e2e;padding:8px 12px}figure{margin:12px 0}
</style></head><body>
${body}
</body></html>
`;
}

/** A table; cells are escaped, so callers pass plain text. */
export function htmlTable(
  header: readonly string[],
  rows: readonly (readonly (string | number)[])[],
): string {
  const th = header.map((h) => `<th>${esc(h)}</th>`).join('');
  const tr = rows.map((r) => `<tr>${r.map((c) => `<td>${esc(String(c))}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${th}</tr></thead><tbody>\n${tr}\n</tbody></table>`;
}
