// zod refinements from the toolkit's own parsers: a value is valid when the parser accepts it.
export const parsesWith =
  (parse: (s: string) => unknown) =>
  (s: string): boolean => {
    try {
      parse(s);
      return true;
    } catch {
      return false;
    }
  };
