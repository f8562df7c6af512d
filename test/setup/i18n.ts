// Unit tests run without an extension API; this stands in for `i18n.getMessage` over the real
// _locales/en/messages.json, with Chrome's placeholder rules, so tests read the strings users read.
import messages from '../../_locales/en/messages.json';

type Entry = { message: string; placeholders?: Record<string, { content: string }> };

function getMessage(key: string, substitutions: string[] = []): string {
  const entry = (messages as Record<string, Entry>)[key];
  if (!entry) return '';
  return entry.message.replace(/\$(\w+)\$/g, (whole, name: string) => {
    const content = entry.placeholders?.[name.toLowerCase()]?.content ?? whole;
    return content.replace(/\$(\d)/g, (_match, index: string) => substitutions[Number(index) - 1] ?? '');
  });
}

(globalThis as { chrome?: unknown }).chrome ??= { i18n: { getMessage } };
