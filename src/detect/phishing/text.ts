/**
 * Visible text of HTML (scripts and styles dropped, entities for the common cases decoded).
 *
 * @example
 * htmlText('<p>Click&nbsp;<a href="x">here</a></p>').trim() // 'Click here'
 */
export function htmlText(html: string): string {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/gi, ' ')
    .replace(/&amp;/gi, '&')
    .replace(/&lt;/gi, '<')
    .replace(/&gt;/gi, '>')
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCharCode(Number(d)))
    .replace(/\s+/g, ' ');
}

/**
 * The text a reader sees: the text part, else the HTML part's text.
 *
 * @example
 * readableBody({ text: '', html: '<b>hi</b>' }) // ' hi '
 */
export function readableBody(v: { text: string; html: string }): string {
  return v.text.trim().length > 0 ? v.text : v.html ? htmlText(v.html) : '';
}
