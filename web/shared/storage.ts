// First-party storage: the visitor id lives in localStorage (a returning visitor is recognised), the visit and its
// chat in sessionStorage (kept across the tab's navigations, gone with the tab). Storage may be blocked: then
// everything still works for the page, only without memory.
function safe(storage: () => Storage) {
  return {
    read<T>(key: string): T | null {
      try {
        const raw = storage().getItem(key);
        return raw ? (JSON.parse(raw) as T) : null;
      } catch {
        return null;
      }
    },
    write(key: string, value: unknown): void {
      try {
        if (value === null) storage().removeItem(key);
        else storage().setItem(key, JSON.stringify(value));
      } catch {
        // Private mode or a full quota: the widget keeps working without memory.
      }
    },
  };
}

export const local = safe(() => window.localStorage);
export const session = safe(() => window.sessionStorage);
