/**
 * Arrow keys, Home and End move focus between the focusable items of a list (`selector`), so a
 * long list is walked without tabbing through every row's buttons.
 */
export function listKeyHandler(selector: string) {
  return (event: KeyboardEvent): void => {
    const keys = ['ArrowDown', 'ArrowUp', 'Home', 'End'];
    if (!keys.includes(event.key)) return;
    const list = event.currentTarget as HTMLElement;
    const items = [...list.querySelectorAll<HTMLElement>(selector)];
    if (items.length === 0) return;
    const at = items.indexOf(document.activeElement as HTMLElement);
    const next =
      event.key === 'Home'
        ? 0
        : event.key === 'End'
          ? items.length - 1
          : event.key === 'ArrowDown'
            ? Math.min(items.length - 1, at + 1)
            : Math.max(0, at - 1);
    event.preventDefault();
    items[next]?.focus();
  };
}
