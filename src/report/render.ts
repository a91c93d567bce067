import type { Block } from './document.js';

export const REPORT_FORMATS = ['markdown', 'html', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

const markdownCell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
/** A fence longer than any backtick run inside, so quoted answers (often Markdown themselves) stay verbatim. */
const fence = (text: string) => '`'.repeat(Math.max(3, ...(text.match(/`+/g) ?? []).map((run) => run.length + 1)));

export function renderMarkdown(blocks: readonly Block[]): string {
  const out: string[] = [];
  for (const block of blocks) {
    switch (block.type) {
      case 'heading':
        out.push(`${'#'.repeat(block.level)} ${block.text}`);
        break;
      case 'paragraph':
        out.push(block.text);
        break;
      case 'list':
        out.push(block.items.map((item) => `- ${item}`).join('\n'));
        break;
      case 'table':
        out.push(
          [
            `| ${block.head.map(markdownCell).join(' | ')} |`,
            `|${block.head.map(() => '---').join('|')}|`,
            ...block.rows.map((row) => `| ${row.map(markdownCell).join(' | ')} |`),
          ].join('\n'),
        );
        break;
      case 'excerpt': {
        const f = fence(block.text);
        out.push(`**${block.label}**\n\n${f}text\n${block.text}\n${f}`);
        break;
      }
    }
  }
  return out.join('\n\n') + '\n';
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}pre{background:#f7f7f7;border:1px solid #e3e3e3;padding:.5rem;white-space:pre-wrap;word-break:break-word}
.label{font-weight:600;margin:.75rem 0 .25rem}`;

/** A self-contained page: no scripts, no external resources, every piece of text escaped. */
export function renderHtml(blocks: readonly Block[]): string {
  const title = blocks.find((b) => b.type === 'heading')?.text ?? 'llm-fingerprint report';
  const body = blocks.map((block) => {
    switch (block.type) {
      case 'heading':
        return `<h${block.level}>${escapeHtml(block.text)}</h${block.level}>`;
      case 'paragraph':
        return `<p>${escapeHtml(block.text)}</p>`;
      case 'list':
        return `<ul>${block.items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`;
      case 'table':
        return (
          `<table><thead><tr>${block.head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>` +
          block.rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`).join('') +
          '</tbody></table>'
        );
      case 'excerpt':
        return `<div class="label">${escapeHtml(block.label)}</div><pre>${escapeHtml(block.text)}</pre>`;
    }
  });
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>\n<body>\n${body.join('\n')}\n</body></html>\n`;
}
