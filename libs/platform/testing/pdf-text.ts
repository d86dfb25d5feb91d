import { inflateSync } from 'node:zlib';

/** The few Windows-1252 characters outside Latin-1 that French texts use. */
const CP1252: Record<number, string> = { 0x80: '€', 0x85: '…', 0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x96: '–', 0x97: '—', 0x9c: 'œ', 0x8c: 'Œ' };

/**
 * The text lines of a PDF written by pdfkit with its standard fonts: each content stream inflated,
 * each text object (one per line) read from its hex strings in WinAnsi. Enough to check what an
 * attestation states; not a general PDF reader.
 */
export function pdfTextLines(pdf: Buffer): string[] {
  const raw = pdf.toString('latin1');
  const lines: string[] = [];
  const streams = /stream\r?\n/g;
  for (let m = streams.exec(raw); m; m = streams.exec(raw)) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    let content: string;
    try {
      content = inflateSync(pdf.subarray(start, end)).toString('latin1');
    } catch {
      continue; // not a compressed content stream (fonts, images)
    }
    for (const block of content.match(/BT[\s\S]*?ET/g) ?? []) {
      const text = [...block.matchAll(/<([0-9a-fA-F]*)>/g)]
        .map(([, hex]) => [...Buffer.from(hex, 'hex')].map((b) => CP1252[b] ?? String.fromCharCode(b)).join(''))
        .join('');
      if (text) lines.push(text);
    }
  }
  return lines;
}

/** The whole text, lines joined by spaces (a sentence wrapped over lines reads as one). */
export const pdfText = (pdf: Buffer) => pdfTextLines(pdf).join(' ').replace(/\s+/g, ' ');
