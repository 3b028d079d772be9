/**
 * How the window looks, not what the network is: the theme (following the
 * system unless the person chose one, remembered in host storage) and the
 * presentation mode for a projector. Neither is part of the document or undo.
 */
import type { Host } from '../host/host';

export type ThemeChoice = 'system' | 'light' | 'dark';
const THEME_KEY = 'densely.theme';

export class ViewState {
  theme = $state<ThemeChoice>('system');
  /** What the system asks for, kept current by a media query listener. */
  systemDark = $state(false);
  presenting = $state(false);

  readonly effectiveTheme = $derived<'light' | 'dark'>(this.theme === 'system' ? (this.systemDark ? 'dark' : 'light') : this.theme);

  constructor(private readonly storage: Host['storage']) {
    const saved = storage.get(THEME_KEY);
    if (saved === 'light' || saved === 'dark' || saved === 'system') this.theme = saved;
  }

  /** Follows prefers-color-scheme; returns the unsubscribe function. */
  followSystem(win: Window = window): () => void {
    const query = win.matchMedia?.('(prefers-color-scheme: dark)');
    if (!query) return () => {};
    this.systemDark = query.matches;
    const onChange = (e: MediaQueryListEvent) => (this.systemDark = e.matches);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }

  setTheme(choice: ThemeChoice): void {
    this.theme = choice;
    this.storage.set(THEME_KEY, choice);
  }

  /** The header switch: light ↔ dark from whatever is shown now (a choice, so it is remembered). */
  toggleTheme(): void {
    this.setTheme(this.effectiveTheme === 'dark' ? 'light' : 'dark');
  }
}
