// JSON.parse errors quote the text around the error ("Unexpected token 'K', "{"p": KHCA"... is not valid
// JSON"): when the text is an API answer or an admission body, that quote can be part of a credential.

/** What went wrong and where, without quoting the text. */
export function jsonErrorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/,\s*(?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s, ' (not valid JSON)').slice(0, 200);
}
