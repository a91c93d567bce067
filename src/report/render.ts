import type { Block } from './document.js';
import { inlineSvg, renderSvg } from './charts/index.js';

export const REPORT_FORMATS = ['markdown', 'html', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

const markdownCell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
/** A fence longer than any backtick run inside, so quoted answers (often Markdown themselves) stay verbatim. */
const fence = (text: string) => '`'.repeat(Math.max(3, ...(text.match(/`+/g) ?? []).map((run) => run.length + 1)));

function markdownExcerpt(label: string, text: string): string {
  const f = fence(text);
  return `**${label}**\n\n${f}text\n${text}\n${f}`;
}

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
      case 'excerpt':
        out.push(markdownExcerpt(block.label, block.text));
        break;
      case 'side-by-side':
        out.push(block.columns.map((column) => markdownExcerpt(column.label, column.text)).join('\n\n'));
        break;
      case 'definitions':
        out.push(block.items.map((item) => `- **${item.term}**: ${item.meaning}`).join('\n'));
        break;
      case 'chart':
        out.push(`*Chart (drawn in the HTML report): ${block.description}*`);
        break;
    }
  }
  return out.join('\n\n') + '\n';
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:#f3f3f3;white-space:nowrap}pre{background:#f7f7f7;border:1px solid #e3e3e3;padding:.5rem;white-space:pre-wrap;word-break:break-word}
.label{font-weight:600;margin:.75rem 0 .25rem}
.summary{background:#f4f7fb;border-left:4px solid #1f77b4;padding:.75rem 1rem}
.columns{display:grid;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr));gap:.75rem;align-items:start}.columns pre{margin:0}
figure.chart{margin:1rem 0}figure.chart svg{max-width:100%;height:auto}figcaption{color:#555;font-size:.9em}
dt{font-weight:600;margin-top:.5rem}dd{margin-left:1.5rem}`;

/**
 * A self-contained page: no scripts, no external resources, every piece of text escaped. Charts are
 * drawn to inline SVG here (Vega), which is why rendering is asynchronous.
 */
export async function renderHtml(blocks: readonly Block[]): Promise<string> {
  const title = blocks.find((b) => b.type === 'heading')?.text ?? 'llm-fingerprint report';
  const firstParagraph = blocks.find((b) => b.type === 'paragraph');
  const body = await Promise.all(
    blocks.map(async (block) => {
      switch (block.type) {
        case 'heading':
          return `<h${block.level}>${escapeHtml(block.text)}</h${block.level}>`;
        case 'paragraph':
          return `<p${block === firstParagraph ? ' class="summary"' : ''}>${escapeHtml(block.text)}</p>`;
        case 'list':
          return `<ul>${block.items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`;
        case 'table':
          return (
            `<table><thead><tr>${block.head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>` +
            block.rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`).join('') +
            '</tbody></table>'
          );
        case 'excerpt':
          return htmlExcerpt(block.label, block.text);
        case 'side-by-side':
          return `<div class="columns">${block.columns.map((c) => `<div>${htmlExcerpt(c.label, c.text)}</div>`).join('')}</div>`;
        case 'definitions':
          return `<dl>${block.items.map((item) => `<dt>${escapeHtml(item.term)}</dt><dd>${escapeHtml(item.meaning)}</dd>`).join('')}</dl>`;
        case 'chart':
          return `<figure class="chart">${inlineSvg(await renderSvg(block.spec), block.description)}<figcaption>${escapeHtml(block.description)}</figcaption></figure>`;
      }
    }),
  );
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>\n<body>\n${body.join('\n')}\n</body></html>\n`;
}

const htmlExcerpt = (label: string, text: string) => `<div class="label">${escapeHtml(label)}</div><pre>${escapeHtml(text)}</pre>`;

/** A report in one of the formats: its data as JSON, or its document as Markdown or HTML. */
export async function renderReport(format: ReportFormat, data: unknown, document: () => Block[]): Promise<string> {
  if (format === 'json') return JSON.stringify(data, null, 2) + '\n';
  return format === 'html' ? renderHtml(document()) : renderMarkdown(document());
}
