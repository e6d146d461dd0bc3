/**
 * JSON whose amounts are exact decimal numbers: values given as `{ decimal: "-1234.56" }` are
 * written as the number -1234.56 without ever being a JavaScript float.
 */
export interface JsonDecimal {
  decimal: string;
}

export function toJson(value: unknown): string {
  const decimals: string[] = [];
  const text = JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (typeof v === 'bigint') {
        // Whole numbers (tkr, öre) are exact JSON numbers, never passed through a float.
        decimals.push(v.toString());
        return `\u0000${decimals.length - 1}\u0000`;
      }
      if (
        v !== null &&
        typeof v === 'object' &&
        'decimal' in v &&
        typeof (v as JsonDecimal).decimal === 'string'
      ) {
        decimals.push((v as JsonDecimal).decimal);
        return `\u0000${decimals.length - 1}\u0000`;
      }
      return v;
    },
    2,
  );
  return text.replace(/"\\u0000(\d+)\\u0000"/g, (_m, i: string) => decimals[Number(i)] ?? 'null');
}
