/**
 * Which parts of a log body a search matched, to mark them. The Agent matches every word of the
 * query (those inside quotes too) as a whole token (ClickHouse `hasToken`: runs of ASCII letters
 * and digits, or other non-ASCII characters) and each "quoted phrase" as a case-insensitive
 * substring; so does this.
 */

export interface SearchTerms {
  /** Lower-case tokens. */
  tokens: string[];
  /** Lower-case phrases, as typed between quotes. */
  phrases: string[];
}

export interface Segment {
  text: string;
  match: boolean;
}

const TOKEN = /[A-Za-z0-9\u0080-\uFFFF]+/g;

export function parseQuery(q: string): SearchTerms {
  const phrases: string[] = [];
  const rest = q.replace(/"([^"]*)"/g, (_, phrase: string) => {
    if (phrase.trim()) phrases.push(phrase.trim().toLowerCase());
    return ` ${phrase} `;
  });
  const tokens = [...new Set((rest.match(TOKEN) ?? []).map((token) => token.toLowerCase()))];
  // Text without a single word ("%") is looked for as it is, as the Agent does.
  const bare = q.trim().replace(/^"+|"+$/g, "");
  if (tokens.length === 0 && phrases.length === 0 && bare) phrases.push(bare.toLowerCase());
  return { tokens, phrases };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** `text` cut into matched and unmatched pieces, in order; overlapping matches are merged. */
export function highlight(text: string, terms: SearchTerms): Segment[] {
  const spans: [number, number][] = [];
  const boundary = "A-Za-z0-9\\u0080-\\uFFFF";
  for (const token of terms.tokens) {
    const pattern = new RegExp(`(?<![${boundary}])${escape(token)}(?![${boundary}])`, "gi");
    for (const match of text.matchAll(pattern)) spans.push([match.index, match.index + match[0].length]);
  }
  const lower = text.toLowerCase();
  for (const phrase of terms.phrases) {
    for (let at = lower.indexOf(phrase); at >= 0; at = lower.indexOf(phrase, at + phrase.length)) spans.push([at, at + phrase.length]);
  }
  if (spans.length === 0) return [{ text, match: false }];
  spans.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [start, end] of spans) {
    const last = merged.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  const segments: Segment[] = [];
  let at = 0;
  for (const [start, end] of merged) {
    if (start > at) segments.push({ text: text.slice(at, start), match: false });
    segments.push({ text: text.slice(start, end), match: true });
    at = end;
  }
  if (at < text.length) segments.push({ text: text.slice(at), match: false });
  return segments;
}
