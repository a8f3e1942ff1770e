/**
 * A secret as it may appear in a message or log: a short prefix and the length, never the whole value
 * (design.md: "Secrets found in code are never echoed in full").
 */
export function maskSecret(secret: string): string {
  const shown = secret.length >= 16 ? 4 : secret.length >= 8 ? 2 : secret.length >= 4 ? 1 : 0;
  return `"${secret.slice(0, shown)}…" (${secret.length} characters)`;
}
