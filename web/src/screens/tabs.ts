// The wallet's tabs: ARIA tabs with arrow-key movement between them (WAI-ARIA
// Authoring Practices), so the panels are reachable from the keyboard.

/** Wires every [role=tab] in `tablist` until `signal` aborts; `onSelect(panelId)` runs each time a panel is shown. */
export function setupTabs(tablist: HTMLElement, onSelect: (panelId: string) => void, signal: AbortSignal): { select: (index: number) => void } {
  const tabs = [...tablist.querySelectorAll<HTMLElement>('[role="tab"]')];
  const select = (chosen: HTMLElement, { focus = false } = {}) => {
    for (const tab of tabs) {
      const selected = tab === chosen;
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
      document.getElementById(tab.getAttribute('aria-controls')!)!.hidden = !selected;
    }
    if (focus) chosen.focus();
    onSelect(chosen.getAttribute('aria-controls')!);
  };
  for (const tab of tabs) tab.addEventListener('click', () => select(tab), { signal });
  tablist.addEventListener('keydown', (event) => {
    const step = ({ ArrowRight: 1, ArrowLeft: -1, Home: -Infinity, End: Infinity } as Record<string, number>)[event.key];
    if (step === undefined) return;
    event.preventDefault();
    const at = tabs.indexOf(document.activeElement as HTMLElement);
    const next = Math.abs(step) === Infinity ? (step < 0 ? 0 : tabs.length - 1) : (at + step + tabs.length) % tabs.length;
    select(tabs[next], { focus: true });
  }, { signal });
  return { select: (index) => select(tabs[index]) };
}
