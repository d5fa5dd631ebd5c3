/**
 * The HTML both DEBUG pages share: escaping, the page around the content, and the tables.
 * Self-contained (inline CSS, no scripts, no external assets) so the page works when the
 * static files, the templates or the network are what broke.
 */
import type { Row, Section } from './request-info.js';

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

const STYLE = `
  * { box-sizing: border-box; }
  body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d1d1f; background: #f4f4f2; }
  header, main > section, footer { padding: 14px 28px; border-bottom: 1px solid #ddd; }
  header { background: #fff4d6; }
  header.not-found { background: #e9f1fb; }
  h1 { margin: 0 0 6px; font-size: 26px; font-weight: 600; }
  h1 small { font-size: 15px; font-weight: 400; color: #666; }
  h2 { margin: 6px 0 10px; font-size: 19px; font-weight: 600; }
  h3 { margin: 16px 0 6px; font-size: 15px; font-weight: 600; color: #444; }
  code, pre, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 13px; }
  pre { margin: 0; white-space: pre-wrap; word-break: break-word; }
  .value { font-size: 17px; color: #5c1a1a; margin: 0 0 12px; }
  table { border-collapse: collapse; width: 100%; background: #fff; }
  th, td { text-align: left; vertical-align: top; padding: 4px 10px; border-bottom: 1px solid #eee; }
  th { font-weight: 500; color: #555; }
  tbody th { width: 22em; word-break: break-all; }
  table.summary { background: transparent; }
  table.summary th { width: 12em; text-align: right; }
  table.summary td, table.summary th { border: 0; padding: 2px 10px; }
  td.mono { word-break: break-word; }
  .note { color: #777; font-style: italic; margin: 4px 0; }
  ol.frames { list-style: none; margin: 0; padding: 0; }
  .frame { background: #fff; border: 1px solid #ddd; border-radius: 4px; margin: 0 0 8px; padding: 6px 10px; }
  .frame .where { color: #333; }
  .frame .fn { font-weight: 600; }
  .frame.library, .frame.internal { background: transparent; border-color: #e6e6e6; color: #888; padding: 2px 10px; margin-bottom: 3px; }
  .frame.library .fn, .frame.internal .fn { font-weight: 400; }
  .frame.library .where, .frame.internal .where { color: #999; font-size: 12px; }
  .tag { font: 11px system-ui, sans-serif; color: #888; border: 1px solid #ddd; border-radius: 3px; padding: 0 4px; margin-left: 6px; }
  ol.context { margin: 6px 0 2px; padding: 4px 0; background: #fafafa; border-top: 1px solid #eee; list-style: none; }
  ol.context li { white-space: pre-wrap; word-break: break-all; padding: 0 8px 0 calc(5em + 8px); text-indent: -5em; color: #555; }
  ol.context li .n { display: inline-block; width: 4em; color: #aaa; text-align: right; margin-right: 1em; user-select: none; }
  ol.context li.current { background: #ffe4e1; color: #1d1d1f; }
  .cause { margin-top: 18px; padding-top: 8px; border-top: 2px dashed #d8c4a0; }
  ol.tried { margin: 8px 0; padding-left: 2.5em; }
  ol.tried li { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 14px; margin: 2px 0; }
  ol.tried li code + code { margin-left: 0.6em; }
  details summary { cursor: pointer; color: #555; margin: 8px 0; }
  footer { background: #ececea; color: #555; border-bottom: 0; }
`;

/** A whole page: `header` is the summary band, `sections` the rest. */
export function page(title: string, header: string, sections: readonly string[], footer: string): string {
  return (
    '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n' +
    '<meta name="robots" content="noindex,nofollow">\n' +
    `<title>${escapeHtml(title)}</title>\n<style>${STYLE}</style>\n</head>\n<body>\n` +
    `${header}\n<main>\n${sections.join('\n')}\n</main>\n<footer><p>${footer}</p></footer>\n</body>\n</html>\n`
  );
}

/** The summary table at the top of a page; values are plain text. */
export function summaryTable(rows: readonly Row[]): string {
  const body = rows.map((r) => `<tr><th>${escapeHtml(r.name)}:</th><td>${escapeHtml(r.value)}</td></tr>`).join('\n');
  return `<table class="summary">\n${body}\n</table>`;
}

/** A section of the request or the settings: a heading (unless left out) and a name/value table, or a note. */
export function sectionTable(section: Section, withTitle = true): string {
  const title = withTitle ? `<h3 id="${escapeHtml(section.title.toLowerCase())}">${escapeHtml(section.title)}</h3>` : '';
  if (section.rows === null) return `${title}\n<p class="note">${escapeHtml(section.note)}</p>`;
  const body = section.rows
    .map((r) => `<tr><th class="mono">${escapeHtml(r.name)}</th><td class="mono"><pre>${escapeHtml(r.value)}</pre></td></tr>`)
    .join('\n');
  return `${title}\n<table>\n<thead><tr><th>Name</th><th>Value</th></tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}
