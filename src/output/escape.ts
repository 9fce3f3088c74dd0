// Escaping shared by the output formats, so a hostile resource name, description or file name cannot
// act on the reader: move the cursor, recolour or clear a terminal, forge a finding line, or become a
// link. Formatters escape the text they take from the input (names, messages, reasons, file paths).

/**
 * For terminals and line-oriented text: control characters (C0 including newline and tab, DEL, C1),
 * the Unicode line and paragraph separators and the bidirectional controls are shown as \uXXXX.
 */
export function inert(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** SARIF plain-text message: inert, and "[text](id)" not an embedded link (SARIF 2.1.0 §3.11.6: brackets and backslashes escaped). */
export function sarifText(text: string): string {
  return inert(text).replace(/[\\[\]]/g, '\\$&');
}

/** Markdown table cells and prose: no markup, link, HTML or line break from the input gets through. */
export function escapeMarkdown(text: string): string {
  return inert(text.replace(/\r?\n/g, ' ')).replace(/[\\`*_{}[\]#+!|<>~]/g, (c) => `\\${c}`);
}
