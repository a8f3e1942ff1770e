/**
 * A secret as it may appear in a message or log: a short prefix and the length, never the whole value
 * (design.md: "Secrets found in code are never echoed in full").
 */
export function maskSecret(secret: string): string {
  const characters = [...secret];
  const shown = characters.length >= 16 ? 4 : characters.length >= 8 ? 2 : characters.length >= 4 ? 1 : 0;
  return `"${characters.slice(0, shown).join('')}…" (${characters.length} characters)`;
}
