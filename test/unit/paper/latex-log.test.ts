// What the LaTeX logs say is wrong, on a real build's logs (test/fixtures/latex/problems/, made by
// TeX Live 2022 as netbench paper runs it).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { graphicWidths, latexProblems, misplacedFloats, overfullBeyond, smallestPrintedText, unresolved } from '../../../src/paper/latex-log.js';

const DIR = new URL('../../fixtures/latex/problems/', import.meta.url).pathname;
const log = readFileSync(`${DIR}main.log`, 'utf8');
const blg = readFileSync(`${DIR}main.blg`, 'utf8');

describe('the LaTeX logs read for problems', () => {
  const p = latexProblems(log, blg);

  it('finds the citation and the reference that did not resolve, and the key bibtex did not find', () => {
    expect(p.undefinedCitations).toEqual(['nosuchkey']);
    expect(p.undefinedReferences).toEqual(['fig:none']);
    expect(p.missingEntries).toEqual(['nosuchkey']);
    expect(unresolved(p)).toEqual(['citation nosuchkey is undefined', 'reference fig:none is undefined']);
  });

  it('finds the box past the margin, by how much and where; underfull boxes are not problems', () => {
    expect(p.overfull).toEqual([{ box: 'hbox', pt: 389.55688, at: 'paragraph at lines 4--1', file: 'main.tex' }]);
    expect(overfullBeyond(p)).toHaveLength(1);
    expect(overfullBeyond({ ...p, overfull: [{ box: 'hbox', pt: 0.6, at: 'paragraph at lines 1--2' }] })).toEqual([]);
  });

  it('finds nothing in a clean log', () => {
    const clean = latexProblems('This is pdfTeX\nUnderfull \\hbox (badness 10000) in paragraph at lines 1--2\nOutput written on main.pdf (1 page).\n');
    expect(clean).toEqual({ undefinedCitations: [], undefinedReferences: [], missingEntries: [], overfull: [] });
    expect(unresolved(clean)).toEqual([]);
  });

  it('reads a LaTeX citation warning (no natbib) and a vbox too high', () => {
    const other = latexProblems(
      "LaTeX Warning: Citation `welch1947' on page 2 undefined on input line 40.\nOverfull \\vbox (12.5pt too high) has occurred while \\output is active\n",
    );
    expect(other.undefinedCitations).toEqual(['welch1947']);
    expect(other.overfull).toEqual([{ box: 'vbox', pt: 12.5, at: 'has occurred while \\output is active' }]);
    // the file TeX opened last before the box: a generated table
    const inTable = latexProblems('(./main.tex (./generated/numbers.tex) (./generated/table-http.tex\nOverfull \\hbox (79.5201pt too wide) in paragraph at lines 4--14\n');
    expect(inTable.overfull).toEqual([{ box: 'hbox', pt: 79.5201, at: 'paragraph at lines 4--14', file: 'generated/table-http.tex' }]);
  });
});

describe('where the floats landed', () => {
  // main.aux of the manuscript built from the committed campaigns (main.tex writes each label's first \\ref page)
  const aux = readFileSync(new URL('../../fixtures/latex/main-floats.aux', import.meta.url).pathname, 'utf8');

  it('names each float more than a page after its first mention, with both pages', () => {
    const late = misplacedFloats(aux);
    expect(late.map((f) => f.label)).toContain('tab:bandwidth');
    expect(late.find((f) => f.label === 'tab:bandwidth')).toEqual({ label: 'tab:bandwidth', number: '1', mentioned: 2, placed: 4 });
    // Figure 2, mentioned on page 2 and placed on page 3, is where it should be
    expect(late.map((f) => f.label)).not.toContain('fig:idle');
    for (const f of late) expect(f.placed < f.mentioned || f.placed > f.mentioned + 1).toBe(true);
  });

  it('passes a float on the page of its mention or the next, and checks no label that is never referenced', () => {
    const ok = '\\nbfirstref{fig:a}{3}\n\\newlabel{fig:a}{{1}{4}}\n\\newlabel{tab:b}{{1}{9}}\n\\nbfirstref{tab:c}{5}\n\\newlabel{tab:c}{{2}{4}}\n';
    expect(misplacedFloats(ok)).toEqual([{ label: 'tab:c', number: '2', mentioned: 5, placed: 4 }]);
  });
});

describe('the size of a figure’s text in print', () => {
  // pdftotext -bbox of Figure 2(a) as rendered (DejaVu Sans, 10 px = 7.5 pt at its own 3.5 in width)
  const bbox = readFileSync(new URL('../../fixtures/latex/fig3a-bbox.html', import.meta.url).pathname, 'utf8');
  // main.aux of the manuscript built from the committed campaigns: each graphic's printed width
  const widths = graphicWidths(readFileSync(new URL('../../fixtures/latex/main-graphics.aux', import.meta.url).pathname, 'utf8'));

  it('reads each graphic’s printed width from main.aux', () => {
    expect(widths.get('generated/figures/fig3a-bandwidth-idle.pdf')).toBeCloseTo(244.35, 2); // a column
    expect(widths.get('generated/figures/http-bridge-bridge.pdf')).toBeCloseTo(498.66, 2); // the text width
    expect(widths.size).toBe(9);
  });

  it('finds 10 px text at a column’s width above 7 pt, and below it when the figure prints smaller', () => {
    // its own size: 252 pt wide, text 7.5 pt
    expect(smallestPrintedText(bbox, 252)).toBeCloseTo(7.5, 1);
    const column = smallestPrintedText(bbox, widths.get('generated/figures/fig3a-bandwidth-idle.pdf')!)!;
    expect(column).toBeGreaterThanOrEqual(7);
    expect(column).toBeCloseTo(7.5 * (244.35 / 252), 1);
    // two panels side by side in one column
    expect(smallestPrintedText(bbox, 122)).toBeLessThan(7);
  });

  it('reads an upright word across its box, a tick’s one digit down it, and skips short words that could be either', () => {
    const page = (words: string) => `<page width="100.0" height="100.0">${words}</page>`;
    // 10 pt text: line box 11.64 pt
    const flatDigit = '<word xMin="0" yMin="0" xMax="5.6" yMax="11.64">5</word>';
    const upright = '<word xMin="0" yMin="0" xMax="11.64" yMax="60">bandwidth</word>';
    const slash = '<word xMin="0" yMin="0" xMax="11.64" yMax="3">/</word>';
    expect(smallestPrintedText(page(flatDigit + upright + slash), 100)).toBeCloseTo(10, 5);
    expect(smallestPrintedText(page(slash), 100)).toBeUndefined();
  });
});
