// What a LaTeX build's logs say is wrong with the document (pure): citations and cross-references
// that did not resolve, bibliography keys bibtex did not find, and boxes that run past the margin.
// The logs must be written one message per line (max_print_line large, as build.ts runs latexmk):
// TeX wraps them at 79 characters otherwise.

export interface OverfullBox {
  /** 'hbox': too wide (past the right margin); 'vbox': too high (past the bottom) */
  box: 'hbox' | 'vbox';
  /** by how much, in TeX points */
  pt: number;
  /** where: "paragraph at lines 10--12", "alignment at lines 5--9" */
  at: string;
  /** the .tex file TeX opened last before it (main.tex or a generated one), when the log names one */
  file?: string;
}

export interface LatexProblems {
  /** citation keys the document cites that no \bibitem defines */
  undefinedCitations: string[];
  /** labels \ref'd and never defined */
  undefinedReferences: string[];
  /** keys bibtex did not find in the .bib files (main.blg) */
  missingEntries: string[];
  overfull: OverfullBox[];
}

const unique = (xs: Iterable<string>): string[] => [...new Set(xs)];

/** The last .tex file the log shows TeX opening (`(./generated/table-http.tex`), without its ./. */
const lastOpened = (log: string): string | undefined => [...log.matchAll(/\(\.\/([^\s()]+\.tex)/g)].at(-1)?.[1];

/** The problems in main.log (and main.blg, bibtex's log, when the document has a bibliography). */
export function latexProblems(log: string, blg = ''): LatexProblems {
  const matches = (re: RegExp, text: string) => [...text.matchAll(re)].map((m) => m[1]!);
  return {
    undefinedCitations: unique(matches(/Citation `([^']+)' (?:on page \d+ )?undefined/g, log)),
    undefinedReferences: unique(matches(/Reference `([^']+)' on page \d+ undefined/g, log)),
    missingEntries: unique(matches(/I didn't find a database entry for "([^"]+)"/g, blg)),
    overfull: [...log.matchAll(/^Overfull \\(hbox|vbox) \(([\d.]+)pt too (?:wide|high)\) (?:in |detected at )?(.*)$/gm)].map((m) => {
      const file = lastOpened(log.slice(0, m.index));
      return { box: m[1] === 'vbox' ? 'vbox' : 'hbox', pt: Number(m[2]), at: m[3]!.trim(), ...(file ? { file } : {}) };
    }),
  };
}

/** The problems that make a document wrong rather than ugly: anything that did not resolve. */
export function unresolved(p: LatexProblems): string[] {
  return [
    ...p.undefinedCitations.map((k) => `citation ${k} is undefined`),
    ...p.missingEntries.filter((k) => !p.undefinedCitations.includes(k)).map((k) => `bibliography entry ${k} is missing`),
    ...p.undefinedReferences.map((k) => `reference ${k} is undefined`),
  ];
}

/** Boxes past the margin by more than `tolerancePt` (1 pt: what the eye does not see in print). */
export const overfullBeyond = (p: LatexProblems, tolerancePt = 1): OverfullBox[] => p.overfull.filter((o) => o.pt > tolerancePt);

export interface FloatPlace {
  /** the float's \\label (fig:… or tab:…) */
  label: string;
  /** its number as printed ("2" for Figure 2) */
  number: string;
  /** the page of its first \\ref (main.tex writes \\nbfirstref{label}{page} to main.aux) */
  mentioned: number;
  /** the page it landed on */
  placed: number;
}

/**
 * Floats (fig:/tab: labels) that landed neither on the page of their first mention nor on the next,
 * from main.aux. A label never referenced is not checked.
 */
export function misplacedFloats(aux: string): FloatPlace[] {
  const first = new Map([...aux.matchAll(/^\\nbfirstref\{([^}]+)\}\{(\d+)\}/gm)].map((m) => [m[1]!, Number(m[2])]));
  return [...aux.matchAll(/^\\newlabel\{((?:fig|tab):[^}]+)\}\{\{([^}]*)\}\{(\d+)\}/gm)].flatMap((m) => {
    const mentioned = first.get(m[1]!);
    const placed = Number(m[3]);
    return mentioned !== undefined && (placed < mentioned || placed > mentioned + 1) ? [{ label: m[1]!, number: m[2]!, mentioned, placed }] : [];
  });
}

/** Each figure file's width in print, from main.aux (main.tex writes \\nbgraphicwidth{file}{width} for each \\nbgraphic). */
export function graphicWidths(aux: string): Map<string, number> {
  return new Map([...aux.matchAll(/^\\nbgraphicwidth\{([^}]+)\}\{([\d.]+)pt\}/gm)].map((m) => [m[1]!, Number(m[2])]));
}

/**
 * The figures' typeface, DejaVu Sans: a word's box in pdftotext's -bbox output is its ascent plus
 * descent, 1.164 times the font size (0.928 + 0.236 of the em).
 */
export const DEJAVU_BOX_PER_SIZE = 1.164;

/**
 * The smallest text in a figure at print size, in pt: the lowest word box of pdftotext -bbox (the
 * figure's own page) over DEJAVU_BOX_PER_SIZE, scaled by the width it is printed at over its page's
 * width. Undefined for a figure without text.
 */
export function smallestPrintedText(bboxHtml: string, printedWidthPt: number): number | undefined {
  const page = /<page width="([\d.]+)"/.exec(bboxHtml);
  // A word's box is its line's height (1.164 em) one way and its length the other: across y for a word
  // lying flat, across x for one set upright (an axis title, a "failed" label). Numbers (ticks) lie
  // flat; a word of four characters or more is longer than its line is high, so the shorter side is
  // the line; a shorter word ("/", "µs") could be either and is not measured.
  const heights = [...bboxHtml.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].flatMap((m) => {
    const wide = Number(m[3]) - Number(m[1]);
    const high = Number(m[4]) - Number(m[2]);
    const word = m[5]!;
    if (/^[-−+]?[\d.,]+$/.test(word)) return [high];
    return [...word].length >= 4 ? [Math.min(high, wide)] : [];
  });
  if (!page || !heights.length) return undefined;
  return (Math.min(...heights) / DEJAVU_BOX_PER_SIZE) * (printedWidthPt / Number(page[1]));
}
