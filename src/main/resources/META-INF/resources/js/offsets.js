// Offsets in Crosscheck count Unicode code points on the stored text; the browser's strings, DOM ranges and
// selections count UTF-16 code units. Every conversion between the two goes through this one class.

export class Offsets {
  /** @param {string} text the stored article text, exactly as the API returned it */
  constructor(text) {
    this.text = text;
    const starts = [];
    for (let i = 0; i < text.length; i++) {
      starts.push(i);
      const c = text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
        const d = text.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) i++;
      }
    }
    starts.push(text.length);
    /** UTF-16 index where each code point starts; the last entry is text.length. */
    this.starts = Int32Array.from(starts);
  }

  /** Length of the text in code points. */
  get length() {
    return this.starts.length - 1;
  }

  /** The UTF-16 index of code point offset `cp` (0 ≤ cp ≤ length). */
  toUtf16(cp) {
    if (!Number.isInteger(cp) || cp < 0 || cp > this.length) throw new RangeError(`code point offset ${cp} is outside 0..${this.length}`);
    return this.starts[cp];
  }

  /**
   * The code point offset of UTF-16 index `u16`. An index inside a surrogate pair is moved to a code point boundary:
   * back for a span's start (`'start'`), forward for its end (`'end'`), so a span never cuts a character in half.
   */
  toCodePoint(u16, side = 'start') {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= u16) lo = mid; else hi = mid - 1;
    }
    return this.starts[lo] === u16 || side === 'start' ? lo : lo + 1;
  }

  /** The text between two code point offsets (what the API calls the quote). */
  slice(start, end) {
    return this.text.slice(this.toUtf16(start), this.toUtf16(end));
  }
}
