// Attributes of plotly.js 2+/3 that the figures use and @types/plotly.js does not declare yet
// (https://plotly.com/javascript/reference/bar/#bar-offsetgroup, .../box/#box-selected,
// .../layout/#layout-scattermode).
// A module that declares types only: parts.ts imports it, so that every compiler that reads the
// builders (tsc, and tslab in the notebooks) sees these attributes.
export {};

declare module 'plotly.js' {
  interface PlotData {
    /** Traces with the same offsetgroup share a slot of a grouped category (bars and their points). */
    offsetgroup: string;
    /** How selected points look (box and scatter: marker colour, size, opacity; @types has no size). */
    selected: { marker: { color?: string; size?: number; opacity?: number } };
    unselected: { marker: { color?: string; size?: number; opacity?: number } };
  }
  interface Layout {
    /** How scatter traces of one category sit side by side ('group') or on top of each other. */
    scattermode: 'group' | 'overlay';
  }
}
