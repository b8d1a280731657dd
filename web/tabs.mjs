// The Lightning / On-chain tabs: ARIA tabs with arrow-key movement between them (WAI-ARIA
// Authoring Practices), so the panels are reachable from the keyboard.

/** Wires every [role=tab] in `tablist`; `onSelect(panelId)` runs each time a panel is shown. */
export function setupTabs(tablist, onSelect) {
  const tabs = [...tablist.querySelectorAll('[role="tab"]')];
  const select = (chosen, { focus = false } = {}) => {
    for (const tab of tabs) {
      const selected = tab === chosen;
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
      document.getElementById(tab.getAttribute('aria-controls')).hidden = !selected;
    }
    if (focus) chosen.focus();
    onSelect(chosen.getAttribute('aria-controls'));
  };
  for (const tab of tabs) tab.addEventListener('click', () => select(tab));
  tablist.addEventListener('keydown', (event) => {
    const step = { ArrowRight: 1, ArrowLeft: -1, Home: -Infinity, End: Infinity }[event.key];
    if (step === undefined) return;
    event.preventDefault();
    const at = tabs.indexOf(document.activeElement);
    const next = Math.abs(step) === Infinity ? (step < 0 ? 0 : tabs.length - 1) : (at + step + tabs.length) % tabs.length;
    select(tabs[next], { focus: true });
  });
  return { select: (index) => select(tabs[index]) };
}
