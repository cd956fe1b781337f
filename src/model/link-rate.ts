// A link's rate as tc writes it and the lab config takes it (`1gbit`), and its bits per second.
/** A rate as tc writes it and the lab config takes it: e.g. `1gbit`, `500mbit`, `100kbit`. */
export const LINK_RATE = /^([1-9]\d{0,5})(kbit|mbit|gbit)$/;

const UNIT_BITS = new Map([
  ['kbit', 1e3],
  ['mbit', 1e6],
  ['gbit', 1e9],
]);

/** Bits per second of a rate such as `1gbit`; undefined when it is not one. Pure. */
export function rateBits(rate: string): number | undefined {
  const m = LINK_RATE.exec(rate);
  const unit = m ? UNIT_BITS.get(m[2] ?? '') : undefined;
  return m && unit ? Number(m[1]) * unit : undefined;
}
