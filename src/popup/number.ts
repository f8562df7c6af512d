/** A count as the reader's language writes it ("3,000"): every count the popup and options page show. */
export function formatCount(value: number): string {
  return value.toLocaleString();
}
